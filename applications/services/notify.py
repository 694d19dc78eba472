"""What the case's steps tell people, through the outbox (notices/). Each is called once, inside
the transaction of the step it tells, so a notice exists exactly when the step happened."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import VerifiedIdentity
from notices.services import notice_send

from ..constants import ConsentStatus, DocumentKind
from ..models import Case, Consent, Paper
from ..models.papers import PaperKind

PAPER_EVENTS = {
    PaperKind.RECEIPT: "accepted",
    PaperKind.NOTICE: "requested",
    PaperKind.REFUSAL: "refused",
    PaperKind.CERTIFICATE: "approved",
}


def _case_link(case: Case) -> str:
    return reverse("applications:my_case", args=[case.pk])


def notify_submitted(case: Case) -> None:
    notice_send(
        "submitted",
        user=case.applicant,
        context={"reference": case.reference},
        link=reverse("applications:status_lookup"),
    )


def notify_paper(paper: Paper) -> None:
    """受理回执, 一次性告知书, 决定书 and 准予迁入证明: the applicant is told, with the paper's link."""
    event = PAPER_EVENTS.get(paper.kind)
    if event is None:
        return
    case = paper.case
    context = {"reference": case.reference, "number": paper.number}
    if paper.kind == PaperKind.NOTICE:
        labels = dict(DocumentKind.choices)
        context["items"] = "\n".join(
            f"{i}. {labels.get(item.kind, item.kind)}：{item.reason}"
            for i, item in enumerate(paper.request.items.all(), 1)
        )
    notice_send(
        event, user=case.applicant, context=context, link=reverse("applications:my_paper", args=[case.pk, paper.pk])
    )


def notify_moved_in(case: Case) -> None:
    """落户办结: the persons are in the register here; the applicant may now rate the service."""
    notice_send("moved_in", user=case.applicant, context={"reference": case.reference}, link=_case_link(case))


def notify_answered(case: Case) -> None:
    """The applicant's answer to a request: a confirmation to them, and word to the clerk on it."""
    context = {"reference": case.reference}
    notice_send("answered", user=case.applicant, context=context, link=_case_link(case))
    if case.assigned_to_id:
        link = reverse("applications:clerk_case", args=[case.pk])
        notice_send("answered", user=case.assigned_to, context=context, link=link, channels=["portal"])


def notify_consents(case: Case, consents: list[Consent]) -> None:
    """Each person asked who has a verified account of their own hears of it there."""
    asked = [c.id_number for c in consents if c.status == ConsentStatus.PENDING]
    accounts = VerifiedIdentity.objects.filter(id_number__in=asked).exclude(user=case.applicant).select_related("user")
    for identity in accounts:
        notice_send(
            "consent_asked",
            user=identity.user,
            context={"reference": case.reference, "applicant": case.name},
            link=reverse("applications:consents"),
        )
