"""Three-valued conditions and the trace of what a verdict rests on.

A condition is met (True), not met (False) or undecided (None) because facts are missing. The
contract's rule for missing facts falls out of how conditions combine: a fact is missing only
where it could change the verdict, so an undecided alternative beside a met one, or any
condition beside a failed one, reports nothing missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext


class Cond(NamedTuple):
    met: bool | None
    missing: tuple[str, ...] = ()


MET = Cond(True)
NOT_MET = Cond(False)


def all_of(*conds: Cond) -> Cond:
    missing: tuple[str, ...] = ()
    undecided = False
    for cond in conds:
        if cond.met is False:
            return NOT_MET
        if cond.met is None:
            undecided = True
            missing += cond.missing
    return Cond(None, missing) if undecided else MET


def any_of(*conds: Cond) -> Cond:
    missing: tuple[str, ...] = ()
    undecided = False
    for cond in conds:
        if cond.met is True:
            return MET
        if cond.met is None:
            undecided = True
            missing += cond.missing
    return Cond(None, missing) if undecided else NOT_MET


def known(value, fact: str) -> Cond | None:
    """None when the fact is given; otherwise the undecided condition naming it."""
    return Cond(None, (fact,)) if value is None else None


@dataclass(slots=True)
class Condition:
    key: str
    clause: str
    text: str
    met: bool | None
    detail: str
    missing: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = {"clause": self.clause, "text": self.text, "met": self.met, "detail": self.detail, "key": self.key}
        if self.missing:
            data["missing"] = list(self.missing)
        return data


def missing_message(paths, *, relatives=()) -> str:
    """What an undecided condition still needs, as the questions that ask for it."""
    from .presentation import missing_questions

    questions = missing_questions(paths, relatives=relatives)
    return gettext("待补充：%(questions)s") % {"questions": " ".join(questions)}


def drop_unneeded(conditions: list[Condition], needed: tuple[str, ...]) -> list[Condition]:
    """The conditions a verdict rests on: an undecided one whose missing facts the verdict does
    not need (an alternative beside a met one, anything beside a failed one) is left out, so an
    eligible verdict never lists a fact as still to be supplied."""
    wanted = set(needed)
    return [c for c in conditions if c.met is not None or wanted.intersection(c.missing)]


def _translated(figure):
    """Figures that are names (marked with gettext_noop) are translated with the message."""
    return gettext(figure) if isinstance(figure, str) else figure


class Trace:
    """Where pathway functions record their conditions. In batch mode (explain=False) it records
    nothing and formats nothing, so verdicts come from exactly the same code, only faster."""

    __slots__ = ("clauses", "explain", "conditions")

    def __init__(self, clauses: dict[str, tuple[str, str]], *, explain: bool):
        self.clauses = clauses
        self.explain = explain
        self.conditions: list[Condition] = []

    def check(self, clause_key: str, key: str, cond: Cond, detail: str, **figures) -> Cond:
        """Record one condition. `detail` is an untranslated message (marked with gettext_noop)
        formatted with the figures only when explaining."""
        if self.explain:
            citation, text = self.clauses[clause_key]
            if cond.met is None:
                message = missing_message(cond.missing)
            else:
                message = (
                    gettext(detail) % {k: _translated(v) for k, v in figures.items()} if figures else gettext(detail)
                )
            self.conditions.append(Condition(key, citation, text, cond.met, message, cond.missing))
        return cond
