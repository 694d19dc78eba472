"""Reads: who may see which case, the queues, the checklist of a case."""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import VerifiedIdentity
from activity.models import Event
from common.compiled import CompiledQuery
from common.staff import staff_scope
from eligibility.models import ChecklistItem
from eligibility.selectors import rulebook_in_force

from .constants import CLOSED_STATUSES, OPEN_STATUSES, ActingAs, CaseKind, DocumentCheck, DocumentKind, EventKind
from .keyset import KeysetPage, decode_cursor, keyset_page
from .models import Batch, Case, CaseRelative, Document, Paper, Promise


def cases_visible_to_staff(user) -> QuerySet[Case]:
    """A clerk sees their station's cases, a supervisor their city's; nobody else any."""
    return staff_scope(user, Case.objects.submitted())


def case_for_staff(user, pk: int) -> Case:
    """The case if this staff member may see it; otherwise 404 — another station's case does not
    exist as far as they are concerned."""
    try:
        return (
            cases_visible_to_staff(user)
            .select_related(
                "station", "region", "address", "rule_set", "assigned_to", "applicant", "target_household", "person"
            )
            .get(pk=pk)
        )
    except Case.DoesNotExist:
        raise Http404 from None


def case_for_staff_recorded(request, pk: int) -> Case:
    """case_for_staff for a request: an attempt on an existing case the staff member may not see
    is still a 404, and is recorded for the auditors (访问被拒绝)."""
    try:
        return case_for_staff(request.user, pk)
    except Http404:
        from registers.audit import record_case_access
        from registers.models import DataAccess

        case = Case.objects.filter(pk=pk).first()
        if case is not None:
            record_case_access(request=request, case=case, action=DataAccess.Action.DENIED)
        raise


def case_for_applicant(user, pk: int) -> Case:
    try:
        return Case.objects.select_related("station", "region", "address").get(pk=pk, applicant=user)
    except Case.DoesNotExist:
        raise Http404 from None


QUEUE_PAGE_SIZE = 25
QUEUE_COUNT_LIMIT = 1000  # past this, "超过 1000 件": no exact count over a station's whole history
NO_DUE_DATE = datetime.date(9999, 12, 31)  # a case without a time limit sorts last


class QueueScope(models.TextChoices):
    OPEN = "open", gettext_lazy("办理中")
    CLOSED = "closed", gettext_lazy("已结束")
    ALL = "all", gettext_lazy("全部")


@dataclass(frozen=True)
class QueueSort:
    """One order of the queue: its keys (the last one unique) and the direction. Each order has its
    own index (migration 0008), so a page is a short index range scan whatever its number."""

    name: str
    keys: tuple[str, ...]
    descending: bool = False


QUEUE_SORTS = {
    "due": QueueSort("due", ("due_key", "submitted_at", "id")),
    "-due": QueueSort("-due", ("due_key", "submitted_at", "id"), descending=True),
    "submitted": QueueSort("submitted", ("submitted_at", "id")),
    "-submitted": QueueSort("-submitted", ("submitted_at", "id"), descending=True),
    "reference": QueueSort("reference", ("reference", "id")),
    "-reference": QueueSort("-reference", ("reference", "id"), descending=True),
}
# Closed cases have no time limit left and are not worked in reference order: newest first.
CLOSED_SORTS = ("submitted", "-submitted")


def queue_sort(name: str | None, scope: str) -> QueueSort:
    """The sort asked for if this scope has it; else the default: the open ones overdue and oldest
    first, the closed ones newest first."""
    if scope == QueueScope.OPEN:
        return QUEUE_SORTS.get(name or "", QUEUE_SORTS["due"])
    return QUEUE_SORTS[name if name in CLOSED_SORTS else "-submitted"]


def queue(user) -> QuerySet[Case]:
    """The cases a staff member may see, with the queue's sort key; CaseFilter narrows it to a
    scope (the open cases by default) and queue_page cuts a page of it."""
    return (
        cases_visible_to_staff(user)
        .select_related("station", "assigned_to")
        .annotate(due_key=Coalesce("due_date", Value(NO_DUE_DATE)))
    )


@dataclass
class QueuePage:
    page: KeysetPage
    sort: QueueSort
    count: int  # up to QUEUE_COUNT_LIMIT
    count_is_lower_bound: bool  # more than QUEUE_COUNT_LIMIT


