"""好差评 (applications/models/ratings.py): rate once after the case ends; a poor rating is
followed up by the city's supervisor within 15 working days and answered in writing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from notices.services import notice_send

from ..constants import CLOSED_STATUSES
from ..models import Case, Rating, Score
from ..models.ratings import FOLLOW_UP_WORKING_DAYS, POOR
from ..working_days import add_working_days
from .common import CaseError, lock_case


@transaction.atomic
def case_rate(*, case: Case, actor, score: int, comment: str = "") -> Rating:
    case = lock_case(case)
    if case.applicant_id != actor.pk:
        raise CaseError(_("只有申请人可以评价本业务。"))
    if case.status not in CLOSED_STATUSES:
        raise CaseError(_("业务办结、不予办理或撤回后才能评价。"))
    if score not in Score.values:
        raise CaseError(_("请选择一项评价。"))
    if Rating.objects.filter(case=case).exists():
        raise CaseError(_("本业务已评价过，每件业务只能评价一次。"))
    comment = (comment or "").strip()[:1000]
    due = add_working_days(timezone.localdate(), FOLLOW_UP_WORKING_DAYS) if score <= POOR else None
    try:
        with transaction.atomic():
            rating = Rating.objects.create(case=case, score=score, comment=comment, rated_by=actor, follow_up_due=due)
    except IntegrityError:
        raise CaseError(_("本业务已评价过，每件业务只能评价一次。")) from None
    if due is not None:
        _tell_supervisors(rating)
    return rating


def _tell_supervisors(rating: Rating) -> None:
    case = rating.case
    context = {
        "reference": case.reference,
        "rating": rating.get_score_display(),
        "due": f"{rating.follow_up_due:%Y-%m-%d}",
    }
    link = reverse("applications:follow_up", args=[rating.pk])
    supervisors = get_user_model().objects.filter(role=Role.SUPERVISOR, city=case.city, is_active=True)
    for supervisor in supervisors:
        notice_send("rating_follow_up", user=supervisor, context=context, link=link)


@transaction.atomic
def follow_up_reply(*, rating: Rating, supervisor, reply: str) -> Rating:
    rating = Rating.objects.select_for_update().select_related("case").get(pk=rating.pk)
    if supervisor.role != Role.SUPERVISOR or supervisor.city != rating.case.city:
        raise CaseError(_("您无权答复该评价。"))
    if rating.follow_up_due is None:
        raise CaseError(_("该评价无需回访。"))
    if rating.replied_at is not None:
        raise CaseError(_("该评价已答复。"))
    reply = (reply or "").strip()
    if not reply:
        raise CaseError(_("请写明核实情况和答复。"))
    rating.reply, rating.replied_by, rating.replied_at = reply[:4000], supervisor, timezone.now()
    rating.save(update_fields=["reply", "replied_by", "replied_at"])
    case = rating.case
    notice_send(
        "rating_reply",
        user=case.applicant,
        context={"reference": case.reference, "reply": rating.reply},
        link=reverse("applications:my_case", args=[case.pk]),
    )
    return rating


def follow_ups_for(user):
    """The poor ratings of the supervisor's city, open ones first, by due date."""
    return (
        Rating.objects.filter(case__city=user.city, follow_up_due__isnull=False)
        .select_related("case", "case__station", "replied_by")
        .order_by("replied_at", "follow_up_due")
    )


def ratings_by_station(city: str) -> list[dict]:
    """Per station: how many ratings of each kind, and the share 基本满意 or better."""
    from django.db.models import Count, Q

    rows = (
        Rating.objects.filter(case__city=city)
        .values("case__station__name")
        .annotate(
            total=Count("pk"),
            good=Count("pk", filter=Q(score__gt=POOR)),
            **{f"s{value}": Count("pk", filter=Q(score=value)) for value in Score.values},
        )
        .order_by("case__station__name")
    )
    result = []
    for row in rows:
        counts = [(label, row[f"s{value}"]) for value, label in Score.choices]
        share = round(100 * row["good"] / row["total"]) if row["total"] else 0
        result.append({"station": row["case__station__name"], "total": row["total"], "counts": counts, "share": share})
    return result
