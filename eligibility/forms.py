"""The self-check forms: one field per fact a pathway reads, so the page asks for exactly those."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registers.constants import City, Zone

from . import constants as c
from .engine import NoRulesInForce
from .guide import offered_pathways
from .pathways import PATHWAYS

# The words of each kind of value, written once (the same the clerk's page and the guide read).
from .presentation import (
    DESTINATION,
    HOLDINGS,
    HOUSING,
    MILITARY,
    RURAL_REASON,
    STAGE,
    TALENT,
    UNREGISTERED,
    URBAN_RURAL,
)
from .selectors import rulebook_in_force

UNKNOWN = [("", _("（未填写）"))]
YES_NO = [*UNKNOWN, ("true", _("是")), ("false", _("否"))]
HUKOU_CITIES = [*City.choices, (c.HUKOU_CITY_OTHER, _("其他地方"))]


def _choices(values, labels):
    return [*UNKNOWN, *((v, labels.get(v, v)) for v in values)]


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, required=False, coerce=lambda v: v == "true", empty_value=None
    )


def _choice(label, choices):
    return forms.ChoiceField(label=label, choices=choices, required=False)


def _date(label):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _months(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1200)


KIN = dict(c.KinRelation.choices)

FACT_FIELDS = {
    "zone": lambda: _choice(_("拟落户区域"), [*UNKNOWN, *Zone.choices]),
    "county": lambda: _county(_("居住地所在的县（市、区）")),
    "applicant.hukou_county": lambda: _county(_("现户籍所在的县（市、区）（户籍在这五个城市时）")),
    "applicant.settle_into": lambda: _choice(
        _("落户方式"),
        [*UNKNOWN, ("address", _("在住所落户")), ("community_collective", _("落入住所所在社区（村）的集体户"))],
    ),
    "applicant.birth_date": lambda: _date(_("出生日期")),
    "applicant.hukou_city": lambda: _choice(_("现户籍所在地"), [*UNKNOWN, *HUKOU_CITIES]),
    "applicant.housing.kind": lambda: _choice(_("在当地的住所"), _choices(c.HOUSING_KINDS, HOUSING)),
    "applicant.housing.lease_registered": lambda: _yes_no(_("租赁已在房管部门登记备案")),
    "applicant.housing.owner_consent": lambda: _yes_no(_("房屋产权人同意落户")),
    "applicant.housing.lease_since": lambda: _date(_("在此住所租住起始日")),
    "applicant.housing.area_m2": lambda: forms.DecimalField(
        label=_("住房面积（平方米）"), required=False, min_value=1, max_digits=9, decimal_places=2
    ),
    "applicant.housing.occupants": lambda: forms.IntegerField(
        label=_("迁入后居住人数"), required=False, min_value=1, max_value=1000
    ),
    "applicant.employment.stable": lambda: _yes_no(_("在当地有合法稳定就业")),
    "applicant.social_insurance_months.pension": lambda: _months(_("当地养老保险缴费月数")),
    "applicant.social_insurance_months.medical": lambda: _months(_("当地医疗保险缴费月数")),
    "applicant.social_insurance_months.unemployment": lambda: _months(_("当地失业保险缴费月数")),
    "applicant.residence_since": lambda: _date(_("开始在当地居住的日期")),
    "applicant.studying": lambda: _yes_no(_("在当地连续就读")),
    "applicant.talent": lambda: forms.MultipleChoiceField(
        label=_("人才类别"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(v, TALENT[v]) for v in c.TALENT_KINDS],
    ),
    "applicant.joining.relation": lambda: _choice(_("您是被投靠人的"), _choices(c.KinRelation.values, KIN)),
    "applicant.joining.co_resident": lambda: _yes_no(_("与被投靠人共同居住")),
    "applicant.military.relation": lambda: _choice(_("您是现役军人的"), _choices(c.MILITARY_RELATIONS, MILITARY)),
    "applicant.military.meets_suijun": lambda: _yes_no(_("符合随军条件")),
    "applicant.military.wants_suijun": lambda: _yes_no(_("愿意随军")),
    "applicant.military.lives_with_serviceman_elders": lambda: _yes_no(_("与军人父母或（外）祖父母共同居住")),
    "applicant.military.lives_in_serviceman_home": lambda: _yes_no(_("居住在军人于城镇购买的住房")),
    "applicant.rural_return.settled_in_town": lambda: _yes_no(_("曾在城镇落户")),
    "applicant.rural_return.reason": lambda: _choice(_("返乡原因"), _choices(c.RURAL_RETURN_REASONS, RURAL_REASON)),
    "applicant.rural_return.origin_holdings": lambda: forms.MultipleChoiceField(
        label=_("原籍地（本人或父母、配偶、子女）具备"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(v, HOLDINGS[v]) for v in c.ORIGIN_HOLDINGS],
    ),
    "applicant.rural_return.lives_at_origin": lambda: _yes_no(_("在原籍地实际居住")),
    "applicant.student.stage": lambda: _choice(_("所处阶段"), _choices(c.STUDENT_STAGES, STAGE)),
    "applicant.student.school_city": lambda: _choice(_("学校所在地"), [*UNKNOWN, *HUKOU_CITIES]),
    "applicant.student.destination": lambda: _choice(_("户口拟迁往"), _choices(c.STUDENT_DESTINATIONS, DESTINATION)),
    "applicant.marriage.applicant_hukou": lambda: _choice(_("本人户籍在"), _choices(c.HUKOU_KINDS, URBAN_RURAL)),
    "applicant.marriage.spouse_hukou": lambda: _choice(_("配偶户籍在"), _choices(c.HUKOU_KINDS, URBAN_RURAL)),
    "applicant.marriage.couple_lives_at_destination": lambda: _yes_no(_("夫妻在此实际居住")),
    "applicant.newborn.born_in_china": lambda: _yes_no(_("在中国境内出生")),
    "applicant.newborn.has_birth_permit": lambda: _yes_no(_("有生育证明（非必需）")),
    "applicant.unregistered.reason": lambda: _choice(_("无户口原因"), _choices(c.UNREGISTERED_REASONS, UNREGISTERED)),
    "applicant.unregistered.born_in_china": lambda: _yes_no(_("在中国境内出生")),
}


def _county(label):
    """A county-level area of the five cities (GB/T 2260), by name; its code is the fact."""
    from registers.constants import RegionKind
    from registers.models import Region

    def choices():  # read when the form is drawn, not when a label is asked for
        regions = Region.objects.exclude(kind=RegionKind.PREFECTURE).select_related("parent").order_by("code")
        return [*UNKNOWN, *((r.code, f"{r.parent.name if r.parent else ''}{r.name}") for r in regions)]

    return _choice(label, choices)


def field_name(path: str) -> str:
    return path.replace(".", "__")


def nest(data: dict, path: str, value) -> None:
    """Put a form's value where the contract's facts have it (dates as ISO, areas as numbers)."""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    elif path == "applicant.housing.area_m2":
        value = float(value)
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def flatten(facts: dict, paths) -> list[tuple[str, str]]:
    """The facts back as the self-check form's fields, for a link that fills it in."""
    pairs = []
    for path in paths:
        value = facts
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        pairs += [(field_name(path), str(v).lower() if isinstance(v, bool) else str(v)) for v in values]
    return pairs


