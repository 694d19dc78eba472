from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import IdentityForm
from eligibility.constants import DocumentKind, KinRelation, Pathway
from eligibility.forms import FACT_FIELDS, YES_NO, field_name
from eligibility.models import citation_words
from eligibility.pathways import PATHWAYS
from registers.constants import City, HouseholdKind, Sex
from registers.identity import IdNumberField
from registers.models import Address, Household, Membership
from registers.selectors import community_collective_of

from .constants import MAX_UPLOAD_BYTES, ActingAs, CaseKind


class CorrectFactForm(forms.Form):
    """更正事实: the pathway's facts of the applicant, each with the widget the applicant used
    (a select for kinds, yes/no, a number of months, a date), filled in with the case's current
    facts; the clerk changes what the documents contradict and gives the reason."""

    reason = forms.CharField(
        label=_("更正理由（依据的材料）"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )

    def __init__(self, *args, pathway: str, facts: dict | None = None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        definition = PATHWAYS.get(pathway)
        self.paths = [p for p in (definition.facts if definition else ()) if p.startswith("applicant.")]
        self.current = {path: _fact_at(facts or {}, path) for path in self.paths}
        reason = self.fields.pop("reason")
        for path in self.paths:
            field = FACT_FIELDS[path]()
            if isinstance(field, forms.TypedChoiceField) and field.choices == YES_NO:
                field.widget = forms.RadioSelect(choices=YES_NO)
            field.initial = _initial(self.current[path])
            self.fields[field_name(path)] = field
        self.fields["reason"] = reason

    def clean(self):
        data = super().clean()
        if not self.errors and not self.changes():
            raise ValidationError(_("没有更改任何事实：请改正与材料不符的一项或几项。"))
        return data

    def changes(self) -> dict:
        """Each fact the clerk changed, with its new value in the contract's JSON words."""
        changed = {}
        for path in self.paths:
            value = _as_fact(self.cleaned_data.get(field_name(path)))
            if value != self.current[path]:
                changed[path] = value
        return changed

    def service_arguments(self) -> dict:
        return {"changes": self.changes(), "reason": self.cleaned_data["reason"]}


def _fact_at(facts: dict, path: str):
    node = facts
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return None if node in ("", []) else node


def _initial(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _as_fact(value):
    if value in (None, "", []):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


class RequestDocumentsForm(forms.Form):
    """一次性告知: tick every item still needed and say why each is needed. The case's own checklist
    items come first; any other kind of document may be asked for too."""

    message = forms.CharField(
        label=_("补充说明（可选）"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )
    repeat_reason = forms.CharField(
        label=_("再次要求的理由"),
        help_text=_("已一次性告知过：只能要求上次补正中提交的材料，并说明其问题"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, checklist_kinds: list[str] = (), repeat: bool = False, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        ordered = [*checklist_kinds, *(k for k in DocumentKind.values if k not in checklist_kinds)]
        self.checklist_kinds = set(checklist_kinds)
        for kind in ordered:
            label = DocumentKind(kind).label
            self.fields[f"item_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"reason_{kind}"] = forms.CharField(
                label=_("%(item)s：需要的原因") % {"item": label}, max_length=300, required=False
            )
        if not repeat:
            del self.fields["repeat_reason"]
        # the items first: "tick at least one" in the error summary then leads to the first tick box
        self.order_fields([name for name in self.fields if name.startswith(("item_", "reason_"))])

    def rows(self):
        """(tick, reason, from the checklist) per kind, for the template."""
        for name in self.fields:
            if name.startswith("item_"):
                kind = name.removeprefix("item_")
                yield self[name], self[f"reason_{kind}"], kind in self.checklist_kinds

    def clean(self):
        data = super().clean()
        items = []
        for name in list(self.fields):
            if name.startswith("item_") and data.get(name):
                kind = name.removeprefix("item_")
                reason = (data.get(f"reason_{kind}") or "").strip()
                if not reason:
                    self.add_error(f"reason_{kind}", _("请写明需要该材料的原因。"))
                items.append((kind, reason))
        if not items:
            raise ValidationError(_("请勾选需要补正的材料，并逐项写明原因。"))
        data["items"] = items
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"items": data["items"], "message": data["message"], "repeat_reason": data.get("repeat_reason", "")}


class DocumentCheckForm(forms.Form):
    result = forms.ChoiceField(choices=[("passed", _("核验通过")), ("failed", _("与原件不符"))])
    reason = forms.CharField(label=_("不符之处"), max_length=200, required=False)


class RefuseForm(forms.Form):
    clause = forms.ChoiceField(label=_("依据条款"))
    text = forms.CharField(label=_("不予办理的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, clauses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = [(c, citation_words(c)) for c in clauses]


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

    def __init__(self, *args, fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_kind:  # the item of a request, or a 授权委托书: the kind is not the uploader's choice
            self.fields["kind"].choices = [(fixed_kind, DocumentKind(fixed_kind).label)]
            self.fields["kind"].initial = fixed_kind

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


class NewCaseForm(forms.Form):
    # A residence permit starts from a residence registration, an endorsement from a permit
    # (residence_permits), not from this form.
    kind = forms.ChoiceField(
        label=_("业务类型"),
        choices=[c for c in CaseKind.choices if c[0] not in (CaseKind.RESIDENCE_PERMIT, CaseKind.ENDORSEMENT)],
    )
    city = forms.ChoiceField(label=_("城市"), choices=City.choices)
    pathway = forms.ChoiceField(
        label=_("落户途径（迁移落户时）"), choices=[("", _("请选择")), *Pathway.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == CaseKind.SETTLEMENT and not data.get("pathway"):
            self.add_error("pathway", _("迁移落户请选择落户途径。"))
        return data


class ApplicantForm(forms.Form):
    """Who applies. An account applies as its verified person, or for a minor child or a ward in its
    care (the clerk checks the proof); anyone else applies from their own account."""

    acting_as = forms.ChoiceField(
        label=_("申请人身份"),
        choices=[
            (ActingAs.SELF, _("本人申请")),
            (ActingAs.GUARDIAN_OF_MINOR, _("为未成年子女申请（本人为监护人）")),
            (ActingAs.GUARDIAN_OF_WARD, _("为被监护人申请（本人为监护人）")),
        ],
        initial=ActingAs.SELF,
        required=False,
        help_text=_("为其他成年人申请，须由其本人用自己的账户申请"),
    )
    name = forms.CharField(label=_("申请人姓名"), max_length=64)
    id_number = IdNumberField(label=_("申请人公民身份号码"))
    origin_address = forms.CharField(
        label=_("现户籍地址（迁出地）"),
        help_text=_("居民户口簿上的住址；本平台户籍库内的人员可不填"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, kind: str = CaseKind.SETTLEMENT, **kwargs):
        super().__init__(*args, **kwargs)
        if kind in (CaseKind.NEWBORN, CaseKind.DEATH):
            del self.fields["acting_as"]
            self.fields["name"].label = _("申报人姓名")
            self.fields["id_number"].label = _("申报人公民身份号码")
        if kind != CaseKind.SETTLEMENT:
            del self.fields["origin_address"]

    def clean_acting_as(self):
        return self.cleaned_data.get("acting_as") or ActingAs.SELF


class DestinationForm(forms.Form):
    """Where to: an address of the register (with the station that serves it) and which household."""

    address = forms.ModelChoiceField(
        label=_("迁入地址（管辖派出所）"), queryset=Address.objects.none(), empty_label=_("请选择")
    )
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
    relation = forms.ChoiceField(
        label=_("与申请人关系"), choices=[("", _("请选择")), *KinRelation.choices], required=False
    )
    co_resident = _yes_no(_("共同居住"))
    married = _yes_no(_("已婚"))
    minor = _yes_no(_("未成年"))
    origin_address = forms.CharField(label=_("现户籍地址（与申请人不同时填写）"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(k) for k in ("name", "id_number", "relation")) and not all(
            data.get(k) for k in ("name", "id_number", "relation")
        ):
            raise ValidationError(_("请完整填写随迁亲属的姓名、公民身份号码和关系。"))
        return data


RelativeEntryFormSet = forms.formset_factory(RelativeEntryForm, extra=2, max_num=10)


RELATIVE_FIELDS = ("name", "id_number", "relation", "co_resident", "married", "minor", "origin_address")


def settlement_draft_changes(*, case, person, destination, facts, relatives) -> dict:
    """What saving the settlement form keeps: every field that is valid. A field with an error
    keeps the value saved before (the page shows what was typed, with the error beside it), so
    saving a half-filled draft loses nothing. Call after ``is_valid()`` on each form."""
    changes = {name: value for name, value in person.cleaned_data.items() if name not in person.errors}
    applicant = facts.facts(city=case.city, pathway=case.pathway).get("applicant", {})
    saved = case.facts.get("applicant") or {}
    for path in facts.paths:
        if field_name(path) in facts.errors and path.startswith("applicant."):
            _copy_path(saved, applicant, path.removeprefix("applicant."))
    destination_data = destination.cleaned_data
    # The address and the household are judged together (a household of that address, a community
    # to take the collective household): kept when both are right.
    if destination_data.get("address") is not None and not destination.non_field_errors():
        changes["address"] = destination_data["address"]
        changes["target_household"] = destination_data["target_household"]
        if destination_data["settle_into"] == "community_collective":
            applicant["settle_into"] = "community_collective"
    else:
        _copy_path(saved, applicant, "settle_into")
    changes["facts"] = {"applicant": applicant}
    if relatives.management_form.is_valid():
        changes["relatives"] = _relatives_kept(case, relatives)
    return changes


def _relatives_kept(case, relatives) -> list[dict]:
    """The relatives entered validly; in place of one with an error, the one saved there before."""
    saved = [{name: getattr(r, name) for name in RELATIVE_FIELDS} for r in case.relatives.all()]
    kept = []
    for index, form in enumerate(relatives.forms):
        if not form.errors and form.cleaned_data.get("relation"):
            kept.append(form.cleaned_data)
        elif form.errors and index < len(saved):
            kept.append(saved[index])
    return kept


def _copy_path(source: dict, target: dict, path: str) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        source = source.get(part) if isinstance(source, dict) else None
    if not isinstance(source, dict) or leaf not in source:
        return
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = source[leaf]


def _household_of_member(register_number: str, id_number: str) -> Household | None:
    return (
        Household.objects.filter(
            register_number=register_number.strip(),
            memberships__person__id_number=id_number,
            memberships__until__isnull=True,
        )
        .select_related("address__station")
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


class CounterIdentityForm(IdentityForm):
    account = forms.CharField(
        label=_("申请人账户"), help_text=_("申请人登录用的电子邮箱、手机号码或用户名"), max_length=150
    )
    seen_original = forms.BooleanField(label=_("已查验居民身份证原件，人证相符"))


class PromiseForm(forms.Form):
    kind = forms.ChoiceField(label=_("容缺材料"), choices=DocumentKind.choices)
    due_on = forms.DateField(label=_("承诺补交日期"), widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(label=_("本人承诺按期补交，逾期未补交或所交材料与承诺不符的，愿承担相应责任"))

    def __init__(self, *args, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        if checklist:  # only the items the rule set lets come later and that are not there yet
            self.fields["kind"].choices = [
                (line.item.document, line.item.get_document_display())
                for line in checklist
                if line.item.deferrable and not line.documents
            ]
