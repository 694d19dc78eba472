from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.throttle import FailOpenScopedRateThrottle

from ..facts import FactsError, FactsSerializer, parse_facts
from ..services import NoRulesInForce, eligibility_evaluate


class ConditionSerializer(serializers.Serializer):
    clause = serializers.CharField()
    text = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    detail = serializers.CharField()
    key = serializers.CharField()
    missing = serializers.ListField(child=serializers.CharField(), required=False)


class RelativeAnswerSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    relation = serializers.CharField()
    eligible = serializers.BooleanField()
    clause = serializers.CharField()
    detail = serializers.CharField(required=False)
    missing = serializers.ListField(child=serializers.CharField(), required=False)


class ResultSerializer(serializers.Serializer):
    pathway = serializers.CharField()
    available = serializers.BooleanField()
    eligible = serializers.BooleanField()
    conditions = ConditionSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    relatives = RelativeAnswerSerializer(many=True, required=False)


class RuleSetRefSerializer(serializers.Serializer):
    document = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    id = serializers.IntegerField(allow_null=True)


class AnswerSerializer(serializers.Serializer):
    city = serializers.CharField()
    as_of = serializers.DateField()
    rule_set = RuleSetRefSerializer()
    results = ResultSerializer(many=True)
    eligible_pathways = serializers.ListField(child=serializers.CharField())


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField()


class NoRulesSerializer(serializers.Serializer):
    error = serializers.CharField()
    city = serializers.CharField()
    as_of = serializers.DateField()
    detail = serializers.CharField()


class EvaluateView(APIView):
    """The public eligibility check (shared/contracts/eligibility.md). Anonymous, rate-limited."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "eligibility"

    @extend_schema(
        request=FactsSerializer,
        responses={
            200: AnswerSerializer,
            400: OpenApiResponse(ErrorsSerializer, description="bad or missing fields, each named"),
            422: OpenApiResponse(NoRulesSerializer, description="no rule set in force for the city on as_of"),
        },
        summary="Evaluate facts against a city's rules",
    )
    def post(self, request):
        try:
            facts = parse_facts(request.data)
        except ParseError as error:
            return Response({"errors": {"body": [str(error.detail)]}}, status=status.HTTP_400_BAD_REQUEST)
        except FactsError as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        try:
            evaluation = eligibility_evaluate(facts=facts)
        except NoRulesInForce as error:
            return Response(
                {
                    "error": "no_rules_in_force",
                    "city": error.city,
                    "as_of": error.as_of.isoformat(),
                    "detail": _("该市（州）在此日期没有生效的落户规则。"),
                },
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return Response(evaluation.as_dict())
