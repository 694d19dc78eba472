from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import Role
from accounts.models import User
from applications.constants import BatchStatus, CaseStatus
from applications.models import Batch, Case, CityStatistics, Document
from hukou_portal.demo import DEMO_PREFIX
from hukou_portal.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_TOTP_KEY_BASE32
from registers.constants import City, HouseholdKind, RegionKind, Zone
from registers.identity import validate_id_number
from registers.models import Address, Household, Membership, Person, PoliceStation
from residence_permits.models import ResidencePermit

pytestmark = pytest.mark.django_db

COUNTY_ZONES = {Zone.COUNTY_TOWN, Zone.DESIGNATED_TOWN, Zone.TOWNSHIP, Zone.RURAL}


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker):
    """The register seeded once for the whole module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo()
        transaction.set_rollback(True)


def logins():
    """The demo's logins: every account but those of the people of the demo cases (no password)."""
    return User.objects.exclude(username__startswith=DEMO_PREFIX)


def counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("registers").get_models(),
        *apps.get_app_config("accounts").get_models(),
        *apps.get_app_config("otp_totp").get_models(),  # the demo staff's authenticators
    ]
    return {
        **{model._meta.label: model.objects.count() for model in models},
        "closed memberships": Membership.objects.filter(until__isnull=False).count(),
        "group memberships": User.groups.through.objects.count(),
    }


def test_it_registers_at_least_300_people_with_valid_identity_numbers(output):
    people = list(Person.objects.all())

    assert len(people) >= 300
    for person in people:
        assert validate_id_number(person.id_number, birth_date=person.birth_date) == person.id_number


def test_every_person_is_in_exactly_one_current_household(output):
    current = Count("memberships", filter=Q(memberships__until__isnull=True))

    assert not Person.objects.annotate(current=current).exclude(current=1).exists()


def test_every_identity_number_carries_the_code_of_the_persons_district_or_county(output):
    """As registered: someone a demo case moved to another district keeps the number they had."""
    moved = Case.objects.filter(status=CaseStatus.COMPLETED).values("id_number")
    memberships = (
        Membership.objects.filter(until__isnull=True)
        .exclude(person__id_number__in=moved)
        .select_related("person", "household__address__region")
    )

    for membership in memberships:
        assert membership.person.id_number[:6] == membership.household.address.region.code


def test_families_have_heads_spouses_children_and_parents_and_some_history(output):
    relations = set(Membership.objects.values_list("relation", flat=True))

    assert {"head", "spouse", "child", "parent", "collective_member"} <= relations
    assert not Household.objects.filter(kind=HouseholdKind.FAMILY, head__isnull=True).exists()
    assert Membership.objects.filter(until__isnull=False, left_by="move_out").exists()


def test_every_city_has_stations_and_addresses_in_zones_that_suit_their_district_or_county(output):
    for city in City.values:
        assert PoliceStation.objects.filter(region__city=city).count() >= 2
    for address in Address.objects.select_related("region"):
        if address.region.kind == RegionKind.URBAN_DISTRICT:
            assert address.zone in {Zone.CENTRAL_URBAN, Zone.INDUSTRIAL_PARK}, address
        else:
            assert address.zone in COUNTY_ZONES, address
    assert COUNTY_ZONES <= set(Address.objects.values_list("zone", flat=True))
    assert Address.objects.filter(zone=Zone.INDUSTRIAL_PARK, region__city=City.QUJING).exists()


def test_every_community_in_qujing_has_a_collective_household(output):
    qujing = Address.objects.filter(region__city=City.QUJING)
    communities = set(qujing.values_list("region", "locality", "community"))

    collective = Household.objects.filter(kind=HouseholdKind.COLLECTIVE, address__region__city=City.QUJING)
    assert set(collective.values_list("address__region", "address__locality", "address__community")) == communities
    assert collective.count() == len(communities)


def test_a_second_run_changes_nothing_and_still_prints_the_logins(output):
    before = counts()

    second = seed_demo()

    assert counts() == before
    assert "演示数据已存在" in second
    for username in logins().values_list("username", flat=True):
        assert username in second


