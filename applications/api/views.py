"""The case API: applicants' own cases and the station's cases, with the same services, filters
and object-level scoping as the pages (another station's case is a 404 here too)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.constants import Role
from common.api import StrictJSONParser
from common.replica import read_from_replica
from registers.audit import record_case_access
from registers.models import Address

from .. import services
from ..filters import CaseFilter
from ..models import Case, RequestedItem
from ..selectors import case_for_staff_recorded, cases_visible_to_staff, queue
from . import serializers as s
from .pagination import QueuePagination

CONFLICT = {409: OpenApiResponse(s.ErrorSerializer, description="the step cannot be taken on the case now")}


class IsApplicant(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user.is_authenticated and user.role == Role.APPLICANT and getattr(user, "email_verified", False))


class IsStationStaff(permissions.BasePermission):
    """Station staff in a browser session verified with their code (django-otp).

    A token cannot carry the second factor, so the staff API takes no token at all
    (accounts/authentication.py): a token-authenticated user has no ``is_verified``, a session's does."""

    message = _("仅限已输入动态口令登录的派出所工作人员使用。")

    def has_permission(self, request, view):
        user = request.user
        is_verified = getattr(user, "is_verified", None)
        return bool(
            user.is_authenticated and user.role in (Role.CLERK, Role.SUPERVISOR) and is_verified and is_verified()
        )


def _run(step, *, status_code=status.HTTP_200_OK, serializer=s.CaseDetailSerializer):
    try:
        result = step()
    except services.CaseError as error:
        return Response({"error": str(error)}, status=status.HTTP_409_CONFLICT)
    return Response(serializer(result).data if serializer else None, status=status_code)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class MyCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in applicant's own cases."""

    permission_classes = [IsApplicant]
    serializer_class = s.CaseDetailSerializer
    parser_classes = [StrictJSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Case.objects.none()
        return Case.objects.filter(applicant=self.request.user).select_related("station").order_by("-created_at")

    def get_serializer_class(self):
        return s.CaseListSerializer if self.action == "list" else s.CaseDetailSerializer

    @extend_schema(request=s.DraftCreateSerializer, responses={201: s.CaseDetailSerializer})
    def create(self, request):
        data = _valid(s.DraftCreateSerializer, request)
        return _run(
            lambda: services.case_draft_create(applicant=request.user, **data), status_code=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.DraftUpdateSerializer, responses={200: s.CaseDetailSerializer, **CONFLICT})
    def partial_update(self, request, pk=None):
        case = self.get_object()
        data = _valid(s.DraftUpdateSerializer, request)
        if "address" in data:
            address = Address.objects.filter(pk=data.pop("address"), region__city=case.city).first()
            if address is None:
                return Response({"errors": {"address": [_("该城市没有此地址。")]}}, status=status.HTTP_400_BAD_REQUEST)
            data["address"] = address
        return _run(lambda: services.case_draft_update(case=case, actor=request.user, **data))

    @extend_schema(
        request={"multipart/form-data": s.UploadSerializer}, responses={201: s.DocumentSerializer, **CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        case = self.get_object()
        data = _valid(s.UploadSerializer, request)
        item = RequestedItem.objects.filter(pk=data.get("item"), request__case=case).first() if "item" in data else None
        return _run(
            lambda: services.document_upload(
                case=case, actor=request.user, kind=data["kind"], upload=data["file"], requested_item=item
            ),
            status_code=status.HTTP_201_CREATED,
            serializer=s.DocumentSerializer,
        )

    @extend_schema(request=s.SubmitSerializer, responses={200: s.CaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        case = self.get_object()
        data = _valid(s.SubmitSerializer, request)
        return _run(lambda: services.case_submit(case=case, actor=request.user, **data))

    @extend_schema(request=s.RequestAnswerSerializer, responses={200: s.CaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        case = self.get_object()
        data = _valid(s.RequestAnswerSerializer, request)
        return _run(lambda: services.case_answer_request(case=case, actor=request.user, **data))

    @extend_schema(request=None, responses={200: s.CaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        case = self.get_object()
        return _run(lambda: services.case_withdraw(case=case, actor=request.user))


class StaffCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The station's cases (a supervisor's: the city's), with the queue's filters and order."""

    permission_classes = [IsStationStaff]
    filterset_class = CaseFilter
    pagination_class = QueuePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return queue(self.request.user) if self.action == "list" else cases_visible_to_staff(self.request.user)

    def get_serializer_class(self):
        return s.CaseListSerializer if self.action == "list" else s.StaffCaseDetailSerializer

    @read_from_replica()
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        try:
            return case_for_staff_recorded(self.request, int(self.kwargs["pk"]))
        except (Http404, ValueError):
            raise NotFound from None

    def retrieve(self, request, pk=None):
        case = self.get_object()
        record_case_access(request=request, case=case, detail="API")
        return Response(s.StaffCaseDetailSerializer(case).data)

    def _step(self, request, step, serializer_class=None):
        case = self.get_object()
        data = _valid(serializer_class, request) if serializer_class else {}
        return _run(lambda: step(case, data), serializer=s.StaffCaseDetailSerializer)

    @extend_schema(request=None, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        return self._step(request, lambda c, d: services.case_take(case=c, clerk=request.user))

    @extend_schema(request=s.CorrectSerializer, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        return self._step(
            request, lambda c, d: services.case_correct_fact(case=c, clerk=request.user, **d).case, s.CorrectSerializer
        )

    @extend_schema(request=s.RequestDocumentsSerializer, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"], url_path="request-documents")
    def request_documents(self, request, pk=None):
        return self._step(
            request,
            lambda c, d: services.case_request_documents(case=c, clerk=request.user, **d).case,
            s.RequestDocumentsSerializer,
        )

    @extend_schema(request=s.DocumentCheckSerializer, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"], url_path=r"documents/(?P<document_pk>\d+)/check")
    def check_document(self, request, pk=None, document_pk=None):
        """Record the comparison of one document with its original (核验通过 / 与原件不符 with the reason)."""

        def step(case, data):
            document = case.documents.filter(pk=document_pk).first()
            if document is None:
                raise NotFound
            services.document_check(
                document=document, clerk=request.user, passed=data["result"] == "passed", reason=data["reason"]
            )
            return case

        return self._step(request, step, s.DocumentCheckSerializer)

    @extend_schema(request=None, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, lambda c, d: services.case_approve(case=c, clerk=request.user))

    @extend_schema(request=s.RefuseSerializer, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(
            request, lambda c, d: services.case_refuse(case=c, clerk=request.user, **d), s.RefuseSerializer
        )

    @extend_schema(request=s.ExtendSerializer, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._step(
            request, lambda c, d: services.case_extend(case=c, supervisor=request.user, **d), s.ExtendSerializer
        )

    @extend_schema(request=s.MoveInSerializer, responses={200: s.StaffCaseDetailSerializer, **CONFLICT})
    @action(detail=True, methods=["post"], url_path="move-in")
    def move_in(self, request, pk=None):
        return self._step(
            request, lambda c, d: services.case_complete_move_in(case=c, clerk=request.user, **d), s.MoveInSerializer
        )
