"""办事指南: the service guide of one city's pathway, read from the rule set in force.

Everything on a guide comes from the rows the engine reads (the parameters with their clauses,
the checklist, the processing settings), so the guide and the verdicts cannot disagree: change a
parameter in a new version and both change on the day it takes effect.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registers.constants import City

from .constants import PERMIT_LEFT_LEVELS, Pathway
from .engine import PATHWAY_ORDER
from .models import ChecklistItem, Parameter, RuleSet
from .parameters import VALUE_LABELS, ZONES
from .rulebook import RuleBook
from .selectors import rulebook_in_force

# The appeal route the refusal papers print (applications/services/papers.py; a test holds the
# two the same): 《行政复议法》 60 days to the county-level government, 《行政诉讼法》第四十六条 6 months.
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
RECONSIDERATION_DAYS = 60
LITIGATION_LAW = "《中华人民共和国行政诉讼法》第四十六条"
LITIGATION_MONTHS = 6

# Parameters that describe what a residence permit gives, not who may have one.
NOT_CONDITIONS = ("residence_permit.rights_now", "residence_permit.rights_graded")
# A reader's words where the admin's label names stored values.
LABELS = {"residence_permit.left_hukou_level": _("须离开户籍所在地的范围")}
LEFT_LEVELS = dict(
    zip(PERMIT_LEFT_LEVELS, (_("离开户籍所在的街道、乡镇"), _("离开户籍所在的县级行政区域")), strict=True)
)


def parameter_words(key: str, value) -> str:
    """A parameter's value as a reader says it: 是 / 否, names joined by 、, a figure with its unit."""
    spec = Parameter(key=key).spec
    if value is None:
        return gettext("不设此条件")
    if spec.kind == "bool":
        return gettext("是") if value else gettext("否")
    if spec.kind == "choice":
        return str(LEFT_LEVELS.get(value, value))
    if spec.kind == "set":
        labels = VALUE_LABELS  # the words the rule admin reads for the same values
        order = ZONES if spec.choices == ZONES else spec.choices
        names = [str(labels.get(v, v)) for v in order if v in value]
        return gettext("、").join(names) or gettext("无")
    return f"{value} {spec.unit}".strip()


@dataclass(frozen=True)
class Line:
    """One condition or setting: what it is, its value in words, and what it rests on."""

    key: str
    label: str
    words: str
    citation: str
    note: str
    local_source: str


@dataclass(frozen=True)
class Material:
    document: str
    when: str
    always: bool
    required: bool
    deferrable: bool
    auto_checked: bool


@dataclass(frozen=True)
class Guide:
    city: str
    pathway: str
    rule_set: RuleSet
    available: bool
    why_not: tuple[str, str] | None
    conditions: list[Line]
    clauses: list[tuple[str, str]]
    materials: list[Material]
    processing: list[Line]
    stations: list

    @property
    def city_label(self) -> str:
        return City(self.city).label

    @property
    def pathway_label(self) -> str:
        return Pathway(self.pathway).label

    @property
    def appeal(self) -> dict:
        return {
            "reconsideration_law": RECONSIDERATION_LAW,
            "reconsideration_days": RECONSIDERATION_DAYS,
            "litigation_law": LITIGATION_LAW,
            "litigation_months": LITIGATION_MONTHS,
        }


def rule_set_in_force(*, city: str, as_of: datetime.date) -> RuleSet:
    """The published rule set the engine uses on that day, with its rows (raises NoRulesInForce)."""
    book = rulebook_in_force(city=city, as_of=as_of)
    return RuleSet.objects.prefetch_related("parameters__clause", "clauses", "checklist").get(pk=book.rule_set_id)


def offered_pathways(book: RuleBook) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The pathways the city's rules have, and the others with the clause that says why not
    (the clause the engine cites when it answers 本市未设此落户途径)."""
    offered = [p for p in PATHWAY_ORDER if book.params[f"{p}.available"]]
    withheld = [(p, *book.clauses[p]) for p in PATHWAY_ORDER if not book.params[f"{p}.available"]]
    return offered, withheld


def condition_keys(pathway: str) -> list[str]:
    """The parameters the pathway's rule reads: its own, by the prefix they are named with."""
    from .parameters import SPECS

    return [k for k in SPECS if k.startswith(f"{pathway}.") and k != f"{pathway}.available" and k not in NOT_CONDITIONS]


def service_guide(*, rule_set: RuleSet, pathway: str) -> Guide:
    parameters = {p.key: p for p in rule_set.parameters.all()}
    clauses = {c.key: c for c in rule_set.clauses.all()}
    available = bool(parameters[f"{pathway}.available"].value)
    keys = [k for k in condition_keys(pathway) if k in parameters and _applies(k, parameters)] if available else []
    conditions = [_line(parameters[k]) for k in keys]
    processing = [_line(p) for k, p in sorted(parameters.items()) if k.startswith("processing.")]
    cited = [clauses[pathway]] if pathway in clauses else []
    cited += [parameters[k].clause for k in keys if parameters[k].clause]
    return Guide(
        city=rule_set.city,
        pathway=pathway,
        rule_set=rule_set,
        available=available,
        why_not=None if available else (clauses[pathway].citation, clauses[pathway].text),
        conditions=conditions,
        clauses=list(dict.fromkeys((c.citation, c.text) for c in cited)),
        materials=[_material(i) for i in rule_set.checklist.all() if i.pathway == pathway],
        processing=processing,
        stations=_stations(rule_set.city),
    )


def _applies(key: str, parameters: dict) -> bool:
    """Whether the rule reads this parameter at all under the others' values (the urban-district
    terms where a city has no such districts, the area exemptions where no area standard is set)."""
    if key.startswith("residence.strict_") and key != "residence.strict_zones":
        return bool(parameters["residence.strict_zones"].value)
    if key.startswith("family_reunion.area_exempt_"):
        return parameters["family_reunion.area_standard_m2"].value is not None
    return True


def _line(parameter: Parameter) -> Line:
    return Line(
        key=parameter.key,
        label=str(LABELS.get(parameter.key, parameter.label)),
        words=parameter_words(parameter.key, parameter.spec.load(parameter.value)),
        citation=parameter.clause.citation if parameter.clause_id else "",
        note=parameter.note,
        local_source=parameter.local_source,
    )


def _material(item: ChecklistItem) -> Material:
    return Material(
        document=item.get_document_display(),
        when=item.get_when_display(),
        always=item.when == "always",
        required=item.required,
        deferrable=item.deferrable,
        auto_checked=item.auto_checked,
    )


def _stations(city: str) -> list:
    from registers.models import PoliceStation

    return list(PoliceStation.objects.filter(region__city=city).select_related("region").order_by("code"))


def guide_index(*, as_of: datetime.date) -> list[tuple[str, str, list[tuple[str, str, bool, str]]]]:
    """Each city with each pathway: (city, label, [(pathway, label, offered, why-not citation)])."""
    rows = []
    for city in City:
        try:
            book = rulebook_in_force(city=city.value, as_of=as_of)
        except LookupError:
            rows.append((city.value, city.label, []))
            continue
        offered, withheld = offered_pathways(book)
        why = {p: citation for p, citation, _text in withheld}
        cells = [(p, Pathway(p).label, p in offered, why.get(p, "")) for p in PATHWAY_ORDER]
        rows.append((city.value, city.label, cells))
    return rows
