"""Demo cases for ``seed_demo``: in every city, a few cases in each state a clerk meets — submitted,
in review, awaiting documents, approved (waiting for the move-out from outside), completed,
refused, overdue — a residence permit and a finished batch, so a newcomer's first look at the
queue, the batch list and the statistics shows a working station.

Everything goes through the services, as applicants and clerks do it: each applicant is an
account verified at the counter as a person (of the register, or from outside for the approved
ones), each document is uploaded and checked against its original, decisions rest on the rule
set in force. The one thing services cannot do is let time pass: an overdue case is an ordinary
case taken into review whose dates are then moved back, as if it had been submitted weeks ago.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Case as Case_
from django.db.models import Value, When
from django.utils import timezone
from stdnum.cn import ric

from accounts.constants import Role
from accounts.models import IdentityMethod, User, VerifiedIdentity
from accounts.services import user_create
from applications.models import Batch, Case
from applications.selectors import case_checklist
from applications.services import (
    case_approve,
    case_correct_fact,
    case_draft_create,
    case_draft_update,
    case_prescreen,
    case_refuse,
    case_request_documents,
    case_submit,
    case_take,
    document_check,
    document_upload,
)
from applications.services.batches import batch_chunks, batch_finish_if_done, batch_process_item, batch_start
from applications.services.statistics import statistics_snapshot
from registers.constants import City, HouseholdKind, Zone
from registers.models import Address, Household

DEMO_PREFIX = "demo_case_"
# (state, how many per city). The batch's two cases end completed, beside those completed by hand.
# Those that move someone come first, so they take people of the station's own district where
# there are enough (people mostly move nearby).
PLAN = (
    ("completed", 1),
    ("batch", 2),
    ("submitted", 2),
    ("in_review", 2),
    ("awaiting_documents", 1),
    ("approved", 1),
    ("refused", 1),
    ("overdue", 1),
)
# Facts that open every city's residence door (合法稳定住所) for an owner in a town or city district:
# Chenzhou's and Jilin's central districts ask for stable work and a year of social insurance too.
FACTS = {
    "applicant": {
        "housing": {"kind": "owned"},
        "employment": {"stable": True},
        "social_insurance_months": {"pension": 13, "medical": 13, "unemployment": 13},
    }
}
OPEN_ZONES = (Zone.CENTRAL_URBAN, Zone.COUNTY_TOWN, Zone.DESIGNATED_TOWN)
OUTSIDE_REGION = "530102"  # 昆明市五华区: people coming from outside the five cities
OUTSIDE_NAMES = ("周晓梅", "吴建国", "郑丽娟", "王海涛", "冯雪", "陈志强", "褚文静", "卫东", "蒋春燕", "沈浩")


def demo_cases_seed(*, today: datetime.date | None = None) -> Counter:
    """Create the demo cases unless they exist (a second run changes nothing)."""
    created = Counter()
    if User.objects.filter(username__startswith=DEMO_PREFIX).exists():
        return created
    today = today or timezone.localdate()
    rng = random.Random(2026)
    for city in City.values:
        clerk = User.objects.get(username=f"clerk_{city}")
        _city_cases(city, clerk, rng, created)
        _demo_permit(city, clerk, rng, created)
        statistics_snapshot(city=city, day=today)
    return created


def _city_cases(city: str, clerk: User, rng: random.Random, created: Counter) -> None:
    addresses = list(Address.objects.filter(station=clerk.station, zone__in=OPEN_ZONES).order_by("pk")[:6]) or list(
        Address.objects.filter(station=clerk.station).order_by("pk")[:6]
    )
    people = iter(_people_of(city, near=clerk.station.region_id))
    batch_cases = []
    for state, count in PLAN:
        for n in range(count):
            address = addresses[(created[city] + n) % len(addresses)]
            if state == "approved":
                applicant, person = _outsider(city, rng, created)
            else:
                applicant, person = _account(city, next(people), created)
            case = _submitted(applicant, person, address, origin_outside=state == "approved")
            _advance(case, state, clerk)
            if state == "batch":
                batch_cases.append(case.pk)
            created[city] += 1
            created[state] += 1
            created["cases"] += 1
    _finished_batch(clerk, batch_cases)
    created["batches"] += 1


def _people_of(city: str, near: int):
    """Living adults who head a family household of the city's register, not yet anyone's account;
    those of the district ``near`` first."""
    verified = VerifiedIdentity.objects.values("id_number")
    households = (
        Household.objects.filter(address__region__city=city, kind=HouseholdKind.FAMILY, head__death_date__isnull=True)
        .exclude(head__id_number__in=verified)
        .exclude(head__birth_date__gt=datetime.date(2005, 1, 1))
        .select_related("head")
        .annotate(elsewhere=Case_(When(address__region_id=near, then=Value(0)), default=Value(1)))
        .order_by("elsewhere", "register_number")
    )
    return [h.head for h in households]


def _account(city: str, person, created: Counter) -> tuple[User, object]:
    created["accounts"] += 1
    # No password (an unusable one): these are the other people of the demo, seen by its staff; the
    # demo applicant signs in as ``applicant``. Hashing sixty passwords would double the seed's time.
    user = user_create(
        username=f"{DEMO_PREFIX}{city}_{created['accounts']}",
        password=None,
        role=Role.APPLICANT,
        email=f"{DEMO_PREFIX}{created['accounts']}@hukou.example.cn",
        email_verified=True,
    )
    VerifiedIdentity.objects.create(
        user=user, name=person.name, id_number=person.id_number, method=IdentityMethod.COUNTER
    )
    return user, person


class _Outsider:
    def __init__(self, name: str, id_number: str):
        self.name, self.id_number = name, id_number


def _outsider(city: str, rng: random.Random, created: Counter) -> tuple[User, _Outsider]:
    """Someone whose hukou is outside the five cities: approval waits for the origin's 迁移证."""
    while True:
        birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=rng.randrange(8000))
        number17 = f"{OUTSIDE_REGION}{birth:%Y%m%d}{rng.randrange(1, 999):03d}"
        number = number17 + ric.calc_check_digit(number17 + "0")
        if not VerifiedIdentity.objects.filter(id_number=number).exists():
            break
    return _account(city, _Outsider(OUTSIDE_NAMES[created["accounts"] % len(OUTSIDE_NAMES)], number), created)


