"""Materials that are checked, not just counted.

A clerk checks each uploaded document against the original (核验通过 / 与原件不符, with the reason).
Approval needs every required checklist item to have a checked document — or the register to hold
what it proves (items the rule set marks as checked automatically), or the applicant's signed
promise to supply it later (容缺, for items the rule set allows) — and every consent on record."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import VerifiedIdentity
from activity.services import record_event
from common.dates import chinese_date

from ..constants import OPEN_STATUSES, ActingAs, CaseStatus, DocumentCheck, EventKind
from ..models import Case, Document, Promise
from .common import CaseError, lock_case, require_status
from .consents import consent_by_power_of_attorney, consent_problems

CHECKABLE = (*OPEN_STATUSES, CaseStatus.APPROVED, CaseStatus.COMPLETED)


@transaction.atomic
def document_check(*, document: Document, clerk, passed: bool, reason: str = "") -> Document:
    """Record the clerk's comparison of a document with its original."""
    from .review import require_staff_of

    case = lock_case(document.case_id)
    require_staff_of(case, clerk)
    require_status(case, *CHECKABLE)
    reason = reason.strip()
    if not passed and not reason:
        raise CaseError(_("请写明材料与原件不符之处。"))
    document = Document.objects.select_for_update().get(pk=document.pk, case=case)
    if document.purged_at is not None:
        raise CaseError(_("该材料的文件已按保存期限删除，不能核验。"))
    document.check_result = DocumentCheck.PASSED if passed else DocumentCheck.FAILED
    document.check_reason, document.checked_by, document.checked_at = reason, clerk, timezone.now()
    document.save(update_fields=["check_result", "check_reason", "checked_by", "checked_at"])
    if passed and document.consent_id:
        consent_by_power_of_attorney(document.consent, clerk)
    if passed:
        fulfilled = Promise.objects.filter(case=case, kind=document.kind, fulfilled_at__isnull=True)
        if fulfilled.update(fulfilled_at=timezone.now()):
            record_event(case, EventKind.PROMISE_FULFILLED, actor=clerk, message=document.get_kind_display())
    record_event(
        case,
        EventKind.DOCUMENT_CHECKED,
        actor=clerk,
        message=f"{document.get_kind_display()}：{document.get_check_result_display()}"
        + (f"（{reason}）" if reason else ""),
        document=document.pk,
        result=document.check_result,
    )
    return document


@transaction.atomic
def promise_sign(*, case: Case, actor, kind: str, due_on: datetime.date) -> Promise:
    """容缺受理: the applicant promises to supply an item the rule set lets come later."""
    from ..selectors import case_checklist
    from .drafts import _require_owner as require_owner

    case = lock_case(case)
    require_owner(case, actor)
    require_status(case, CaseStatus.DRAFT, *OPEN_STATUSES)
    line = next((line for line in case_checklist(case) if line.item.document == kind), None)
    if line is None or not line.item.deferrable:
        raise CaseError(_("该材料不能容缺，须在办理前提交。"))
    today = timezone.localdate()
    if not today < due_on <= today + datetime.timedelta(days=180):
        raise CaseError(_("承诺补交日期须在今天之后的 180 日内。"))
    text = _("本人承诺于%(date)s前补交%(item)s；逾期未补交或所交材料与承诺不符的，愿承担相应责任。") % {
        "date": chinese_date(due_on),
        "item": line.item.get_document_display(),
    }
    promise, _created = Promise.objects.update_or_create(
        case=case, kind=kind, defaults={"due_on": due_on, "text": text, "signed_by": actor, "fulfilled_at": None}
    )
    if case.status != CaseStatus.DRAFT:
        record_event(case, EventKind.PROMISE_SIGNED, actor=actor, message=text)
    return promise


def approval_problems(case: Case, *, checklist=None) -> list[str]:
    """Everything that stops approval, in words: the applicant's identity, consents, and each
    required item without a checked document or a promise. Empty when the case may be approved.
    Pass ``checklist`` (selectors.case_checklist) when the caller has it already."""
    from ..selectors import case_checklist

    problems = _identity_problems(case)
    problems += consent_problems(case)
    lines = case_checklist(case) if checklist is None else checklist
    problems += [line.problem for line in lines if line.problem]
    return problems


def _identity_problems(case: Case) -> list[str]:
    identity = VerifiedIdentity.objects.filter(user_id=case.applicant_id).first()
    if identity is None:
        return [_("申请账户尚未实名核验")]
    if case.acting_as in (ActingAs.GUARDIAN_OF_MINOR, ActingAs.GUARDIAN_OF_WARD):
        return []  # the guardianship proof is a checklist item the clerk checks
    if identity.id_number != case.id_number:
        return [_("申请人不是申请账户已实名核验的本人")]
    return []


def require_approvable(case: Case, *, checklist=None) -> None:
    problems = approval_problems(case, checklist=checklist)
    if problems:
        raise CaseError(_("暂不能准予：%(problems)s。") % {"problems": "；".join(problems)})
