"""Batch review: "符合条件、材料齐全的，直接办理" (曲政发〔2015〕82号（十四）). A supervisor or clerk
puts likely-eligible, complete cases in a batch; Celery works through it, re-checking each case
when its turn comes, and the starter approves each one by name — or it is set aside with why.

Every item is processed in its own transaction that first claims the item row
(``select_for_update(skip_locked=True)`` on a still-pending item). A chunk delivered twice, two
workers on one batch, or a worker killed half-way and the chunk sent again: each case is still
decided exactly once, because a decided item is no longer pending and an interrupted one rolled
back whole.
"""

from __future__ import annotations

import datetime
import time

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from accounts.models import User
from common.work import send

from ..constants import BatchItemStatus, BatchStatus, CaseKind, CaseStatus, Prescreen
from ..models import Batch, BatchItem, Case, DocumentRequest
from .approval import approve_locked, lock_for_decision
from .common import CaseError, evaluate_case
from .review import require_staff_of, take_locked

CHUNK_SIZE = 50
BATCH_KINDS = (CaseKind.SETTLEMENT, CaseKind.RESIDENCE_PERMIT)


def batch_ready_cases(user):
    """The cases this user may put in a batch: open, likely eligible, complete, not waiting in
    another batch, not taken by someone else."""
    from ..selectors import cases_visible_to_staff

    waiting = BatchItem.objects.filter(case=OuterRef("pk"), status=BatchItemStatus.PENDING)
    return (
        cases_visible_to_staff(user)
        .filter(kind__in=BATCH_KINDS, prescreen=Prescreen.LIKELY_ELIGIBLE, eligible=True)
        .filter(Q(status=CaseStatus.SUBMITTED) | Q(status=CaseStatus.IN_REVIEW, assigned_to=user))
        .exclude(Exists(waiting))
    )


@transaction.atomic
def batch_start(*, starter, case_ids: list[int] | None = None) -> Batch:
    """A batch of the given cases (those of them that are ready), or of every ready case the
    starter may see. The work is sent to Celery once the batch is saved."""
    if starter.role not in (Role.CLERK, Role.SUPERVISOR):
        raise CaseError(_("只有民警和审核主管可以发起批量审核。"))
    ready = batch_ready_cases(starter)
    if case_ids is not None:
        ready = ready.filter(pk__in=case_ids)
    ids = list(ready.order_by("due_date", "submitted_at", "pk").values_list("pk", flat=True))
    if not ids:
        raise CaseError(_("没有可以批量审核的业务：只能选择预审“可能符合”、材料齐全且未被他人受理的业务。"))
    batch = Batch.objects.create(
        city=starter.city, station=starter.station if starter.role == Role.CLERK else None, started_by=starter
    )
    try:
        BatchItem.objects.bulk_create(BatchItem(batch=batch, case_id=pk) for pk in ids)
    except IntegrityError:  # another batch, started at the same moment, took some of these cases
        raise CaseError(_("其中有业务刚被另一个批量审核选中，请刷新后重新选择。")) from None
    transaction.on_commit(lambda: batch_send(batch.pk))
    return batch


def batch_send(batch_id: int) -> None:
    """Queue the batch's pending items, a chunk a task, so the workers share the work."""
    for chunk in batch_chunks(batch_id):
        send("applications.tasks.batch_work", batch_id, chunk)


