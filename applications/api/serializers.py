from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from activity.models import Event
from eligibility.constants import DocumentKind, KinRelation, Pathway
from registers.constants import City
from registers.identity import mask_id_number

from ..constants import CaseKind, CaseStatus, EventKind
from ..models import Case, CaseRelative, Certificate, Consent, Document, DocumentRequest, RequestedItem


class CaseRelativeSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()

    class Meta:
        model = CaseRelative
        fields = ["position", "name", "id_number", "relation", "co_resident", "married", "minor", "eligible"]

    def get_id_number(self, relative) -> str:
        return mask_id_number(relative.id_number)


class EventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=EventKind.choices, label=_("事项"))  # a case's kinds, of the one log's
    station = serializers.StringRelatedField(allow_null=True)  # the system's own steps have none

    class Meta:
        model = Event
        fields = ["kind", "at", "actor_role", "station", "message"]
        extra_kwargs = {"at": {"read_only": True}}  # recorded when the step is taken


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "content_type", "size", "sha256", "uploaded_at", "check_result", "check_reason"]


class RequestedItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestedItem
        fields = ["id", "kind", "reason", "answer_text"]


class RequestSerializer(serializers.ModelSerializer):
    items = RequestedItemSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentRequest
        fields = ["id", "kinds", "items", "message", "requested_at", "answered_at", "answer"]


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ["number", "code", "title", "issued_at", "holders", "destination"]


class CaseListSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()
    station = serializers.StringRelatedField(allow_null=True)  # a draft has no station yet

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "kind",
            "pathway",
            "status",
            "prescreen",
            "name",
            "id_number",
            "city",
            "station",
            "submitted_at",
            "due_date",
            "eligible",
        ]

    def get_id_number(self, case) -> str:
        return mask_id_number(case.id_number)


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", "role", "name", "status", "method", "answered_at"]


class CaseDetailSerializer(CaseListSerializer):
    relatives = CaseRelativeSerializer(many=True, read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    document_requests = RequestSerializer(many=True, read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "zone",
            "address",
            "target_household",
            "facts",
            "decision_clause",
            "decision_text",
            "relatives",
            "events",
            "documents",
            "document_requests",
            "certificate",
            "acting_as",
            "origin_address",
            "acceptance_due",
            "consents",
        ]

    def get_certificate(self, case) -> dict | None:
        certificate = Certificate.objects.filter(case=case).first()
        return CertificateSerializer(certificate).data if certificate else None


class StaffCaseDetailSerializer(CaseDetailSerializer):
    """Staff working the case see the full identity number (the access is recorded), and what
    still stops approval."""

    id_number = serializers.CharField(read_only=True)
    approval_problems = serializers.SerializerMethodField()

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "approval_problems"]

    def get_approval_problems(self, case) -> list[str]:
        from ..services import approval_problems

        return approval_problems(case) if case.status == CaseStatus.IN_REVIEW else []


class RelativeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    id_number = serializers.CharField(max_length=18)
    relation = serializers.ChoiceField(choices=KinRelation.choices)
    co_resident = serializers.BooleanField(required=False, allow_null=True, default=None)
    married = serializers.BooleanField(required=False, allow_null=True, default=None)
    minor = serializers.BooleanField(required=False, allow_null=True, default=None)


class DraftCreateSerializer(serializers.Serializer):
    """As the page's form (applications.forms.NewCaseForm): a residence permit starts from a residence
    registration and an endorsement from a permit (residence_permits), not here; a settlement names
    its pathway, the other kinds have none."""

    kind = serializers.ChoiceField(
        choices=[c for c in CaseKind.choices if c[0] not in (CaseKind.RESIDENCE_PERMIT, CaseKind.ENDORSEMENT)],
        default=CaseKind.SETTLEMENT,
    )
    city = serializers.ChoiceField(choices=City.choices)
    pathway = serializers.ChoiceField(choices=Pathway.choices, required=False, allow_blank=True, default="")

    def validate(self, data):
        if data["kind"] == CaseKind.SETTLEMENT and not data["pathway"]:
            raise serializers.ValidationError({"pathway": _("迁移落户请选择落户途径。")})
        if data["kind"] != CaseKind.SETTLEMENT:
            data["pathway"] = ""
        return data


def no_null_characters(value):
    """Refuse U+0000 anywhere in nested input: PostgreSQL stores it in neither text nor JSON (DRF's
    CharField refuses it already; a DictField or a JSONField does not look inside)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            raise serializers.ValidationError(_("不能包含空字符（U+0000）。"))
        if isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return value


class DraftUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64, required=False)
    id_number = serializers.CharField(max_length=18, required=False)
    address = serializers.IntegerField(required=False, help_text="id of a register address in the case's city")
    facts = serializers.DictField(
        required=False,
        validators=[no_null_characters],
        help_text='{"applicant": {...}} in the eligibility contract\'s words',
    )
    relatives = RelativeInputSerializer(many=True, required=False)


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()
    item = serializers.IntegerField(required=False, min_value=1, help_text="the id of a requested item it answers")


class SubmitSerializer(serializers.Serializer):
    confirm_missing = serializers.BooleanField(
        required=False, default=False, help_text="submit although required documents are missing"
    )


class RequestAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    reasons = serializers.DictField(
        child=serializers.CharField(max_length=1000, allow_blank=True),
        required=False,
        default=dict,
        help_text="why an item cannot be supplied, by requested item id",
    )

    def validate_reasons(self, value):
        if not all(str(k).isdigit() for k in value):
            raise serializers.ValidationError("keys are requested item ids")
        return {int(k): v for k, v in value.items()}


class DocumentCheckSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["passed", "failed"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CorrectSerializer(serializers.Serializer):
    path = serializers.CharField(max_length=100)
    value = serializers.JSONField(validators=[no_null_characters])
    reason = serializers.CharField(max_length=500)


class ItemInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    reason = serializers.CharField(max_length=300)


class RequestDocumentsSerializer(serializers.Serializer):
    """Either ``items`` (each kind with why it is needed) or ``kinds`` with one ``message`` as the reason."""

    items = ItemInputSerializer(many=True, required=False)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=DocumentKind.choices), required=False)
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    repeat_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def validate(self, data):
        if not data.get("items") and not data.get("kinds"):
            raise serializers.ValidationError("items or kinds is required")
        if data.get("items"):
            data["items"] = [(i["kind"], i["reason"]) for i in data["items"]]
        return data


class RefuseSerializer(serializers.Serializer):
    clause = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=2000)


class ExtendSerializer(serializers.Serializer):
    working_days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField(max_length=500)


class MoveInSerializer(serializers.Serializer):
    migration_certificate = serializers.CharField(max_length=40)
    origin_authority = serializers.CharField(max_length=100)
    issued_on = serializers.DateField()


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField()
