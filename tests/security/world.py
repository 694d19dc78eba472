"""The world the security tests attack: one applicant's cases, documents, certificate, residence
registration and permit at one police station of Qujing, with that station's clerk and a batch —
and the outsiders who must find none of it: a clerk of another station, a supervisor of another
city, another applicant, and an anonymous visitor."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from accounts.constants import Role
from applications.constants import BatchItemStatus, CaseStatus
from applications.models import Batch, BatchItem, Case, Document, Rating
from applications.services import case_approve, case_draft_create, case_take
from registers.constants import Zone
from registers.models import DataAccess, Household, Person
from residence_permits.models import ResidencePermit, ResidenceRegistration
from tests.factories import (
    AddressFactory,
    CaseFactory,
    HouseholdFactory,
    PermitCaseFactory,
    PersonFactory,
    PoliceStationFactory,
    ResidencePermitFactory,
    ResidenceRegistrationFactory,
    UserFactory,
    sign_in_verified,
)
from tests.process import verify

ANONYMOUS = "anonymous"
OTHER_STATION_CLERK = "other_station_clerk"
OTHER_CITY_SUPERVISOR = "other_city_supervisor"
OTHER_APPLICANT = "other_applicant"
ATTACKERS = (OTHER_STATION_CLERK, OTHER_CITY_SUPERVISOR, OTHER_APPLICANT, ANONYMOUS)
ROLE_OF = {
    OTHER_STATION_CLERK: Role.CLERK,
    OTHER_CITY_SUPERVISOR: Role.SUPERVISOR,
    OTHER_APPLICANT: Role.APPLICANT,
    ANONYMOUS: None,
}

# What a request may change although it is refused: who is signed in (sessions, the second
# factor's devices, django-axes' log). Everything the portal itself holds is watched.
WATCHED_APPS = ("accounts", "registers", "eligibility", "applications", "residence_permits")


@dataclass
class World:
    station: object
    address: object
    clerk: object
    applicant: object
    household: Household
    person: Person
    draft: Case
    submitted: Case
    decided: Case
    document: Document
    batch: Batch
    registration: ResidenceRegistration
    permit: ResidencePermit
    permit_application: Case
    consent: object
    rating: object
    users: dict

    @property
    def secrets(self) -> list[str]:
        """What must never appear on a page or in an answer another user gets."""
        cases = (self.submitted, self.decided, self.permit.case)
        return [
            *(c.reference for c in cases),
            *(c.id_number for c in cases),
            self.decided.certificate.number,
            self.permit.number,
            self.registration.id_number,
            self.person.id_number,
        ]

    @property
    def owners_numbers(self) -> set[str]:
        numbers = {self.person.id_number, self.registration.id_number, self.permit.id_number}
        return numbers | {c.id_number for c in (self.draft, self.submitted, self.decided) if c.id_number}


def build_world() -> World:
    address = AddressFactory(zone=Zone.CENTRAL_URBAN)  # 麒麟区, Qujing
    station = address.station
    clerk = UserFactory(clerk=True, station=station)
    applicant = UserFactory(email_verified=True, email="owner@example.cn", first_name="张伟")
    household = HouseholdFactory(address=address)
    submitted = CaseFactory(submitted=True, applicant=applicant, address=address, person=household.head)
    decided = CaseFactory(
        submitted=True, applicant=applicant, address=address, person=household.head
    )  # the same account: one person
    case_approve(case=case_take(case=decided, clerk=clerk), clerk=clerk)
    decided.refresh_from_db()
    # A poor rating of the owner's, followed up by Qujing's supervisors (stored as the service would).
    rating = Rating.objects.create(
        case=decided, score=1, comment="太慢", rated_by=applicant, follow_up_due=timezone.localdate()
    )
    draft = case_draft_create(applicant=applicant, city="qujing", pathway="residence", name="张伟")
    batch = Batch.objects.create(city="qujing", station=station, started_by=clerk)
    BatchItem.objects.create(batch=batch, case=submitted, status=BatchItemStatus.PENDING)
    relative = PersonFactory(female=True)
    consent = CaseFactory(submitted=True, applicant=None, address=address, spouse=relative).consents.get()
    verify(UserFactory(email_verified=True), relative)  # the owner of the consent request
    registration = ResidenceRegistrationFactory(applicant=applicant, address=address, verified=False)
    permit = ResidencePermitFactory(case__applicant=applicant, case__address=address)
    permit_application = PermitCaseFactory(
        applicant=applicant, address=address, status=CaseStatus.DRAFT, reference=None, submitted_at=None
    )
    users = {
        OTHER_STATION_CLERK: UserFactory(clerk=True, station=PoliceStationFactory(region=station.region)),
        OTHER_CITY_SUPERVISOR: UserFactory(supervisor=True, city="jilin"),
        OTHER_APPLICANT: UserFactory(email_verified=True, email="other@example.cn"),
        ANONYMOUS: None,
    }
    return World(
        station=station,
        address=address,
        clerk=clerk,
        applicant=applicant,
        household=household,
        person=household.head,
        draft=draft,
        submitted=submitted,
        decided=decided,
        document=submitted.documents.first(),
        batch=batch,
        registration=registration,
        permit=permit,
        permit_application=permit_application,
        consent=consent,
        rating=rating,
        users=users,
    )


def client_for(user) -> Client:
    """A browser of this user, past the second factor where the user's role asks for one.
    Errors come back as 500 responses, to be reported with the rest, not raised."""
    client = Client(raise_request_exception=False)
    if user is None:
        return client
    if user.role == Role.APPLICANT:
        client.force_login(user, backend="accounts.backends.UsernameEmailOrPhoneBackend")
        return client
    return sign_in_verified(client, user)


def fingerprint(world: World, attacker) -> str:
    """A hash of every row the portal holds. The attacker's own access records about their own
    data (an applicant downloading their own data) are left out, and so is the record of the
    refusal itself (访问被拒绝); any other about the owner's data is in."""
    digest = hashlib.sha256()
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = model.objects.order_by("pk")
            if model is DataAccess and attacker is not None:
                rows = rows.filter(~Q(user=attacker) | Q(id_number__in=world.owners_numbers) | Q(person=world.person))
                rows = rows.exclude(user=attacker, action=DataAccess.Action.DENIED)
            digest.update(model._meta.label.encode())
            digest.update(repr(list(rows.values_list())).encode())
    return digest.hexdigest()
