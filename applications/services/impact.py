"""What a rule change does to the cases in hand: a dry run over a draft before it is published,
and the re-screening of the cases it governs once it is."""

from __future__ import annotations

from collections import defaultdict

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
    frozen facts, zone, pathway and the verdict the case carries now. Each case is judged on
    its own submission day, as it would be if the draft had been in force then."""
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
    rows = (
        Case.objects.filter(city=book.city, status__in=OPEN_STATUSES, kind__in=ENGINE_KINDS)
        .order_by()
        .values_list("pk", "reference", "pathway", "zone", "facts", "submitted_at", "eligible")
        .iterator(chunk_size=CHUNK)
    )
    for pk, reference, pathway, zone, facts, submitted_at, was in rows:
        data = {"city": book.city, "zone": zone or None, "as_of": timezone.localdate(submitted_at), **facts}
        now = evaluate_pathway(facts_from_stored(data), book, pathway, explain=False).eligible
        tally = counts[pathway]
        tally["checked"] += 1
        checked += 1
        if now != bool(was):
            tally["to_eligible" if now else "to_ineligible"] += 1
            changed.append({"id": pk, "reference": reference, "pathway": pathway, "then": bool(was), "now": now})
    ImpactRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        cases_checked=checked,
        by_pathway=dict(counts),
        changed=changed,
    )
    run.refresh_from_db()
    return run


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