def _submitted(applicant: User, person, address: Address, *, origin_outside: bool) -> Case:
    case = case_draft_create(
        applicant=applicant, city=address.region.city, pathway="residence", name=person.name, id_number=person.id_number
    )
    origin = "云南省昆明市五华区华山南路1号" if origin_outside else ""
    case = case_draft_update(case=case, actor=applicant, address=address, facts=FACTS, origin_address=origin)
    for line in case_checklist(case):
        if not line.documents and not line.auto_passed and line.item.required:
            document_upload(case=case, actor=applicant, kind=line.item.document, upload=_scan(line.item.document))
    case = case_submit(case=case, actor=applicant)
    case_prescreen(case_id=case.pk)
    case.refresh_from_db()
    return case


def _scan(kind: str) -> SimpleUploadedFile:
    """A one-page PDF standing for the applicant's scan of the document."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{kind}.pdf", body, content_type="application/pdf")


def _check_all(case: Case, clerk: User) -> None:
    for document in case.documents.filter(check_result="unchecked"):
        document_check(document=document, clerk=clerk, passed=True)


def _advance(case: Case, state: str, clerk: User) -> None:
    """Take a submitted case to ``state`` as the station's clerk would."""
    if state in ("submitted", "batch"):
        if state == "batch":
            _check_all(case, clerk)
        return
    case = case_take(case=case, clerk=clerk)
    if state == "awaiting_documents":
        case_request_documents(
            case=case, clerk=clerk, items=[("property_certificate", "房屋所有权证照片不清晰，请上传清晰的原件照片。")]
        )
    elif state in ("approved", "completed"):
        _check_all(case, clerk)
        case_approve(case=case, clerk=clerk)
    elif state == "refused":
        clause = case.rule_set.clauses.order_by("pk").values_list("citation", flat=True).first()
        case_refuse(case=case, clerk=clerk, clause=clause, text="房屋所有权证登记的权利人与申请人不符。")
    elif state == "overdue":
        _check_all(case, clerk)
        weeks_ago = timezone.now() - datetime.timedelta(days=70)
        Case.objects.filter(pk=case.pk).update(
            submitted_at=weeks_ago, due_date=timezone.localdate() - datetime.timedelta(days=10)
        )


def _finished_batch(clerk: User, case_ids: list[int]) -> Batch:
    """A batch the clerk started and the workers finished (run here, in-process, as the tasks do)."""
    batch = batch_start(starter=clerk, case_ids=case_ids)
    for chunk in batch_chunks(batch.pk):
        for item_id in chunk:
            batch_process_item(item_id=item_id)
    batch_finish_if_done(batch_id=batch.pk)
    return batch


def _demo_permit(city: str, clerk: User, rng: random.Random, created: Counter) -> None:
    """A residence registration and the permit issued on it, for someone from outside who works here."""
    from residence_permits.services import permit_application_start, permit_application_update, registration_create

    applicant, person = _outsider(city, rng, created)
    address = Address.objects.filter(station=clerk.station).order_by("-pk").first()
    since = timezone.localdate() - datetime.timedelta(days=400)
    registration = registration_create(
        actor=applicant,
        name=person.name,
        id_number=person.id_number,
        address=address,
        since=since,
        reason="work",
        applicant=applicant,
    )
    case = permit_application_start(registration=registration, actor=applicant)
    case = permit_application_update(
        case=case, actor=applicant, employment_stable=True, housing_kind="rented", studying=None
    )
    case = case_submit(case=case, actor=applicant, confirm_missing=True)
    case = case_take(case=case, clerk=clerk)
    # The registration counts from the day it was filed; the lease shows the person lived here before.
    case_correct_fact(
        case=case,
        clerk=clerk,
        path="applicant.residence_since",
        value=since.isoformat(),
        reason="租赁合同和社区出具的居住证明显示已在此居住一年以上。",
    )
    case.refresh_from_db()
    for line in case_checklist(case):
        if not line.documents and not line.auto_passed:
            document_upload(case=case, actor=applicant, kind=line.item.document, upload=_scan(line.item.document))
    _check_all(case, clerk)
    case_approve(case=case, clerk=clerk)
    created["permits"] += 1
    created["cases"] += 1
