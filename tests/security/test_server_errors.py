"""Issue 13, item 6: inputs and races that answered 500. Each now gets a clear Chinese answer:
untrusted JSON is refused by the parser (common/api.py), and services raise only the domain error
(common/errors.py), which pages show and the API answers with 409."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import SignUpError, applicant_sign_up
from applications.models import Batch, Case
from applications.services import CaseError, case_approve, case_draft_create, case_draft_update, case_submit, case_take
from applications.services.batches import batch_start
from residence_permits.services import PermitError, registration_create
from tests.factories import AddressFactory, HouseholdFactory, PersonFactory, UserFactory, sign_in_verified
from tests.process import complete_and_check, verify

EVALUATE = "/api/v1/eligibility/evaluate"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def applicant_api(user=None):
    client = APIClient()
    client.force_authenticate(user or UserFactory(email_verified=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EVALUATE, "/api/v1/auth/token/"])
def test_json_nested_three_thousand_levels_deep_is_refused_not_a_server_error(client, url):
    response = client.post(url, deep(3000), content_type="application/json")

    assert response.status_code == 400
    assert "嵌套层数过多" in response.content.decode()


@pytest.mark.django_db
def test_deep_json_to_a_signed_in_endpoint_is_refused_too():
    response = applicant_api().post("/api/v1/my/cases/", deep(3000), content_type="application/json")

    assert response.status_code == 400 and "嵌套层数过多" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"city": "\\ud800"}', '{"\\udfff": 1}'])
def test_a_lone_surrogate_is_refused_not_a_server_error(client, body):
    response = client.post(EVALUATE, body, content_type="application/json")

    assert response.status_code == 400 and "代理码位" in response.content.decode()


@pytest.fixture
def draft(db):
    applicant = UserFactory(email_verified=True)
    return applicant, case_draft_create(applicant=applicant, city="qujing", pathway="residence")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"facts": {"applicant": {"social_insurance_months": {"pension": 1e400}}}}', "超出范围"),
        ('{"facts": {"applicant": {"\\ud800": true}}}', "代理码位"),
    ],
)
def test_a_draft_patched_with_an_infinite_number_or_a_surrogate_key_is_refused(draft, body, words):
    applicant, case = draft

    response = applicant_api(applicant).patch(f"/api/v1/my/cases/{case.pk}/", body, content_type="application/json")

    assert response.status_code == 400 and words in response.content.decode()
    case.refresh_from_db()
    assert case.facts == {}


def castle_draft(applicant, person):
    case = case_draft_create(
        applicant=applicant, city="qujing", pathway="residence", name=person.name, id_number=person.id_number
    )
    return case_draft_update(
        case=case,
        actor=applicant,
        address=AddressFactory(zone="central_urban"),
        facts={"applicant": {"housing": {"kind": "castle"}}},
    )


def test_submitting_facts_the_engine_refuses_is_a_message_on_the_page_and_409_in_the_api(draft):
    applicant, _case = draft
    person = HouseholdFactory(address=AddressFactory(zone="county_town")).head
    verify(applicant, person)
    on_page, by_api = castle_draft(applicant, person), castle_draft(applicant, person)
    browser = Client()
    browser.force_login(applicant)

    page = browser.post(f"/my/cases/{on_page.pk}/submit/", {"confirm_missing": "1"}, follow=True)
    api = applicant_api(applicant).post(
        f"/api/v1/my/cases/{by_api.pk}/submit/", {"confirm_missing": True}, format="json"
    )

    assert page.status_code == 200 and "申请填写的内容有误" in page.content.decode()
    assert api.status_code == 409 and "申请填写的内容有误" in api.json()["error"]
    assert Case.objects.filter(pk__in=[on_page.pk, by_api.pk], status="draft").count() == 2


def race(*calls):
    """Run the calls at the same moment, each on its own database connection; what each returned
    or raised."""
    barrier, outcomes = threading.Barrier(len(calls)), []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(call())
        except Exception as error:  # noqa: BLE001 - the test looks at what was raised
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_sign_ups_with_one_address_make_one_account_and_a_clear_message():
    def sign_up():
        return applicant_sign_up(email="Li@example.cn", password="Demo-2026-hukou", name="李四")

    outcomes = race(sign_up, sign_up, sign_up)

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert User.objects.filter(email__iexact="li@example.cn").count() == 1
    assert len(refused) == 2 and all(isinstance(o, SignUpError) and "已注册" in str(o) for o in refused), outcomes
    with pytest.raises(SignUpError):  # and one after the other, past the form's check
        sign_up()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_batches_of_the_same_cases_make_one_batch_and_a_clear_message():
    from tests.factories import CaseFactory

    station_address = AddressFactory(zone="central_urban")
    clerk = UserFactory(clerk=True, station=station_address.station)
    applicant = UserFactory(email_verified=True)
    cases = [CaseFactory(submitted=True, applicant=applicant, address=station_address) for _ in range(3)]
    ids = [c.pk for c in cases]

    outcomes = race(lambda: batch_start(starter=clerk, case_ids=ids), lambda: batch_start(starter=clerk, case_ids=ids))

    assert Batch.objects.count() == 1
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], CaseError), outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_residence_registrations_of_one_person_make_one_and_a_clear_message():
    from residence_permits.models import ResidenceRegistration

    address = AddressFactory(zone="central_urban")
    clerk = UserFactory(clerk=True, station=address.station)
    person = PersonFactory()

    def register():
        return registration_create(
            actor=clerk,
            name=person.name,
            id_number=person.id_number,
            address=address,
            since=timezone.localdate(),
            reason="work",
        )

    outcomes = race(register, register, register)

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert ResidenceRegistration.objects.filter(id_number=person.id_number).count() == 1
    assert len(refused) == 2 and all(isinstance(o, PermitError) for o in refused), outcomes


@pytest.fixture
def clerk_and_household(db):
    address = AddressFactory(zone="central_urban")
    return UserFactory(clerk=True, station=address.station), HouseholdFactory(address=address)


def taken(case, clerk):
    """Submitted by the account verified as its applicant, accepted, every document checked."""
    verify(case.applicant, name=case.name, id_number=case.id_number)
    case = case_submit(case=case, actor=case.applicant, confirm_missing=True)
    case = case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)
    return case


def test_a_correction_of_ethnicity_longer_than_the_register_holds_is_a_message(clerk_and_household):
    clerk, household = clerk_and_household
    applicant = UserFactory(email_verified=True)
    head = household.head
    case = case_draft_create(
        applicant=applicant, kind="correction", city="qujing", name=head.name, id_number=head.id_number
    )
    correction = {"id_number": head.id_number, "field": "ethnicity", "value": "汉" * 17, "reason": "户口簿有误"}
    case_draft_update(
        case=case,
        actor=applicant,
        address=household.address,
        target_household=household,
        facts={"correction": correction},
    )
    case = taken(case, clerk)
    browser = sign_in_verified(Client(), clerk)

    page = browser.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"}, follow=True)

    assert page.status_code == 200 and "16" in page.content.decode()
    with pytest.raises(CaseError):
        case_approve(case=case, clerk=clerk)
    head.refresh_from_db()
    assert head.ethnicity != "汉" * 17


def test_a_newborn_born_in_the_future_is_a_message_not_a_server_error(clerk_and_household):
    clerk, household = clerk_and_household
    applicant = UserFactory(email_verified=True)
    parent = household.head
    case = case_draft_create(
        applicant=applicant, kind="newborn", city="qujing", name=parent.name, id_number=parent.id_number
    )
    born = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    facts = {
        "newborn": {"name": "张小宝", "sex": "female", "birth_date": born},
        "applicant": {"newborn": {"born_in_china": True}},
    }
    case_draft_update(case=case, actor=applicant, address=household.address, target_household=household, facts=facts)
    case = taken(case, clerk)

    browser = sign_in_verified(Client(), clerk)

    page = browser.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"}, follow=True)
    api = browser.post(f"/api/v1/cases/{case.pk}/approve/")

    assert page.status_code == 200 and "出生日期" in page.content.decode()
    assert api.status_code == 409 and api.json()["error"]
    assert Case.objects.get(pk=case.pk).status == "in_review"


def test_a_domain_error_that_escapes_a_view_is_a_page_with_its_message_not_a_500(rf):
    from common.errors import DomainError
    from common.middleware import DomainErrorMiddleware

    request = rf.get("/")
    request.user = UserFactory.build()
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, DomainError("不能这样办理。"))

    assert response.status_code == 409 and "不能这样办理。" in response.content.decode()
