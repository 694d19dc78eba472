"""The station's side before the decision: pre-screening, taking, correcting, asking, extending."""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.constants import Role
from activity.services import record_event
from common.staff import acts_for
from eligibility.constants import DocumentKind
from eligibility.facts import FactsError, flatten_errors, parse_facts
from eligibility.presentation import fact_label, fact_value

from ..constants import OPEN_STATUSES, CaseStatus, EventKind, Prescreen
from ..models import Case, DocumentRequest, FactsVersion, RequestedItem
from ..working_days import add_working_days
from .common import CaseError, engine_facts, lock_case, record_evaluation, require_status
from .papers import issue_notice, issue_receipt, issue_refusal
from .verdicts import facts_version_add


def case_prescreen(*, case_id: int) -> Case | None:
    """File a submitted case in its station's queue as likely eligible, incomplete or likely
    ineligible, under the rules in force on the submission day, with the checklist checked and
    other open cases of the same person found. Safe to run twice or from two workers at once:
    it claims the row and does nothing if the work is done."""
    with transaction.atomic():
        # Wait for the row (a clerk checking a document holds it for milliseconds) rather than skip it:
        # a skipped case would stay unscreened until the sweeper. Two workers still screen it once:
        # the second finds it no longer pending once the first commits.
        case = Case.objects.select_for_update().filter(pk=case_id, prescreen=Prescreen.PENDING).first()
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
        facts_version_add(
            case,
            evaluation,
            facts=engine_facts(case) or case.facts,
            reason=f"规则新版本（第 {evaluation.book.version} 版）发布后重新评估",
            actor=actor,
        )
        case.rule_set_id = rule_set_id
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
    case.prescreen = verdict
    case.prescreen_notes = {
        "missing_documents": documents,
        "missing_facts": list(result.missing) if result else [],
        "duplicates": duplicates,
    }
    case.save()
    with translation.override(settings.LANGUAGE_CODE):  # the case history is kept in zh-hans
        message = case.get_prescreen_display()
    record_event(case, EventKind.PRESCREENED, message=message, **case.prescreen_notes)


def require_staff_of(case: Case, user) -> None:
    if not acts_for(user, station_id=case.station_id, city=case.city):
        raise CaseError(_("您无权办理该业务。"))


@transaction.atomic
def case_take(*, case: Case, clerk) -> Case:
    case = lock_case(case)
    require_staff_of(case, clerk)
    return take_locked(case, clerk)


def take_locked(case: Case, clerk, *, then_approved: bool = False) -> Case:
    """case_take's work on a case the caller has locked and checked the clerk of.
    ``then_approved``: the approval follows in the same transaction (batch review) and does the
    rest — saves the case once, records the step with its own and issues the receipt, where the
    numbered papers come last."""
    require_status(case, CaseStatus.SUBMITTED)
    case.status, case.assigned_to, case.acceptance_due = CaseStatus.IN_REVIEW, clerk, None
    if then_approved:
        return case
    case.save(update_fields=["status", "assigned_to", "acceptance_due", "updated_at"])
    record_event(case, EventKind.TAKEN, actor=clerk)
    issue_receipt(case, clerk)  # 受理回执: what was received, the time limit and the date
    return case


@transaction.atomic
def case_correct_fact(*, case: Case, clerk, path: str, value, reason: str) -> FactsVersion:
    """Correct one fact that the documents contradict (e.g. applicant.housing.lease_since)."""
    return case_correct_facts(case=case, clerk=clerk, changes={path: value}, reason=reason)


@transaction.atomic
def case_correct_facts(*, case: Case, clerk, changes: dict, reason: str) -> FactsVersion:
    """Correct the facts that the documents contradict, each path to its new value (None: not
    known); the engine judges again, and both versions are kept."""
    case = lock_case(case)
    require_staff_of(case, clerk)
    require_status(case, CaseStatus.IN_REVIEW)
    if not reason.strip():
        raise CaseError(_("更正事实须说明理由。"))
    if not changes:
        raise CaseError(_("没有更改任何事实。"))
    facts = copy.deepcopy(case.facts)
    before = {path: _set_fact(facts, path, value) for path, value in changes.items()}
    data = engine_facts(case, facts=facts)
    if data is not None:
        try:
            parse_facts(data)
        except FactsError as error:
            raise CaseError("；".join(f"{fact_label(p)}：{m}" for p, m in flatten_errors(error.errors))) from None
    case.facts = facts
    evaluation = record_evaluation(case)
    case.save(update_fields=["facts", "updated_at"])
    version = facts_version_add(case, evaluation, facts=data or facts, reason=reason, actor=clerk)
    number = version.number
    for path, value in changes.items():
        record_event(
            case,
            EventKind.FACT_CORRECTED,
            actor=clerk,
            message=_correction_words(path, before[path], value, reason),
            path=path,
            before=before[path],
            after=value,
            version=number,
        )
    return version


