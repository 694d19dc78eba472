"""What a rule change does to the cases in hand: a dry run over a draft before it is published,
and the re-screening of the cases it governs once it is."""

from __future__ import annotations

import json
from collections import defaultdict

from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast, Collate, TruncDate
from django.utils import timezone

from common.work import send_on_commit
from eligibility.engine import evaluate_pathway
from eligibility.facts import facts_from_stored
from eligibility.models import RuleSet
from eligibility.rulebook import rulebook_from_rule_set

from ..constants import OPEN_STATUSES, CaseKind, RunStatus
from ..models import Case, ImpactRun

CHUNK = 2000
ENGINE_KINDS = (CaseKind.SETTLEMENT, CaseKind.RESIDENCE_PERMIT)


def impact_run_start(*, rule_set: RuleSet, user) -> ImpactRun:
    run = ImpactRun.objects.create(rule_set=rule_set, requested_by=user)
    send_on_commit("applications.tasks.impact_dry_run", run.pk)
    return run


def impact_dry_run(*, run_id: int) -> ImpactRun:
    """Judge every open case of the city again under the draft, in batch mode, and count the
    verdicts that would change, per pathway. Reads only what the engine needs, in chunks: the
    frozen facts, zone, pathway and the verdict the case carries now; cases alike in all of these
    are judged once. Each case is judged on its own submission day, as it would be if the draft
    had been in force then."""
    run = ImpactRun.objects.select_related("rule_set").get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return run  # done already
    try:
        return _dry_run(run)
    except Exception as error:
        ImpactRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=repr(error)[:2000])
        raise


def _dry_run(run: ImpactRun) -> ImpactRun:
    book = rulebook_from_rule_set(RuleSet.objects.prefetch_related("parameters", "clauses").get(pk=run.rule_set_id))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"checked": 0, "to_eligible": 0, "to_ineligible": 0})
    changed, checked = [], 0
    for (facts, pathway, zone, day, was), ids, references in _alike_cases(book.city):
        now = _verdict(book, facts, pathway, zone, day)
        tally = counts[pathway]
        tally["checked"] += len(ids)
        checked += len(ids)
        if now != bool(was):
            tally["to_eligible" if now else "to_ineligible"] += len(ids)
            changed.append({"pathway": pathway, "then": bool(was), "now": now, "ids": ids, "references": references})
    changed.sort(key=lambda group: min(group["ids"]))
    done = {
        "status": RunStatus.DONE,
        "finished_at": timezone.now(),
        "cases_checked": checked,
        "by_pathway": dict(counts),
        "changed": changed,  # in the groups judged once (ImpactRun.changed)
    }
    ImpactRun.objects.filter(pk=run.pk).update(**done)
    for field, value in done.items():  # as stored: not read back (the list of changed cases can be long)
        setattr(run, field, value)
    return run


ALIKE = ("facts_text", "pathway", "zone", "day", "eligible")


def _alike_cases(city: str) -> list[tuple[tuple, list[int], list[str]]]:
    """The city's open cases the engine decides, grouped by everything the verdict depends on —
    the frozen facts (as their JSON text), pathway, zone, submission day (the database's, in the
    portal's time zone) — and the verdict they carry now, each group with its cases' IDs and
    references: each group is judged once. PostgreSQL groups them itself; elsewhere (SQLite, for
    ``make run``) they are grouped here."""
    cases = (
        Case.objects.filter(city=city, status__in=OPEN_STATUSES, kind__in=ENGINE_KINDS)
        .order_by()
        .annotate(facts_text=Cast("facts", TextField()), day=TruncDate("submitted_at"))
    )
    if connection.vendor == "postgresql":  # hashed in byte order: no locale collation on 100,000 texts
        from django.contrib.postgres.aggregates import ArrayAgg

        groups = (
            cases.annotate(facts_text=Collate(Cast("facts", TextField()), "C"))
            .values(*ALIKE)
            .annotate(ids=ArrayAgg("pk"), references=ArrayAgg("reference"))
        )
        return [(tuple(g[k] for k in ALIKE), g["ids"], g["references"]) for g in groups]
    grouped: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for *key, pk, reference in cases.values_list(*ALIKE, "pk", "reference").iterator(chunk_size=CHUNK):
        ids, references = grouped[tuple(key)]
        ids.append(pk)
        references.append(reference)
    return [(key, ids, references) for key, (ids, references) in grouped.items()]


def _verdict(book, facts_text: str, pathway: str, zone: str, day) -> bool:
    """The engine's verdict under ``book`` for one group of alike cases (the batch fast path:
    stored facts are not validated again, and nothing is explained)."""
    data = {"city": book.city, "zone": zone or None, "as_of": day, **json.loads(facts_text)}
    return evaluate_pathway(facts_from_stored(data), book, pathway, explain=False).eligible


def cases_to_rescreen(rule_set: RuleSet) -> list[int]:
    """The open cases the newly published version now governs: submitted on or after its
    effective date (and, if it has an end, not after it)."""
    cases = Case.objects.filter(
        city=rule_set.city,
        status__in=OPEN_STATUSES,
        submitted_at__date__gte=rule_set.effective_from,
    )
    if rule_set.effective_to:
        cases = cases.filter(submitted_at__date__lte=rule_set.effective_to)
    return list(cases.exclude(rule_set=rule_set).values_list("pk", flat=True))
