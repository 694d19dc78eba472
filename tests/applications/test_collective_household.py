"""Settling into a community's collective household (曲政发〔2015〕82号 第（十一）条: 每个社区（村、居委会）
都应向辖区派出所申请设立集体户，专门解决辖区内租房人员及其家属的落户问题), from the application to the
register: the renter chooses it with the destination, the station opens it on the first approval."""

import pytest

from applications.constants import CaseStatus
from applications.models import Case
from registers.constants import HouseholdKind, Relation, Zone
from registers.models import Household, Membership
from tests.factories import AddressFactory, CaseFactory, HouseholdFactory, PersonFactory
from tests.process import complete_and_check

from .test_journeys import applicant_client, clerk_client, client_factory, verify_online  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def apply_into_the_collective(client, address, head, spouse):
    verify_online(client, head)
    client.post("/my/cases/new/", {"kind": "settlement", "city": "qujing", "pathway": "residence"})
    case = Case.objects.latest("pk")
    response = client.post(
        f"/my/cases/{case.pk}/edit/",
        {
            "name": head.name,
            "id_number": head.id_number,
            "address": address.pk,
            "household": "collective",
            "applicant__housing__kind": "rented",
            "applicant__housing__owner_consent": "false",
            "relatives-TOTAL_FORMS": "1",
            "relatives-INITIAL_FORMS": "0",
            "relatives-0-name": spouse.name,
            "relatives-0-id_number": spouse.id_number,
            "relatives-0-relation": "spouse",
            "relatives-0-co_resident": "true",
            "review": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Case.objects.get(pk=case.pk)


def test_a_renter_and_spouse_go_from_application_to_the_communitys_collective_household(
    applicant_client,  # noqa: F811
    clerk_client,  # noqa: F811
    station_address,
    family,
):
    old_household, head, spouse = family
    case = apply_into_the_collective(applicant_client, station_address, head, spouse)
    assert case.facts["applicant"]["settle_into"] == "community_collective" and case.target_household is None
    review = applicant_client.get(f"/my/cases/{case.pk}/review/").content.decode()
    assert "曲政发〔2015〕82号 第（十一）条" in review and "无须房屋产权人同意" in review

    applicant_client.post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.eligible is True  # no owner consent needed
    assert not Household.objects.filter(kind=HouseholdKind.COLLECTIVE).exists()  # not before the approval
    clerk_client.post(f"/station/cases/{case.pk}/take/")
    page = clerk_client.get(f"/station/cases/{case.pk}/").content.decode()
    assert "落入住所所在社区（村）的集体户：本所尚未设立，批准时设立" in page and "新立户" not in page
    complete_and_check(case, clerk_client.session_user)  # every item supplied and checked; the spouse consents
    clerk_client.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"})
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED

    collective = Household.objects.get(kind=HouseholdKind.COLLECTIVE)
    assert collective.name == "南宁街道潇湘社区集体户" and collective.head is None
    assert collective.address.detail == "潇湘社区居民委员会"
    assert collective.station == station_address.station
    assert (collective.address.region, collective.address.locality, collective.address.community) == (
        station_address.region,
        station_address.locality,
        station_address.community,
    )
    for person in (head, spouse):
        current = Membership.objects.get(person=person, until__isnull=True)
        assert current.household == collective and current.relation == Relation.COLLECTIVE_MEMBER
        assert Membership.objects.get(person=person, household=old_household).left_by == "move_out"


def test_the_next_renter_of_the_community_joins_the_same_collective_household(
    applicant_user, clerk, station_address, family
):
    _, first, spouse = family
    opened = _approved_into_collective(applicant_user, clerk, station_address, first)
    neighbour = AddressFactory(
        station=station_address.station, locality=station_address.locality, community=station_address.community
    )
    newcomer = HouseholdFactory(address=AddressFactory(zone=Zone.COUNTY_TOWN)).head
    second = _approved_into_collective(applicant_user, clerk, neighbour, newcomer)
    assert opened == second and Household.objects.filter(kind=HouseholdKind.COLLECTIVE).count() == 1
    assert set(Membership.objects.filter(household=opened, until__isnull=True).values_list("person", flat=True)) == {
        first.pk,
        newcomer.pk,
    }
    assert Membership.objects.get(person=spouse, until__isnull=True).household != opened  # stayed behind


INTO_THE_COLLECTIVE = {"settle_into": "community_collective", "housing": {"kind": "rented"}}


def _approved_into_collective(applicant_user, clerk, address, person) -> Household:
    case = CaseFactory(
        completed=True,
        bare=True,
        applicant=applicant_user,
        person=person,
        address=address,
        clerk=clerk,
        applicant_facts=INTO_THE_COLLECTIVE,
    )
    assert case.status == CaseStatus.COMPLETED
    return Membership.objects.get(person=person, until__isnull=True).household


def test_an_address_without_a_community_cannot_take_the_collective_household(
    applicant_client,  # noqa: F811
    station_address,
):
    address = AddressFactory(station=station_address.station, community="")
    head = PersonFactory()
    applicant_client.post("/my/cases/new/", {"kind": "settlement", "city": "qujing", "pathway": "residence"})
    case = Case.objects.latest("pk")
    response = applicant_client.post(
        f"/my/cases/{case.pk}/edit/",
        {
            "name": head.name,
            "id_number": head.id_number,
            "address": address.pk,
            "household": "collective",
            "applicant__housing__kind": "rented",
            "relatives-TOTAL_FORMS": "0",
            "relatives-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "未登记所属社区（村）" in response.content.decode()
    assert Case.objects.get(pk=case.pk).address is None


def test_outside_qujing_the_collective_household_is_no_door(applicant_user, lincang_address):
    case = CaseFactory(
        submitted=True,
        bare=True,
        applicant=applicant_user,
        address=lincang_address,
        city="lincang",
        applicant_facts=INTO_THE_COLLECTIVE,
    )
    assert case.eligible is False


@pytest.fixture
def lincang_address(db):
    from registers.models import Region
    from tests.factories import PoliceStationFactory

    return AddressFactory(station=PoliceStationFactory(region=Region.objects.get(code="530902")), zone=Zone.COUNTY_TOWN)
