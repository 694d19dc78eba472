"""The five-city comparison: each cell's verdict in one line of words, with a link to that
city's self-check filled in with the facts given."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from .engine import PathwayResult
from .forms import flatten
from .pathways import PATHWAYS
from .presentation import fact_label

MET, UNKNOWN, NOT_MET, WITHHELD = "met", "unknown", "not-met", "withheld"


@dataclass(frozen=True)
class Cell:
    city: str
    pathway: str
    state: str
    line: str
    check_url: str
    guide_url: str


def cell(city: str, facts: dict, result: PathwayResult) -> Cell:
    check = reverse("eligibility:self_check")
    query = [("city", city), ("pathway", result.pathway), *flatten(facts, PATHWAYS[result.pathway].facts)]
    state, line = _state_and_line(result)
    return Cell(
        city=city,
        pathway=result.pathway,
        state=state,
        line=line,
        check_url=f"{check}?{urlencode(query)}",
        guide_url=reverse("eligibility:guide", args=[city, result.pathway]),
    )


def _state_and_line(result: PathwayResult) -> tuple[str, str]:
    conditions = result.conditions
    if not result.available:
        return WITHHELD, gettext("本市未设此途径（%(clause)s）") % {"clause": conditions[0].clause}
    if result.eligible:
        met = list(dict.fromkeys(c.detail for c in conditions if c.met and c.key != "zone"))
        return MET, gettext("符合：%(why)s") % {"why": gettext("；").join(met) or gettext("各项条件均已满足")}
    if result.missing:
        asked = gettext("、").join(fact_label(m) for m in result.missing)
        return UNKNOWN, gettext("还需回答：%(facts)s") % {"facts": asked}
    failed = next((c.detail for c in conditions if c.met is False), "")
    return NOT_MET, gettext("不符合：%(why)s") % {"why": failed}


# The pathways the comparison's questions are about; the others' own facts are asked on the city's
# self-check, which each cell links to.
ASKED_FOR = ("residence", "talent", "residence_permit")


def missing_facts(results) -> list[str]:
    """The facts that still decide a cell of the pathways the comparison asks about."""
    return list(
        dict.fromkeys(
            m
            for r in results
            if r.available and r.pathway in ASKED_FOR
            for m in r.missing
            if not m.startswith("relatives")
        )
    )