def test_there_is_a_demo_login_for_every_role_and_every_clerk_has_a_station(output):
    users = logins().select_related("station__region")

    assert set(users.values_list("role", flat=True)) == set(Role.values)
    sign_in = RequestFactory().post("/accounts/login/")  # django-axes, the first backend, needs the request
    for user in users:
        assert authenticate(sign_in, username=user.username, password=DEMO_PASSWORD) == user
        assert list(user.groups.values_list("name", flat=True)) == [user.role]
    clerks = users.filter(role=Role.CLERK)
    assert all(clerk.station is not None and clerk.city == clerk.station.region.city for clerk in clerks)
    assert {clerk.station.region.city for clerk in clerks} == set(City.values)
    assert set(users.filter(role=Role.SUPERVISOR).values_list("city", flat=True)) == set(City.values)


def test_the_demo_password_passes_the_password_validators(output):
    for user in logins():
        validate_password(DEMO_PASSWORD, user=user)


def test_it_prints_every_login_with_its_password_and_role(output):
    for user in logins():
        line = next(line for line in output.splitlines() if line.startswith(user.username + " "))
        assert DEMO_PASSWORD in line and str(user.get_role_display()) in line


def test_it_refuses_to_seed_a_production_database(settings):
    settings.PRODUCTION = True
    before = counts()

    with pytest.raises(CommandError, match="生产环境"):
        seed_demo()

    assert counts() == before


def test_every_demo_staff_login_has_an_authenticator_with_the_demo_key_printed_beside_it(output):
    for user in logins():
        line = next(line for line in output.splitlines() if line.startswith(user.username + " "))
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        if user.is_staff_role:
            assert [device.key for device in devices] == [DEMO_TOTP_KEY]
            assert DEMO_TOTP_KEY_BASE32 in line
        else:
            assert not devices.exists() and DEMO_TOTP_KEY_BASE32 not in line
    assert "demo_otp" in output


def test_a_demo_clerk_signs_in_with_the_password_and_the_code_demo_otp_prints(output, client):
    code = StringIO()
    call_command("demo_otp", "clerk_qujing", stdout=code)

    password = client.post("/accounts/login/", {"username": "clerk_qujing", "password": DEMO_PASSWORD})
    signed_in = client.post(password.url, {"otp_token": code.getvalue().strip()})

    assert password.url == "/accounts/otp/"
    assert signed_in.status_code == 302
    assert client.get("/station/queue/").status_code == 200


def test_every_city_has_cases_in_every_state_a_permit_and_a_finished_batch(output):
    today = timezone.localdate()
    for city in City.values:
        cases = Case.objects.filter(city=city)
        statuses = set(cases.values_list("status", flat=True))
        assert statuses >= {
            CaseStatus.SUBMITTED,
            CaseStatus.IN_REVIEW,
            CaseStatus.AWAITING_DOCUMENTS,
            CaseStatus.APPROVED,
            CaseStatus.COMPLETED,
            CaseStatus.REFUSED,
        }, city
        assert cases.filter(status=CaseStatus.IN_REVIEW, due_date__lt=today).exists(), f"{city}: no overdue case"
        assert ResidencePermit.objects.filter(city=city).exists(), city
        batch = Batch.objects.get(city=city)
        assert batch.status == BatchStatus.DONE and batch.items.filter(status="approved").count() == 2
        assert CityStatistics.objects.filter(city=city, day=today).exists(), city


def test_the_demo_cases_followed_the_process(output):
    """Each applicant is the account's verified person; every document the clerk checked; the
    decisions rest on the rule set's clauses; approvals issued certificates."""
    for case in Case.objects.exclude(status=CaseStatus.SUBMITTED).select_related("applicant__verified_identity"):
        assert case.applicant.verified_identity.id_number == case.id_number
        assert case.reference and case.rule_set_id is not None
    decided = Case.objects.filter(status__in=[CaseStatus.APPROVED, CaseStatus.COMPLETED], kind="settlement")
    assert decided.exists() and all(c.certificate is not None for c in decided)
    assert (
        not Document.objects.filter(case__status__in=[CaseStatus.APPROVED, CaseStatus.COMPLETED])
        .exclude(check_result="passed")
        .exists()
    )
    for case in Case.objects.filter(status=CaseStatus.REFUSED):
        assert case.rule_set.clauses.filter(citation=case.decision_clause).exists()
