"""The residence API: an applicant's own registrations and permits; the station's (a supervisor's:
the city's) permits and registrations, filterable by station. Scoped like the pages, with the same
services; opening a permit with its full identity number is recorded."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from applications.api.serializers import ErrorSerializer
from applications.api.views import IsApplicant, IsStationStaff
from registers.audit import record_access
from registers.models import Address, DataAccess, PoliceStation

from .. import services
from ..models import ResidencePermit, ResidenceRegistration
from ..selectors import (
    permit_for_staff_recorded,
    permits_of_holder,
    permits_visible_to_staff,
    registrations_of_applicant,
    registrations_visible_to_staff,
    with_endorsements,
)
from . import serializers as s


class StationFilter(django_filters.FilterSet):
    station = django_filters.ModelChoiceFilter(queryset=PoliceStation.objects.all(), help_text="police station id")


class PermitFilter(StationFilter):
    class Meta:
        model = ResidencePermit
        fields = ["station"]


class RegistrationFilter(StationFilter):
    class Meta:
        model = ResidenceRegistration
        fields = ["station"]


class MyRegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The signed-in applicant's residence registrations (居住登记)."""

    permission_classes = [IsApplicant]
    serializer_class = s.RegistrationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ResidenceRegistration.objects.none()
        return registrations_of_applicant(self.request.user)

    @extend_schema(
        request=s.RegistrationCreateSerializer,
        responses={201: s.RegistrationSerializer, 409: OpenApiResponse(ErrorSerializer)},
    )
    def create(self, request):
        data = s.RegistrationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["reason"] = fields.pop("residence_reason")
        address = Address.objects.select_related("region", "station").filter(pk=fields.pop("address")).first()
        if address is None:
            return Response({"errors": {"address": [_("没有此地址。")]}}, status=status.HTTP_400_BAD_REQUEST)
        try:
            registration = services.registration_create(actor=request.user, address=address, **fields)
        except services.PermitError as error:
            return Response({"error": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(s.RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


class MyPermitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in holder's residence permits (居住证), with state and continuous years today."""

    permission_classes = [IsApplicant]
    serializer_class = s.HolderPermitSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ResidencePermit.objects.none()
        return with_endorsements(permits_of_holder(self.request.user))


class StaffPermitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The station's permits (a supervisor's: the city's, by station if asked); identity numbers
    masked in the list, full when one permit is opened (recorded)."""

    permission_classes = [IsStationStaff]
    filterset_class = PermitFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ResidencePermit.objects.none()
        return with_endorsements(permits_visible_to_staff(self.request.user))

    def get_serializer_class(self):
        return s.PermitSerializer if self.action == "list" else s.StaffPermitSerializer

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (ResidencePermit.DoesNotExist, ValueError):
            permit_for_staff_recorded(self.request, self.kwargs["pk"])  # records a refused attempt, raises 404
            raise NotFound from None

    def retrieve(self, request, pk=None):
        permit = self.get_object()
        record_access(
            request=request,
            action=DataAccess.Action.VIEW,
            id_number=permit.id_number,
            person=permit.person,
            subject=f"居住证 {permit.number}",
            detail="API",
        )
        return Response(s.StaffPermitSerializer(permit).data)


class StaffRegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The station's residence registrations (masked), filterable by station."""

    permission_classes = [IsStationStaff]
    serializer_class = s.RegistrationSerializer
    filterset_class = RegistrationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ResidenceRegistration.objects.none()
        return registrations_visible_to_staff(self.request.user)
