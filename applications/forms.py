import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eligibility.constants import DocumentKind, KinRelation, Pathway
from eligibility.forms import YES_NO
from eligibility.pathways import PATHWAYS
from registers.constants import City, HouseholdKind, Sex
from registers.identity import validate_id_number
from registers.models import Address, Household, Membership
from registers.selectors import community_collective_of

from .constants import MAX_UPLOAD_BYTES, CaseKind


class CorrectFactForm(forms.Form):
    path = forms.ChoiceField(label=_("更正的事实"))
    value = forms.CharField(label=_("更正后的值"), help_text=_("如 2024-01-01、true、13、owned"), max_length=200)
    reason = forms.CharField(
        label=_("更正理由（依据的材料）"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )

    def __init__(self, *args, pathway: str, **kwargs):
        super().__init__(*args, **kwargs)
        facts = PATHWAYS[pathway].facts if pathway in PATHWAYS else ()
        self.fields["path"].choices = [(p, p) for p in facts if p.startswith("applicant.")]

    def clean_value(self):
        raw = self.cleaned_data["value"].strip()
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            return raw


class RequestDocumentsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("需补充的材料"), choices=DocumentKind.choices, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class RefuseForm(forms.Form):
    clause = forms.ChoiceField(label=_("依据条款"))
    text = forms.CharField(label=_("不予办理的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, clauses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = [(c, c) for c in clauses]


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("理由（申请人可见）"), max_length=500)


class MoveInForm(forms.Form):
    migration_certificate = forms.CharField(label=_("户口迁移证编号"), max_length=40)
    origin_authority = forms.CharField(label=_("签发机关"), max_length=100)
    issued_on = forms.DateField(label=_("签发日期"), widget=forms.DateInput(attrs={"type": "date"}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("文件（PDF、JPEG 或 PNG，不超过 10 MB）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 10 MB 的上限。"))
        return upload


# --- Applicants ----------------------------------------------------------------------------


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, required=False, coerce=lambda v: v == "true", empty_value=None
    )


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("min_length", 18)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return validate_id_number(value) if value else value


class NewCaseForm(forms.Form):
    # A residence permit starts from a residence registration, an endorsement from a permit
    # (residence_permits), not from this form.
    kind = forms.ChoiceField(
        label=_("业务类型"),
        choices=[c for c in CaseKind.choices if c[0] not in (CaseKind.RESIDENCE_PERMIT, CaseKind.ENDORSEMENT)],
    )
    city = forms.ChoiceField(label=_("城市"), choices=City.choices)
    pathway = forms.ChoiceField(
        label=_("落户途径（迁移落户时）"), choices=[("", "—"), *Pathway.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == CaseKind.SETTLEMENT and not data.get("pathway"):
            self.add_error("pathway", _("迁移落户请选择落户途径。"))
        return data


class ApplicantForm(forms.Form):
    name = forms.CharField(label=_("申请人姓名"), max_length=64)
    id_number = IdNumberField(label=_("申请人公民身份号码"))


class DestinationForm(forms.Form):
    """Where to: an address of the register (with the station that serves it) and which household."""

    address = forms.ModelChoiceField(label=_("迁入地址（管辖派出所）"), queryset=Address.objects.none())
    household = forms.ChoiceField(
        label=_("落户方式"),
        choices=[
            ("new", _("新立户（本人为户主）")),
            ("join", _("投靠已有家庭户")),
            ("collective", _("落入社区集体户")),
        ],
    )
    register_number = forms.CharField(label=_("投靠户的户号"), required=False, max_length=20)
    head_id_number = IdNumberField(label=_("投靠户户主的公民身份号码"), required=False)

    def __init__(self, *args, city: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = (
            Address.objects.filter(region__city=city).select_related("region", "station").order_by("region__code", "pk")
        )
        self.fields["address"].label_from_instance = lambda a: f"{a} — {a.station}"

    def clean(self):
        data = super().clean()
        address, mode = data.get("address"), data.get("household")
        data["target_household"] = None
        if address is None:
            return data
        if mode == "join":
            household = Household.objects.filter(
                register_number=data.get("register_number", "").strip(),
                kind=HouseholdKind.FAMILY,
                head__id_number=data.get("head_id_number"),
                address=address,
            ).first()
            if household is None:
                raise ValidationError(_("未找到该地址上与户号、户主公民身份号码相符的家庭户。"))
            data["target_household"] = household
        elif mode == "collective":
            # 曲政发〔2015〕82号（十一）: the community's (or village committee's) collective household; the
            # station opens it on the first approval that needs it (services.approval).
            if not address.community:
                raise ValidationError(_("该地址未登记所属社区（村），不能落入社区集体户，请选择其他落户方式。"))
            data["target_household"] = community_collective_of(address)
        data["settle_into"] = "community_collective" if mode == "collective" else "address"
        return data


class RelativeEntryForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    id_number = IdNumberField(label=_("公民身份号码"), required=False)
    relation = forms.ChoiceField(label=_("与申请人关系"), choices=[("", "—"), *KinRelation.choices], required=False)
    co_resident = _yes_no(_("共同居住"))
    married = _yes_no(_("已婚"))
    minor = _yes_no(_("未成年"))

    def clean(self):
        data = super().clean()
        if any(data.get(k) for k in ("name", "id_number", "relation")) and not all(
            data.get(k) for k in ("name", "id_number", "relation")
        ):
            raise ValidationError(_("请完整填写随迁亲属的姓名、公民身份号码和关系。"))
        return data


RelativeEntryFormSet = forms.formset_factory(RelativeEntryForm, extra=2, max_num=10)


def _household_of_member(register_number: str, id_number: str) -> Household | None:
    return (
        Household.objects.filter(
            register_number=register_number.strip(),
            memberships__person__id_number=id_number,
            memberships__until__isnull=True,
        )
        .select_related("address", "station")
        .first()
    )


class NewbornForm(forms.Form):
    child_name = forms.CharField(label=_("新生儿姓名"), max_length=64)
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("出生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    born_in_china = _yes_no(_("在中国境内出生"))
    has_birth_permit = _yes_no(_("有生育证明（不是必需）"))
    register_number = forms.CharField(label=_("落户的户号（父母一方所在户）"), max_length=20)

    def __init__(self, *args, applicant_id_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_id_number = applicant_id_number

    def clean(self):
        data = super().clean()
        household = _household_of_member(data.get("register_number", ""), self.applicant_id_number)
        if household is None:
            raise ValidationError(_("申请人（父母一方）不在该户，请核对户号。"))
        data["household"] = household
        return data


class DeathForm(forms.Form):
    deceased_id_number = IdNumberField(label=_("死者公民身份号码"))
    date = forms.DateField(label=_("死亡日期"), widget=forms.DateInput(attrs={"type": "date"}))
    register_number = forms.CharField(label=_("死者所在户的户号"), max_length=20)

    def __init__(self, *args, applicant_id_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_id_number = applicant_id_number

    def clean(self):
        data = super().clean()
        number = data.get("register_number", "")
        household = _household_of_member(number, self.applicant_id_number)
        if (
            household is None
            or not Membership.objects.filter(
                household=household, person__id_number=data.get("deceased_id_number"), until__isnull=True
            ).exists()
        ):
            raise ValidationError(_("申请人与死者须同在所填户内，请核对户号和公民身份号码。"))
        data["household"] = household
        return data


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("更正项目"), choices=[("name", _("姓名")), ("ethnicity", _("民族"))])
    value = forms.CharField(label=_("更正为"), max_length=64)
    register_number = forms.CharField(label=_("本人所在户的户号"), max_length=20)

    def __init__(self, *args, applicant_id_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_id_number = applicant_id_number

    def clean(self):
        data = super().clean()
        household = _household_of_member(data.get("register_number", ""), self.applicant_id_number)
        if household is None:
            raise ValidationError(_("申请人不在该户，请核对户号。"))
        data["household"] = household
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )
