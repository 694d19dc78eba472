"""The engine's verdict on a case's facts, kept as a facts version: the one place a case's verdict
is written."""

from __future__ import annotations

from ..models import Case, CaseRelative, FactsVersion


def facts_version_add(case: Case, evaluation, *, facts: dict, actor, reason: str = "") -> FactsVersion:
    """Keep the facts as they now are and the engine's evaluation of them as the case's next
    version, and make its verdict the case's: Case.eligible is always the latest version's
    ``eligible``, written here and nowhere else. It stays a column of the case because the batch's
    ready-case filter (services/batches.py batch_ready_cases) reads it beside the queue's scope,
    status and pre-screen on the case row — at a million cases, with no join to the versions. The
    relatives' verdicts come with it."""
    result = evaluation.results[0] if evaluation else None
    version = FactsVersion.objects.create(
        case=case,
        number=case.fact_versions.count() + 1,
        facts=facts,
        evaluation=evaluation.as_dict() if evaluation else {},
        eligible=result.eligible if result else None,
        reason=reason,
        created_by=actor,
    )
    case.eligible = version.eligible
    Case.objects.filter(pk=case.pk).update(eligible=version.eligible)
    verdicts = {r["index"]: r["eligible"] for r in (result.relatives if result else None) or []}
    for relative in case.relatives.all():
        if relative.eligible != verdicts.get(relative.position):
            CaseRelative.objects.filter(pk=relative.pk).update(eligible=verdicts.get(relative.position))
            relative.eligible = verdicts.get(relative.position)
    return version
