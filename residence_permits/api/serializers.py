from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import PermitState, RegistrationReason
from ..models import ResidencePermit, ResidenceRegistration
from ..selectors import permit_status, rulebook_or_none


class MaskedIdNumberMixin(serializers.Serializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)


class RegistrationSerializer(MaskedIdNumberMixin, serializers.ModelSerializer):
    address = serializers.StringRelatedField()
    station = serializers.StringRelatedField()
    residence_reason = serializers.ChoiceField(source="reason", choices=RegistrationReason.choices, read_only=True)

    class Meta:
        model = ResidenceRegistration
        fields = [
            "id",
            "name",
            "id_number",
            "city",
            "address",
            "station",
            "since",
            "registered_on",
            "residence_reason",
            "channel",
            "ended_on",
        ]


class RegistrationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    id_number = serializers.CharField(max_length=18)
    address = serializers.IntegerField(help_text="id of a register address")
    since = serializers.DateField(help_text="the day they began living there")
    residence_reason = serializers.ChoiceField(choices=RegistrationReason.choices)


class PermitSerializer(MaskedIdNumberMixin, serializers.ModelSerializer):
    """A permit with its state and continuous years today (computed, never stored)."""

    address = serializers.StringRelatedField()
    station = serializers.StringRelatedField()
    state = serializers.SerializerMethodField()
    continuous_years = serializers.SerializerMethodField()
    endorsement_window_opens = serializers.SerializerMethodField()

    class Meta:
        model = ResidencePermit
        fields = [
            "id",
            "number",
            "name",
            "id_number",
            "city",
            "address",
            "station",
            "residence_since",
            "issued_on",
            "valid_until",
            "cancelled_on",
            "cancel_reason",
            "state",
            "continuous_years",
            "endorsement_window_opens",
        ]

    def _status(self, permit):
        """Computed once per permit, the rules read once per city and request (a list's queries do
        not grow with its length)."""
        if not hasattr(permit, "_status_today"):
            books = self.context.setdefault("rulebooks", {}) if isinstance(self.context, dict) else {}
            if permit.city not in books:
                books[permit.city] = rulebook_or_none(permit.city, timezone.localdate())
            permit._status_today = permit_status(permit, as_of=timezone.localdate(), book=books[permit.city])
        return permit._status_today

    @extend_schema_field(serializers.ChoiceField(choices=PermitState.choices))
    def get_state(self, permit) -> str:
        return self._status(permit).state

    def get_continuous_years(self, permit) -> int:
        return self._status(permit).continuity.years

    @extend_schema_field(OpenApiTypes.DATE)
    def get_endorsement_window_opens(self, permit):
        return self._status(permit).window_opens


class HolderPermitSerializer(PermitSerializer):
    """The holder's own permit: with the verification code printed on the card."""

    class Meta(PermitSerializer.Meta):
        fields = [*PermitSerializer.Meta.fields, "code"]


class StaffPermitSerializer(PermitSerializer):
    """Staff opening one permit see the full identity number (the access is recorded)."""

    id_number = serializers.CharField(read_only=True)