class ChooseForm(forms.Form):
    """City first; then only the pathways that city's rules in force have."""

    city = forms.ChoiceField(label=_("拟落户城市"), choices=City.choices)
    pathway = forms.ChoiceField(label=_("落户途径"), choices=c.Pathway.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered, self.withheld = None, []
        city = self.data.get("city") if self.is_bound else None
        if city in City.values:
            try:
                book = rulebook_in_force(city=city, as_of=timezone.localdate())
            except NoRulesInForce:
                return
            offered, withheld = offered_pathways(book)
            self.offered = offered
            self.withheld = [(p, c.Pathway(p).label, citation, text) for p, citation, text in withheld]
            self.fields["pathway"].choices = [*UNKNOWN, *((p, c.Pathway(p).label) for p in offered)]

    def clean_city(self):
        if self.offered is None:
            raise forms.ValidationError(_("该城市今天没有生效的落户规则。"))
        return self.cleaned_data["city"]

    def clean(self):
        data = super().clean()
        withheld = {p: citation for p, _label, citation, _text in self.withheld}
        if "city" in data and self.data.get("pathway") in withheld and "pathway" in self._errors:
            self._errors.pop("pathway")
            self.add_error(
                "pathway",
                _("%(city)s未设此落户途径（%(clause)s），请选择本市开放的途径。")
                % {"city": City(data["city"]).label, "clause": withheld[self.data["pathway"]]},
            )
        return data


class FactsForm(forms.Form):
    """The facts one pathway reads, as a form; `facts()` nests them as the contract wants."""

    def __init__(self, *args, pathway: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths = PATHWAYS[pathway].facts
        for path in self.paths:
            self.fields[field_name(path)] = FACT_FIELDS[path]()

    def facts(self, *, city: str, pathway: str) -> dict:
        data: dict = {"city": city, "pathway": pathway}
        for path in self.paths:
            value = self.cleaned_data.get(field_name(path))
            if value not in (None, "", []):
                nest(data, path, value)
        return data


def prefill(query, pathway: str) -> dict:
    """Answers carried in the address (from the comparison's link) as the form's first values."""
    names = {field_name(p): p for p in PATHWAYS[pathway].facts}
    multiple = {"applicant.talent", "applicant.rural_return.origin_holdings"}
    given = {name: path for name, path in names.items() if name in query}
    return {name: query.getlist(name) if path in multiple else query.get(name) for name, path in given.items()}


class RelativeForm(forms.Form):
    relation = forms.ChoiceField(label=_("与您的关系"), choices=_choices(c.KinRelation.values, KIN), required=False)
    co_resident = _yes_no(_("共同居住"))
    married = _yes_no(_("已婚"))
    minor = _yes_no(_("未成年"))

    def relative(self) -> dict | None:
        if not self.cleaned_data.get("relation"):
            return None
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


RelativeFormSet = forms.formset_factory(RelativeForm, extra=3, max_num=10)

# The comparison asks these first; the facts that still decide a cell are asked after the table.
COMPARE_FACTS = (
    "zone",
    "applicant.housing.kind",
    "applicant.housing.lease_since",
    "applicant.housing.lease_registered",
    "applicant.housing.owner_consent",
    "applicant.residence_since",
    "applicant.employment.stable",
    "applicant.hukou_city",
    "applicant.talent",
)
INSURANCE = "insurance_months"


class CompareForm(forms.Form):
    """A few common facts, evaluated under every city's rules at once; `extra` adds the facts a
    first answer showed to be missing."""

    def __init__(self, *args, extra=(), ask=(), **kwargs):
        super().__init__(*args, **kwargs)
        for path in COMPARE_FACTS[:7]:
            self.fields[field_name(path)] = FACT_FIELDS[path]()
        self.fields[INSURANCE] = _months(_("当地养老、医疗、失业保险均已缴费的月数"))
        for path in COMPARE_FACTS[7:]:
            self.fields[field_name(path)] = FACT_FIELDS[path]()
        self.extra = [p for p in dict.fromkeys(extra) if p in FACT_FIELDS and p not in COMPARE_FACTS]
        for path in self.extra:
            self.fields[field_name(path)] = FACT_FIELDS[path]()
        self.ask = [field_name(p) for p in dict.fromkeys(ask) if field_name(p) in self.fields]

    @property
    def base_fields_shown(self):
        return [self[n] for n in self.fields if n not in {field_name(p) for p in self.extra}]

    @property
    def extra_fields_shown(self):
        return [self[field_name(p)] for p in self.extra]

    @property
    def asked_fields(self):
        return [self[n] for n in self.ask]

    @property
    def unasked_fields(self):
        return [self[n] for n in self.fields if n not in self.ask]

    def facts(self, city: str) -> dict:
        d = self.cleaned_data
        data: dict = {"city": city, "applicant": {}}
        for path in (*COMPARE_FACTS, *self.extra):
            value = d.get(field_name(path))
            if value not in (None, "", []):
                nest(data, path, value)
        if d.get(INSURANCE) is not None:
            months = d[INSURANCE]
            data["applicant"]["social_insurance_months"] = {k: months for k in ("pension", "medical", "unemployment")}
        return data


def extra_given(query) -> list[str]:
    """The further facts a comparison's address already answers."""
    return [p for p in FACT_FIELDS if p not in COMPARE_FACTS and field_name(p) in query]