def queue_page(queryset: QuerySet[Case], *, sort: QueueSort, cursor: str | None, size=QUEUE_PAGE_SIZE) -> QueuePage:
    """A page of the (filtered) queue: a keyset page, each row flagged when the same person has
    another open case (a subquery the database runs for the page's rows only), and the count of
    the whole set up to QUEUE_COUNT_LIMIT — two queries whatever the number of rows."""
    others_open = Case.objects.filter(id_number=OuterRef("id_number"), status__in=sorted(OPEN_STATUSES)).exclude(
        pk=OuterRef("pk")
    )
    page = keyset_page(
        queryset.annotate(has_duplicate=Exists(others_open)),
        sort.keys,
        descending=sort.descending,
        cursor=decode_cursor(cursor, len(sort.keys)),
        size=size,
    )
    count = queryset.order_by().values("pk")[: QUEUE_COUNT_LIMIT + 1].count()
    return QueuePage(page, sort, min(count, QUEUE_COUNT_LIMIT), count > QUEUE_COUNT_LIMIT)


@dataclass(frozen=True)
class ChecklistLine:
    """One item of the case's checklist, with the documents uploaded for it and how far it is."""

    item: ChecklistItem
    documents: tuple[Document, ...]
    promise: Promise | None = None
    in_register: bool = False  # the register already holds what the item proves (auto_checked items)

    @property
    def satisfied(self) -> bool:
        """Something is there for the item: a document, a 容缺 promise, the register — or it is optional."""
        return bool(self.documents) or self.promise is not None or self.auto_passed or not self.item.required

    @property
    def auto_passed(self) -> bool:
        return self.item.auto_checked and self.in_register

    @property
    def passed(self) -> bool:
        return any(d.check_result == DocumentCheck.PASSED for d in self.documents) or self.auto_passed

    @property
    def failed(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.check_result == DocumentCheck.FAILED)

    @property
    def approvable(self) -> bool:
        """What approval needs: a document checked against the original (or the register), or a
        promise to supply it later; an optional item needs nothing."""
        return self.passed or (self.promise is not None and not self.promise.fulfilled_at) or not self.item.required

    @property
    def problem(self) -> str:
        """Why the item stops approval, in words ("" when it does not)."""
        name = self.item.get_document_display()
        if self.approvable:
            return ""
        if self.failed and len(self.failed) == len(self.documents):
            reasons = "；".join(d.check_reason for d in self.failed if d.check_reason)
            return _("%(item)s与原件不符（%(reasons)s）") % {"item": name, "reasons": reasons or _("未说明")}
        if self.documents:
            return _("%(item)s尚未核验原件") % {"item": name}
        return _("缺少%(item)s") % {"item": name}


GUARDIANSHIP_ITEM = ChecklistItem(
    pathway="", document=DocumentKind.GUARDIANSHIP_PROOF, when="always", required=True, position=999
)


def case_checklist(case: Case) -> list[ChecklistLine]:
    """The documents the case's rule set asks for in this case's situation, with those uploaded,
    the 容缺 promises signed, and — when the account acts for a minor child or a ward — the proof
    of guardianship the clerk checks."""
    if case.rule_set_id is None:
        rule_set_id = rulebook_in_force(city=case.city, as_of=timezone.localdate()).rule_set_id
    else:
        rule_set_id = case.rule_set_id
    subject = case.pathway if case.kind == CaseKind.SETTLEMENT else case.kind
    items = list(ChecklistItem.objects.filter(rule_set_id=rule_set_id, pathway=subject))
    if case.acting_as in (ActingAs.GUARDIAN_OF_MINOR, ActingAs.GUARDIAN_OF_WARD):
        items.append(GUARDIANSHIP_ITEM)
    documents = [d for d in case.documents.all() if d.purged_at is None]
    promises = {p.kind: p for p in case.promises.all()}
    applies = _situation(case)
    registered = any(i.auto_checked for i in items) and in_register(case.id_number)
    return [
        ChecklistLine(
            item,
            tuple(d for d in documents if d.kind == item.document),
            promises.get(item.document),
            registered,
        )
        for item in items
        if applies[item.when]
    ]


def in_register(id_number: str) -> bool:
    from registers.models import Membership

    return Membership.objects.filter(person__id_number=id_number, until__isnull=True).exists()


