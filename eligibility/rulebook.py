"""A rule set as the engine reads it: its parameters and clauses, loaded once into memory.

A published rule set never changes (a change is a new version), so its RuleBook is cached by
primary key for the life of the process; drafts are loaded fresh every time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from .parameters import SPECS


@dataclass(frozen=True, slots=True)
class RuleBook:
    rule_set_id: int | None
    city: str
    document: str
    version: int
    effective_from: datetime.date
    effective_to: datetime.date | None
    params: dict
    clauses: dict[str, tuple[str, str]]

    def describe(self) -> dict:
        return {
            "document": self.document,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "version": self.version,
            "id": self.rule_set_id,
        }


def rulebook_from_rule_set(rule_set) -> RuleBook:
    params = {p.key: SPECS[p.key].load(p.value) for p in rule_set.parameters.all() if p.key in SPECS}
    clauses = {c.key: (c.citation, c.text) for c in rule_set.clauses.all()}
    return RuleBook(
        rule_set_id=rule_set.pk,
        city=rule_set.city,
        document=rule_set.document,
        version=rule_set.version,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        params=params,
        clauses=clauses,
    )


@lru_cache(maxsize=256)
def published_rulebook(rule_set_id: int, effective_to: datetime.date | None) -> RuleBook:
    """Keyed by effective_to too: publishing a successor closes an open-ended version."""
    from .models import RuleSet

    rule_set = RuleSet.objects.prefetch_related("parameters", "clauses").get(pk=rule_set_id)
    return rulebook_from_rule_set(rule_set)
