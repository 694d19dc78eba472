"""The station's side before the decision: pre-screening, taking, correcting, asking, extending."""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.constants import Role
from eligibility.facts import FactsError, flatten_errors, parse_facts

from ..constants import OPEN_STATUSES, CaseStatus, EventKind, Prescreen
from ..models import Case, DocumentRequest, FactsVersion
from ..working_days import add_working_days
from .common import CaseError, engine_facts, lock_case, record_evaluation, record_event, require_status


def case_prescreen(*, case_id: int) -> Case | None:
    """File a submitted case in its station's queue as likely eligible, incomplete or likely
    ineligible, under the rules in force on the submission day, with the checklist checked and
    other open cases of the same person found. Safe to run twice or from two workers at once:
    it claims the row and does nothing if the work is done."""
    with transaction.atomic():
        case = Case.objects.select_for_update(skip_locked=True).filter(pk=case_id, prescreen=Prescreen.PENDING).first()
        if case is None or case.status == CaseStatus.DRAFT:
            return None
        _screen(case, record_evaluation(case))
        return case


def case_rescreen(*, case_id: int, rule_set_id: int, actor) -> Case | None:
    """Judge an open case again after a new rule set version was published that governs its
    submission day: the new evaluation is kept as a facts version, and the queue is told. Does
    nothing for a case already judged under that version, or no longer open."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(skip_locked=True)
            .filter(pk=case_id, status__in=OPEN_STATUSES)
            .exclude(rule_set_id=rule_set_id)
            .first()
        )
        if case is None:
            return None
        evaluation = record_evaluation(case)
        if evaluation is None or evaluation.book.rule_set_id != rule_set_id:
            return None
        from .drafts import _store_verdicts

        _store_verdicts(case, evaluation)
        case.rule_set_id = rule_set_id
        FactsVersion.objects.create(
            case=case,
            number=case.fact_versions.count() + 1,
            facts=engine_facts(case) or case.facts,
            evaluation=evaluation.as_dict(),
            eligible=case.eligible,
            reason=f"规则新版本（第 {evaluation.book.version} 版）发布后重新评估",
            created_by=actor,
        )
        _screen(case, evaluation)
        return case


def _screen(case: Case, evaluation) -> None:
    from ..selectors import missing_documents

    result = evaluation.results[0] if evaluation else None
    documents = missing_documents(case)
    duplicates = list(
        Case.objects.filter(id_number=case.id_number, status__in=OPEN_STATUSES)
        .exclude(pk=case.pk)
        .values_list("reference", flat=True)
    )
    if result is not None and not result.eligible and not result.missing:
        verdict = Prescreen.LIKELY_INELIGIBLE
    elif documents or (result is not None and result.missing):
        verdict = Prescreen.INCOMPLETE
    else:
        verdict = Prescreen.LIKELY_ELIGIBLE
    case.prescreen, case.prescreened_at = verdict, timezone.now()
    case.prescreen_notes = {
        "missing_documents": documents,
        "missing_facts": list(result.missing) if result else [],
        "duplicates": duplicates,
    }
    case.save()
    with translation.override(settings.LANGUAGE_CODE):  # the case history is kept in zh-hans
        message = case.get_prescreen_display()
    record_event(case, EventKind.PRESCREENED, message=message, **case.prescreen_notes)


def _require_staff_of(case: Case, user) -> None:
    if user.role == Role.CLERK and user.station_id == case.station_id:
        return
    if user.role == Role.SUPERVISOR and user.city == case.city:
        return
    raise CaseError(_("您无权办理该业务。"))


@transaction.atomic
def case_take(*, case: Case, clerk) -> Case:
    case = lock_case(case)
    _require_staff_of(case, clerk)
    require_status(case, CaseStatus.SUBMITTED)
    case.status, case.assigned_to = CaseStatus.IN_REVIEW, clerk
    case.save(update_fields=["status", "assigned_to", "updated_at"])
    record_event(case, EventKind.TAKEN, actor=clerk)
    return case


@transaction.atomic
def case_correct_fact(*, case: Case, clerk, path: str, value, reason: str) -> FactsVersion:
    """Correct one fact that the documents contradict (e.g. applicant.housing.lease_since); the
    engine judges again, and both versions are kept."""
    case = lock_case(case)
    _require_staff_of(case, clerk)
    require_status(case, CaseStatus.IN_REVIEW)
    if not reason.strip():
        raise CaseError(_("更正事实须说明理由。"))
    if not path.startswith("applicant."):
        raise CaseError(_("只能更正申请人的事实（applicant.…）。"))
    facts = copy.deepcopy(case.facts)
    node = facts
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise CaseError(_("无法更正 %(path)s。") % {"path": path})
    before = node.get(leaf)
    node[leaf] = value
    data = engine_facts(case, facts=facts)
    if data is not None:
        try:
            parse_facts(data)
        except FactsError as error:
            raise CaseError("；".join(f"{p}: {m}" for p, m in flatten_errors(error.errors))) from None
    case.facts = facts
    evaluation = record_evaluation(case)
    from .drafts import _store_verdicts

    _store_verdicts(case, evaluation)
    case.save(update_fields=["facts", "eligible", "updated_at"])
    number = case.fact_versions.count() + 1
    version = FactsVersion.objects.create(
        case=case,
        number=number,
        facts=data or facts,
        evaluation=evaluation.as_dict() if evaluation else {},
        eligible=case.eligible,
        reason=reason,
        created_by=clerk,
    )
    record_event(
        case,
        EventKind.FACT_CORRECTED,
        actor=clerk,
        message=reason,
        path=path,
        before=before,
        after=value,
        version=number,
    )
    return version


@transaction.atomic
def case_request_documents(*, case: Case, clerk, kinds: list[str], message: str) -> DocumentRequest:
    """Ask the applicant for more documents; the time limit stands still until they answer."""
    case = lock_case(case)
    _require_staff_of(case, clerk)
    require_status(case, CaseStatus.IN_REVIEW)
    if not message.strip():
        raise CaseError(_("请写明需要补充的材料及原因。"))
    request = DocumentRequest.objects.create(case=case, kinds=kinds, message=message, requested_by=clerk)
    case.status, case.paused_on = CaseStatus.AWAITING_DOCUMENTS, timezone.localdate()
    case.save(update_fields=["status", "paused_on", "updated_at"])
    record_event(case, EventKind.DOCUMENTS_REQUESTED, actor=clerk, message=message, kinds=kinds)
    return request


@transaction.atomic
def case_extend(*, case: Case, supervisor, working_days: int, reason: str) -> Case:
    """A supervisor extends the time limit; the applicant sees the reason."""
    case = lock_case(case)
    if supervisor.role != Role.SUPERVISOR:
        raise CaseError(_("只有审核主管可以延长办理时限。"))
    _require_staff_of(case, supervisor)
    require_status(case, *OPEN_STATUSES)
    if not 1 <= working_days <= 30 or not reason.strip():
        raise CaseError(_("请填写 1 至 30 个工作日的延长期限及理由。"))
    case.due_date = add_working_days(case.due_date, working_days)
    case.save(update_fields=["due_date", "updated_at"])
    record_event(case, EventKind.EXTENDED, actor=supervisor, message=reason, working_days=working_days)
    return case


@transaction.atomic
def case_refuse(*, case: Case, clerk, clause: str, text: str) -> Case:
    """Refuse, resting on a clause of the rule set the case is judged under."""
    case = lock_case(case)
    _require_staff_of(case, clerk)
    require_status(case, CaseStatus.IN_REVIEW)
    clauses = set(case.rule_set.clauses.values_list("citation", flat=True)) if case.rule_set_id else set()
    if clause not in clauses:
        raise CaseError(_("请选择不予办理所依据的条款。"))
    if not text.strip():
        raise CaseError(_("请写明不予办理的理由。"))
    case.status, case.decided_by, case.decided_at = CaseStatus.REFUSED, clerk, timezone.now()
    case.decision_clause, case.decision_text = clause, text
    case.save(update_fields=["status", "decided_by", "decided_at", "decision_clause", "decision_text", "updated_at"])
    record_event(case, EventKind.REFUSED, actor=clerk, message=text, clause=clause)
    return case
