"""Evaluate facts under a rule book: every pathway (or one), each with its verdict, the
conditions it rests on, the facts still missing and the relatives' own verdicts.

``explain=False`` is the batch mode: the same code decides, but no explanation text is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_noop as _

from registers.constants import Zone

from .explain import MET, NOT_MET, Cond, Trace, drop_unneeded
from .facts import Facts
from .pathways import PATHWAYS, relatives_coming_along
from .rulebook import RuleBook

PATHWAY_ORDER = tuple(PATHWAYS)
ZONES = tuple(Zone.values)


class NoRulesInForce(LookupError):
    def __init__(self, city: str, as_of):
        super().__init__(f"no published rule set for {city} on {as_of}")
        self.city = city
        self.as_of = as_of


@dataclass(slots=True)
class PathwayResult:
    pathway: str
    available: bool
    eligible: bool
    conditions: list = field(default_factory=list)
    missing: tuple[str, ...] = ()
    relatives: list | None = None

    def as_dict(self) -> dict:
        data = {
            "pathway": self.pathway,
            "available": self.available,
            "eligible": self.eligible,
            "conditions": [c.as_dict() for c in self.conditions],
            "missing": list(self.missing),
        }
        if self.relatives is not None:
            data["relatives"] = self.relatives
        return data


@dataclass(slots=True)
class Evaluation:
    facts: Facts
    book: RuleBook
    results: list[PathwayResult]

    @property
    def eligible_pathways(self) -> list[str]:
        return [r.pathway for r in self.results if r.eligible]

    def result(self, pathway: str) -> PathwayResult:
        return next(r for r in self.results if r.pathway == pathway)

    def as_dict(self) -> dict:
        return {
            "city": self.facts.city,
            "as_of": self.facts.as_of.isoformat(),
            "rule_set": self.book.describe(),
            "results": [r.as_dict() for r in self.results],
            "eligible_pathways": self.eligible_pathways,
        }


def evaluate(facts: Facts, book: RuleBook, *, explain: bool = True) -> Evaluation:
    pathways = (facts.pathway,) if facts.pathway else PATHWAY_ORDER
    return Evaluation(facts, book, [evaluate_pathway(facts, book, name, explain=explain) for name in pathways])


def evaluate_pathway(facts: Facts, book: RuleBook, pathway: str, *, explain: bool = True) -> PathwayResult:
    definition = PATHWAYS[pathway]
    trace = Trace(book.clauses, explain=explain)
    if book.params[f"{pathway}.available"]:
        verdict = definition.evaluate(facts, book, trace)
        available = True
        if facts.zone is None and verdict.met is None and "zone" in definition.facts:
            verdict = _decide_across_zones(facts, book, pathway, trace)
    else:
        verdict = trace.check(pathway, "available", NOT_MET, _("本市规则未设此落户途径，详见所引条款"))
        available = False
    relatives = None
    if definition.takes_relatives:
        relatives = relatives_coming_along(facts, book, pathway, verdict, explain=explain)
    missing = tuple(dict.fromkeys(verdict.missing))
    return PathwayResult(
        pathway=pathway,
        available=available,
        eligible=verdict.met is True,
        conditions=drop_unneeded(trace.conditions, missing) if explain else trace.conditions,
        missing=missing,
        relatives=relatives,
    )


def _decide_across_zones(facts: Facts, book: RuleBook, pathway: str, trace: Trace) -> Cond:
    """The zone is not given: it is missing only if it could change the verdict. Try every zone;
    if all agree, that is the verdict (and, when explaining, what fails everywhere is shown)."""
    evaluate_in = PATHWAYS[pathway].evaluate
    verdicts = [evaluate_in(replace(facts, zone=zone), book, Trace(book.clauses, explain=False)) for zone in ZONES]
    if all(v.met is True for v in verdicts):
        return MET
    if not PATHWAYS[pathway].zone_always_missing and len(set(verdicts)) == 1 and verdicts[0].met is None:
        return verdicts[0]  # the zone changes nothing here
    if any(v.met is not False for v in verdicts):
        return Cond(None, tuple(dict.fromkeys(("zone", *(m for v in verdicts for m in v.missing)))))
    if trace.explain:
        seen = {(c.clause, c.detail) for c in trace.conditions}
        for zone in ZONES:
            in_zone = Trace(book.clauses, explain=True)
            evaluate_in(replace(facts, zone=zone), book, in_zone)
            for condition in in_zone.conditions:
                if (
                    condition.met is False
                    and condition.key != "zone"
                    and (condition.clause, condition.detail) not in seen
                ):
                    seen.add((condition.clause, condition.detail))
                    trace.conditions.append(condition)
    return NOT_MET