def _set_fact(facts: dict, path: str, value):
    """Set one applicant fact in the case's facts; returns the value it had."""
    if not path.startswith("applicant."):
        raise CaseError(_("只能更正申请人的事实。"))
    node = facts
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise CaseError(_("无法更正%(fact)s。") % {"fact": fact_label(path)})
    before = node.get(leaf)
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value
    return before


def _correction_words(path: str, before, after, reason: str) -> str:
    """The history's line, kept in Chinese: 住所：租赁住房 → 自有住房（理由）."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{fact_label(path)}：{fact_value(path, before)} → {fact_value(path, after)}（{reason}）"


@transaction.atomic
def case_request_documents(
    *,
    case: Case,
    clerk,
    items: list[tuple[str, str]] | None = None,
    kinds: list[str] | None = None,
    message: str = "",
    repeat_reason: str = "",
) -> DocumentRequest:
    """一次性告知: ask, at once, for every item still missing, each with why it is needed; the time
    limit stands still until the applicant answers. Before acceptance this is the notice to
    supply what is missing (《行政许可法》第32条), and meets the acceptance limit. A later request on
    the same case may ask only for items the earlier answer changed, and says why."""
    case = lock_case(case)
    require_staff_of(case, clerk)
    require_status(case, CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW)
    if items is None:  # the short form: the same reason for every item listed
        items = [(kind, message) for kind in kinds or []]
    items = [(kind, (reason or "").strip()) for kind, reason in items]
    if not items:
        raise CaseError(_("请勾选需要补正的材料，并逐项写明原因。"))
    if len({kind for kind, _reason in items}) != len(items):
        raise CaseError(_("同一材料只需列出一次。"))
    if any(kind not in DocumentKind.values for kind, _reason in items):
        raise CaseError(_("未知的材料类型。"))
    if any(not reason for _kind, reason in items):
        raise CaseError(_("请为每一项需要补正的材料写明原因。"))
    _require_changed_since_last_answer(case, [kind for kind, _reason in items], repeat_reason)
    request = DocumentRequest.objects.create(
        case=case,
        kinds=[kind for kind, _reason in items],
        message=message.strip(),
        requested_by=clerk,
        status_before=case.status,
        repeat_reason=repeat_reason.strip(),
    )
    RequestedItem.objects.bulk_create(
        RequestedItem(request=request, position=i, kind=kind, reason=reason[:300])
        for i, (kind, reason) in enumerate(items)
    )
    issue_notice(request)  # 一次性告知书, every item with its reason
    if case.status == CaseStatus.SUBMITTED:
        case.assigned_to = clerk
    case.status, case.paused_on, case.acceptance_due = CaseStatus.AWAITING_DOCUMENTS, timezone.localdate(), None
    case.save(update_fields=["status", "paused_on", "acceptance_due", "assigned_to", "updated_at"])
    listed = "；".join(f"{DocumentKind(kind).label}：{reason}" for kind, reason in items)
    record_event(
        case, EventKind.DOCUMENTS_REQUESTED, actor=clerk, message=listed, kinds=request.kinds, request=request.pk
    )
    return request


def _require_changed_since_last_answer(case: Case, kinds: list[str], repeat_reason: str) -> None:
    earlier = case.document_requests.filter(answered_at__isnull=False).order_by("-answered_at").first()
    if earlier is None:
        return
    changed = set(case.documents.filter(request=earlier).values_list("kind", flat=True))
    outside = [str(DocumentKind(k).label) for k in kinds if k not in changed]
    if outside:
        raise CaseError(
            _(
                "已一次性告知过需补正的全部材料：再次要求只能针对上次补正中提交的材料（%(changed)s），"
                "不能再要求：%(outside)s。"
            )
            % {
                "changed": "、".join(str(DocumentKind(k).label) for k in sorted(changed)) or _("无"),
                "outside": "、".join(outside),
            }
        )
    if not repeat_reason.strip():
        raise CaseError(_("再次要求补正，须说明上次补正的材料有何问题。"))


@transaction.atomic
def case_extend(*, case: Case, supervisor, working_days: int, reason: str) -> Case:
    """A supervisor extends the time limit; the applicant sees the reason."""
    case = lock_case(case)
    if supervisor.role != Role.SUPERVISOR:
        raise CaseError(_("只有审核主管可以延长办理时限。"))
    require_staff_of(case, supervisor)
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
    require_staff_of(case, clerk)
    require_status(case, CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW)
    clauses = set(case.rule_set.clauses.values_list("citation", flat=True)) if case.rule_set_id else set()
    if clause not in clauses:
        raise CaseError(_("请选择不予办理所依据的条款。"))
    if not text.strip():
        raise CaseError(_("请写明不予办理的理由。"))
    case.status, case.decided_by, case.decided_at = CaseStatus.REFUSED, clerk, timezone.now()
    case.decision_clause, case.decision_text, case.acceptance_due = clause, text, None
    case.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_clause",
            "decision_text",
            "acceptance_due",
            "updated_at",
        ]
    )
    record_event(case, EventKind.REFUSED, actor=clerk, message=text, clause=clause)
    issue_refusal(case, clerk)  # 不予受理 / 不予办理决定书 with the clause and the appeal route
    return case