def _situation(case: Case) -> dict[str, bool]:
    applicant = (case.facts or {}).get("applicant") or {}
    housing = applicant.get("housing") or {}
    relations = {r.relation for r in case.relatives.all()}
    return {
        "always": True,
        "owned": housing.get("kind") == "owned",
        "rented": housing.get("kind") == "rented",
        "employed": (applicant.get("employment") or {}).get("stable") is True,
        "insured": bool(applicant.get("social_insurance_months")),
        "with_spouse": "spouse" in relations,
        "with_relatives": bool(relations),
    }


def missing_documents(case: Case) -> list[str]:
    return [line.item.get_document_display() for line in case_checklist(case) if not line.satisfied]


def earlier_cases(case: Case) -> QuerySet[Case]:
    """Other cases of the same persons (the applicant or any relative)."""
    numbers = {case.id_number, *case.relatives.values_list("id_number", flat=True)}
    return (
        Case.objects.submitted()
        .filter(Q(id_number__in=numbers) | Q(relatives__id_number__in=numbers))
        .exclude(pk=case.pk)
        .distinct()
        .order_by("-submitted_at")
    )


def case_page(case: Case) -> dict:
    """Everything the clerk's case page shows, in a number of queries that does not grow with the
    case's documents, relatives, versions or events."""
    from registers.models import Membership

    prefetch_related_objects(
        [case],
        "relatives",
        "documents",
        "fact_versions",
        "document_requests__items",
        "consents",
        "promises",
        Prefetch("events", queryset=Event.objects.select_related("actor", "station")),
    )
    versions = list(case.fact_versions.all())
    numbers = [case.id_number, *(r.id_number for r in case.relatives.all())]
    leaving = Membership.objects.filter(person__id_number__in=numbers, until__isnull=True).select_related(
        "person", "household__address__region", "household__address__station"
    )
    return {
        "case": case,
        "relatives": list(case.relatives.all()),
        "documents": list(case.documents.all()),
        "checklist": case_checklist(case),
        "versions": versions,
        "evaluation": versions[-1].evaluation if versions else None,
        "events": list(case.events.all()),
        "requests": list(case.document_requests.all()),
        "consents": list(case.consents.all()),
        "promises": list(case.promises.all()),
        "identity": VerifiedIdentity.objects.filter(user_id=case.applicant_id).first(),
        "earlier": list(earlier_cases(case)[:20]),
        "leaving": list(leaving),
    }


def batches_visible_to_staff(user) -> QuerySet[Batch]:
    """A clerk sees their station's batches, a supervisor every batch of their city."""
    return staff_scope(user, Batch.objects.all())


def batch_for_staff(user, pk: int) -> Batch:
    try:
        return batches_visible_to_staff(user).select_related("started_by", "station").get(pk=pk)
    except Batch.DoesNotExist:
        raise Http404 from None


def documents_past_retention(*, closed_before) -> QuerySet[Document]:
    """Documents whose files are still stored although their case was closed (completed, refused,
    withdrawn) before ``closed_before``; the event that closed the case gives the day."""
    closed_early = Event.objects.of_model(Case).filter(
        object_id=OuterRef("case_id"),
        kind__in=(EventKind.COMPLETED, EventKind.REFUSED, EventKind.WITHDRAWN),
        at__lt=closed_before,
    )
    return Document.objects.filter(
        Exists(closed_early), case__status__in=CLOSED_STATUSES, purged_at__isnull=True
    ).order_by("pk")


def case_facts_context(case: Case, versions: list, relatives: list) -> dict:
    """The case's facts in words for the clerk's page: each version's groups (落户地, 申请人, each
    relative by name) and, for a residence permit or its endorsement, where residence counts from."""
    from eligibility.presentation import present_facts

    names, permit = [r.name for r in relatives], case.kind == CaseKind.RESIDENCE_PERMIT
    shown = [(v, present_facts(v.facts, relative_names=names, permit=permit)) for v in versions]
    if not shown and case.facts:
        shown = [(None, present_facts(case.facts, relative_names=names, permit=permit))]
    return {
        "fact_versions": shown,
        "relatives_facts": [{"relation": r.relation, "name": r.name} for r in relatives],
        "is_permit": case.kind in (CaseKind.RESIDENCE_PERMIT, CaseKind.ENDORSEMENT),
        "residence": permit_residence(case),
        "endorsed_permit": getattr(getattr(case, "endorsement", None), "permit", None)
        if case.kind == CaseKind.ENDORSEMENT
        else None,
    }