def batch_chunks(batch_id: int) -> list[list[int]]:
    """The batch's pending items in chunks, one Celery task each, so workers share the work."""
    ids = list(
        BatchItem.objects.filter(batch_id=batch_id, status=BatchItemStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [ids[i : i + CHUNK_SIZE] for i in range(0, len(ids), CHUNK_SIZE)]


HEARTBEAT_EVERY = 10  # seconds: how often a worker in a chunk says the batch is moving


def batch_process_chunk(*, batch_id: int, item_ids: list[int]) -> int:
    """Decide a chunk of the batch's items, one transaction each; the batch's heartbeat (what the
    sweeper watches) is written outside them, every few seconds and at the end, so the workers
    do not queue on the batch's row. Returns how many items this call decided."""
    done, beat = 0, time.monotonic()
    for pk in item_ids:
        done += batch_process_item(item_id=pk) is not None
        if time.monotonic() - beat > HEARTBEAT_EVERY:
            batch_heartbeat(batch_id=batch_id)
            beat = time.monotonic()
    batch_heartbeat(batch_id=batch_id)
    return done


def batch_heartbeat(*, batch_id: int) -> None:
    Batch.objects.filter(pk=batch_id).update(heartbeat_at=timezone.now())


def batch_process_item(*, item_id: int) -> str | None:
    """Decide one case of a batch. Returns the item's new status, or None when there was nothing
    to do (decided already, or another worker holds it right now)."""
    with transaction.atomic():
        item = (
            BatchItem.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("batch")
            .filter(pk=item_id, status=BatchItemStatus.PENDING)
            .first()
        )
        if item is None:
            return None
        batch = item.batch
        if batch.status == BatchStatus.CANCELLED:
            item.status = BatchItemStatus.CANCELLED
        else:
            item.status, item.reason = _decide(item.case_id, _starter(batch))
        item.processed_at = timezone.now()
        item.save(update_fields=["status", "reason", "processed_at"])
        return item.status


def _starter(batch: Batch) -> User:
    """The batch's starter as they are now (their role and station), read by its own key: joined to
    the item's claim, PostgreSQL at times merged the claim with a scan of every account (3 ms of
    each approval's 29 in the benchmark, against 0.2 ms for this read)."""
    return User.objects.select_related("station").get(pk=batch.started_by_id)


def _decide(case_id: int, starter) -> tuple[str, str]:
    """Re-check the case, then take it (if still submitted) and approve it in the starter's name;
    what stops it rolls back whole and sets the item aside with why."""
    try:
        with transaction.atomic():
            case = lock_for_decision(case_id)
            reason, checklist = _recheck(case, starter)
            if reason:
                return BatchItemStatus.SET_ASIDE, reason
            require_staff_of(case, starter)
            taken = case.status == CaseStatus.SUBMITTED
            if taken:
                take_locked(case, starter, then_approved=True)
            approve_locked(case, starter, checklist=checklist, taken=taken)
    except CaseError as error:
        return BatchItemStatus.SET_ASIDE, str(error)
    return BatchItemStatus.APPROVED, ""


def batch_recheck(case: Case, starter) -> str:
    """Why the case can no longer be approved in the batch ("" when it still can): anything that
    changed since it was put in — its status, who holds it, the verdict, the checklist, a new
    open case of the same person."""
    case.refresh_from_db()
    return _recheck(case, starter)[0]


def _recheck(case: Case, starter) -> tuple[str, list | None]:
    """batch_recheck on a case read in this transaction, with the checklist it built (the
    approval reads it again otherwise)."""
    from ..selectors import case_checklist

    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW):
        return f"状态已变为“{case.get_status_display()}”。", None
    if case.status == CaseStatus.IN_REVIEW and case.assigned_to_id != starter.pk:
        return "已由其他民警受理。", None
    evaluation = evaluate_case(case)
    result = evaluation.results[0] if evaluation else None
    if result is None or not result.eligible:
        return "重新核查：引擎判断不再符合条件。", None
    checklist = case_checklist(case)
    documents = [line.item.get_document_display() for line in checklist if not line.satisfied]
    if documents:
        return "重新核查：缺少材料 " + "、".join(documents) + "。", None
    others = Case.objects.filter(id_number=case.id_number, status__in=OPEN_OR_APPROVED).exclude(pk=case.pk)
    if others.exists():
        return "同一公民身份号码另有在办业务，须人工办理。", None
    if DocumentRequest.objects.filter(case=case, answered_at__isnull=True).exists():
        return "有未答复的补充材料要求。", None
    return "", checklist


OPEN_OR_APPROVED = (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.AWAITING_DOCUMENTS, CaseStatus.APPROVED)


def batch_finish_if_done(*, batch_id: int) -> bool:
    """Close the batch once no item is pending (a conditional update: only one caller wins)."""
    pending = BatchItem.objects.filter(batch_id=OuterRef("pk"), status=BatchItemStatus.PENDING)
    return bool(
        Batch.objects.filter(pk=batch_id, status=BatchStatus.RUNNING)
        .exclude(Exists(pending))
        .update(status=BatchStatus.DONE, finished_at=timezone.now())
    )


@transaction.atomic
def batch_cancel(*, batch: Batch, user) -> Batch:
    """Stop a batch: what is done stays done; what is still pending is left for people."""
    from ..selectors import batch_for_staff

    batch = batch_for_staff(user, batch.pk)
    updated = Batch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
        status=BatchStatus.CANCELLED, cancelled_by=user, finished_at=timezone.now()
    )
    if not updated:
        raise CaseError(_("该批量审核已结束，不能取消。"))
    BatchItem.objects.filter(batch=batch, status=BatchItemStatus.PENDING).update(
        status=BatchItemStatus.CANCELLED, processed_at=timezone.now(), reason="批量已取消"
    )
    batch.refresh_from_db()
    return batch


def batches_stalled(*, quiet_for: datetime.timedelta) -> list[int]:
    """Running batches with pending items and no progress for a while (a worker died, the broker
    lost the message): the sweeper sends their pending items again."""
    since = timezone.now() - quiet_for
    pending = BatchItem.objects.filter(batch_id=OuterRef("pk"), status=BatchItemStatus.PENDING)
    return list(
        Batch.objects.filter(status=BatchStatus.RUNNING)
        .filter(Q(heartbeat_at__lt=since) | Q(heartbeat_at__isnull=True, started_at__lt=since))
        .filter(Exists(pending))
        .values_list("pk", flat=True)
    )


def batch_progress(batch: Batch, counts: dict[str, int] | None = None) -> dict:
    """How far the batch is; ``counts`` (items per status) when the caller has them already."""
    if counts is None:
        counts = dict(batch.items.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(counts.values())
    done = total - counts.get(BatchItemStatus.PENDING, 0)
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_display": batch.get_status_display(),
        "total": total,
        "done": done,
        "approved": counts.get(BatchItemStatus.APPROVED, 0),
        "set_aside": counts.get(BatchItemStatus.SET_ASIDE, 0),
        "cancelled": counts.get(BatchItemStatus.CANCELLED, 0),
        "percent": round(100 * done / total) if total else 100,
    }
