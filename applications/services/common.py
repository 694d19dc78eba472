"""What the case services share: the domain error, row locking, numbering (the one
numbering service, common.numbering, re-exported for the case and permit services)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.codes import new_verification_code
from common.db import locked_row
from common.errors import DomainError
from common.numbering import next_number
from eligibility.engine import Evaluation
from eligibility.facts import parse_facts
from eligibility.services import eligibility_evaluate

from ..constants import CITY_PREFIX, CaseKind, CaseStatus, EventKind
from ..models import Case

# The domain error (common/errors.py), under the name the case services have always used for it.
CaseError = DomainError


def lock_case(case: Case | int) -> Case:
    """The case row, locked until the transaction ends: two clerks acting at once go one by one,
    and the second sees what the first did. Someone is waiting for the answer, so the wait for the
    row is short (common.db.locked_row): a case held longer is a clear message, not a hung page."""
    pk = case.pk if isinstance(case, Case) else case
    return locked_row(lambda: Case.objects.select_for_update().get(pk=pk), conflict=case_busy)


def case_busy() -> CaseError:
    return CaseError(_("另一位民警正在办理此业务，请稍后再试。"))


def require_status(case: Case, *allowed: str) -> None:
    if case.status not in allowed:
        raise CaseError(
            _("业务 %(case)s 当前状态为“%(status)s”，不能进行此操作。")
            % {"case": case, "status": case.get_status_display()}
        )


def new_reference(city: str, day: datetime.date) -> str:
    prefix = f"{CITY_PREFIX[city]}-{day.year}"
    return f"{prefix}-{next_number(prefix):06d}"


def submission_day(case: Case) -> datetime.date:
    return timezone.localdate(case.submitted_at) if case.submitted_at else timezone.localdate()


def engine_facts(case: Case, *, facts: dict | None = None) -> dict | None:
    """The case as the eligibility contract's facts, judged on the submission day; None for case
    kinds the engine does not decide (deaths, corrections, a residence permit's endorsement)."""
    facts = case.facts if facts is None else facts
    if case.kind in (CaseKind.DEATH, CaseKind.CORRECTION, CaseKind.ENDORSEMENT):
        return None
    pathway = "newborn" if case.kind == CaseKind.NEWBORN else case.pathway
    data = {
        "city": case.city,
        "as_of": submission_day(case).isoformat(),
        "pathway": pathway,
        "applicant": facts.get("applicant") or {},
    }
    if case.zone:
        data["zone"] = case.zone
    county = county_of(case)
    if county:
        data["county"] = county
    relatives = [
        {
            k: v
            for k, v in {
                "relation": r.relation,
                "co_resident": r.co_resident,
                "married": r.married,
                "minor": r.minor,
            }.items()
            if v is not None
        }
        for r in case.relatives.all()
    ]
    if relatives:
        data["relatives"] = relatives
    return data


def county_of(case: Case) -> str | None:
    """The GB/T 2260 code of the destination's county-level area (the contract's county), for the
    rules that speak of another county; None when only the city is known."""
    from registers.constants import RegionKind

    region = case.region if case.region_id else None
    return region.code if region is not None and region.kind != RegionKind.PREFECTURE else None


def evaluate_case(case: Case, *, facts: dict | None = None) -> Evaluation | None:
    data = engine_facts(case, facts=facts)
    return None if data is None else eligibility_evaluate(facts=parse_facts(data))


def record_evaluation(case: Case, *, facts: dict | None = None) -> Evaluation | None:
    """The evaluation a case keeps on record: explained in the portal's official language (zh-hans)
    whatever the language of the person whose action triggered it, as the case history is."""
    with translation.override(settings.LANGUAGE_CODE):
        return evaluate_case(case, facts=facts)


__all__ = [
    "CaseError",
    "CaseStatus",
    "EventKind",
    "lock_case",
    "require_status",
    "new_reference",
    "new_verification_code",
    "submission_day",
    "record_evaluation",
    "engine_facts",
    "evaluate_case",
]
