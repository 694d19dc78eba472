"""The beat jobs' work, each a database query first — never the broker's memory: cases still
unscreened, and time limits running out."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.models import User
from common.dates import chinese_date
from notices.services import notice_send

from ..constants import CaseStatus, DeadlineFlag, Prescreen
from ..models import Case
from ..working_days import calendar_exceptions, working_days_between
from .review import case_prescreen

TICKING = (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW)  # awaiting documents: the clock stands still


def unscreened_cases(*, older_than: datetime.timedelta, limit: int = 500) -> list[int]:
    """Submitted cases whose pre-screen never ran (the broker was down, the task was lost)."""
    before = timezone.now() - older_than
    return list(
        Case.objects.filter(prescreen=Prescreen.PENDING, submitted_at__lt=before)
        .exclude(status=CaseStatus.DRAFT)
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:limit]
    )


def prescreen_sweep(*, older_than: datetime.timedelta) -> int:
    return sum(case_prescreen(case_id=pk) is not None for pk in unscreened_cases(older_than=older_than))


def near_deadline(*, today: datetime.date) -> Q:
    """The cases whose clock runs and whose time limit is near: past it (overdue), or with at most
    one working day left (due). Computed from the due date and the working-day calendar whenever
    it is asked, never stored; the overdue ones are a range of due dates, only the few due within
    the next ten days are counted in working days."""
    horizon = today + datetime.timedelta(days=10)
    exceptions = calendar_exceptions(today, horizon)
    soon = [
        pk
        for pk, due in Case.objects.filter(status__in=TICKING, due_date__gte=today, due_date__lte=horizon).values_list(
            "pk", "due_date"
        )
        if deadline_state(due, today=today, working_days_left=working_days_between(today, due, exceptions))
    ]
    return Q(status__in=TICKING) & (Q(due_date__lt=today) | Q(pk__in=soon))


DUE_WITHIN_WORKING_DAYS = 1


def deadline_state(due_date: datetime.date, *, today: datetime.date, working_days_left: int) -> DeadlineFlag | None:
    """The one rule of a time limit, for the queue's rows and the supervisors' notices alike:
    overdue once the due date has passed, due with at most one working day left, else neither."""
    if due_date < today:
        return DeadlineFlag.OVERDUE
    return DeadlineFlag.DUE if working_days_left <= DUE_WITHIN_WORKING_DAYS else None


def deadline_flag(case: Case, *, today: datetime.date) -> DeadlineFlag:
    """What the notice says of a case near its limit (one of near_deadline's)."""
    return DeadlineFlag.OVERDUE if case.due_date < today else DeadlineFlag.DUE


def deadlines_clear(*, today: datetime.date) -> int:
    """Forget having told the supervisors of a case whose time limit is no longer near (extended,
    paused for documents, decided): when its new limit nears, they are told again."""
    return (
        Case.objects.filter(deadline_notified_at__isnull=False)
        .exclude(near_deadline(today=today))
        .update(deadline_notified_at=None)
    )


@transaction.atomic
def deadlines_notify(*, today: datetime.date) -> int:
    """Tell the city's supervisors, once per case, which cases are due or overdue. The rows are
    claimed (locked, then stamped) and the notices written to the outbox in one transaction; the
    mail goes out after it commits, with no case row locked. A case is marked notified only when a
    notice was queued to someone: a city without a supervisor keeps its cases for the next run."""
    cases = list(
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(near_deadline(today=today), deadline_notified_at__isnull=True)
        .select_related("station")
        .order_by("due_date")
    )
    by_city = defaultdict(list)
    for case in cases:
        by_city[case.city].append(case)
    supervisors = User.objects.filter(role=Role.SUPERVISOR, city__in=by_city, is_active=True)
    told = []
    for supervisor in supervisors:
        lines = [
            f"{c.reference}　{c.station}　{deadline_flag(c, today=today).label}　办理期限 {chinese_date(c.due_date)}"
            for c in by_city[supervisor.city]
        ]
        sent = notice_send(
            "overdue",
            user=supervisor,
            context={"count": len(lines), "lines": "\n".join(lines)},
            link=reverse("applications:queue") + "?overdue=1",
        )
        if sent:
            told.extend(c.pk for c in by_city[supervisor.city])
    return Case.objects.filter(pk__in=told).update(deadline_notified_at=timezone.now())