@dataclass(frozen=True)
class PermitResidence:
    """Where the residence a permit asks for counts from, and why: the day the person declared,
    the day of the residence registration, and the day the engine counted from."""

    declared: object
    registered_on: object
    counted_from: object
    reason: str


def permit_residence(case: Case) -> PermitResidence | None:
    from django.utils import formats

    application = getattr(case, "permit_application", None) if case.kind == CaseKind.RESIDENCE_PERMIT else None
    if application is None:
        return None
    registration = application.registration
    stored = ((case.facts or {}).get("applicant") or {}).get("residence_since")
    counted = datetime.date.fromisoformat(stored) if stored else registration.counted_since

    def day(value):
        return formats.date_format(value, "DATE_FORMAT")

    if counted != registration.counted_since:
        reason = _("派出所依据材料将居住起算日更正为 %(day)s（见办理记录）。") % {"day": day(counted)}
    elif registration.since >= registration.registered_on:
        reason = _("居住时间自申报的居住起始日 %(day)s 起算。") % {"day": day(registration.since)}
    else:
        reason = _(
            "申报自 %(declared)s 起居住，%(registered)s 办理居住登记。依《居住证暂行条例》，居住登记在先，"
            "申领居住证所需的居住时间自办理居住登记之日起计算，故自 %(registered)s 起算；登记前的居住不计入。"
        ) % {"declared": day(registration.since), "registered": day(registration.registered_on)}
    return PermitResidence(registration.since, registration.registered_on, counted, reason)


# --- The personal-data export's reads (composed in hukou_portal.export) ------------------------


def cases_about_person(person) -> QuerySet[Case]:
    """The cases with the person as applicant or as a relative coming along, by the register link
    or by the identity number typed in (a case may predate the person's entry in the register)."""

    as_relative = CaseRelative.objects.filter(case=OuterRef("pk")).filter(
        Q(person=person) | Q(id_number=person.id_number)
    )
    return _with_case_records(
        Case.objects.filter(Q(person=person) | Q(id_number=person.id_number) | Exists(as_relative))
    )


def cases_of_account(user) -> QuerySet[Case]:
    """The cases an applicant's account filed, drafts included."""

    return _with_case_records(Case.objects.filter(applicant=user))


def _with_case_records(cases):

    return (
        cases.select_related("station", "applicant", "decided_by")
        .prefetch_related(
            "papers",  # the certificate among them (Case.certificate reads the prefetched papers)
            "relatives",
            "documents",
            "document_requests",
            Prefetch("events", queryset=Event.objects.select_related("station", "actor")),
        )
        .order_by("created_at", "pk")
    )


def paper_by_code(code: str) -> Paper | None:
    """Any paper the portal issued — certificate, receipt, notice, decision — by its code."""
    return Paper.objects.select_related("case__station").filter(code=code).first()


# --- The public status lookup (applications.views.public) ---------------------------------------

# What the answer shows of a case (and the digits it is checked with): not its facts, the largest
# column, which the lookup would decode for nothing; and its steps, joined in the same query.
LOOKUP_FIELDS = (
    *("reference", "id_number", "kind", "status", "submitted_at", "due_date", "paused_on"),
    *("decided_at", "decision_clause"),
)


LOOKUP = CompiledQuery(
    lambda reference: (
        Case.objects.submitted()
        .filter(reference=reference)
        .order_by("events__at", "events__id")
        .values_list(*LOOKUP_FIELDS, "events__kind", "events__at")
    ),
    arguments=1,
)


def case_for_lookup(*, reference: str, id_last6: str) -> tuple[Case | None, list[tuple]]:
    """The submitted case with this reference whose applicant's number ends with these characters,
    and its steps as (when, what); or (None, []).

    "No such case" and "wrong digits" must not be told apart, by the answer or by its timing: the
    case and its steps are read either way, and the digits are compared in constant time, against
    a stand-in when there is no case."""
    rows = LOOKUP.rows(reference)
    case = Case(**dict(zip(LOOKUP_FIELDS, rows[0], strict=False))) if rows else None
    expected = case.id_number[-6:].upper() if case is not None else "\x00" * 6
    if not hmac.compare_digest(expected.encode(), id_last6.encode()):
        return None, []
    labels = dict(EventKind.choices)  # each kind's label looked up once, not rebuilt per step
    steps = [(timezone.localdate(at), labels.get(kind, kind)) for *_, kind, at in rows if kind is not None]
    return case, steps
