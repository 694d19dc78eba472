"""保存草稿 keeps what people typed: every valid field is saved, an invalid one is reported (in an
error summary at the top, linked to its field, and beside the field) and keeps what was saved
before; the page says what is still missing before the draft can be submitted."""

import re

import pytest

from applications.models import Case
from applications.services import case_draft_create, case_draft_update
from registers.constants import Zone
from tests.factories import AddressFactory, HouseholdFactory, UserFactory, sign_in_verified
from tests.process import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return HouseholdFactory(address=AddressFactory(zone=Zone.COUNTY_TOWN)).head


@pytest.fixture
def applicant(person):
    return verify(UserFactory(email_verified=True), person)


@pytest.fixture
def draft(applicant):
    return case_draft_create(applicant=applicant, city="qujing", pathway="residence", name="")


@pytest.fixture
def applicant_client(client, applicant):
    sign_in_verified(client, applicant)
    return client


def edit(client, draft, **fields):
    data = {"relatives-TOTAL_FORMS": "2", "relatives-INITIAL_FORMS": "0", "save": "1", **fields}
    return client.post(f"/my/cases/{draft.pk}/edit/", data)


def test_saving_keeps_the_valid_fields_and_reports_the_invalid_ones(applicant_client, draft, person):
    address = AddressFactory(region__city="qujing", zone=Zone.CENTRAL_URBAN)
    response = edit(
        applicant_client,
        draft,
        name=person.name,
        id_number="53030219900101123",  # 17 characters: not a number
        address=address.pk,
        household="new",
        applicant__housing__kind="owned",
        applicant__employment__stable="true",
        applicant__social_insurance_months__pension="abc",
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.name == person.name and draft.address == address and draft.id_number == ""
    assert draft.facts["applicant"]["housing"] == {"kind": "owned"}
    assert draft.facts["applicant"]["employment"] == {"stable": True}
    assert "social_insurance_months" not in draft.facts["applicant"]
    page = response.content.decode()
    assert "已保存填写正确的内容" in page
    # What was typed stays on the page, even where it was wrong.
    assert 'value="53030219900101123"' in page and 'value="abc"' in page


def test_an_invalid_field_keeps_the_value_saved_before(applicant_client, draft, applicant, person):
    case_draft_update(
        case=draft,
        actor=applicant,
        id_number=person.id_number,
        facts={"applicant": {"social_insurance_months": {"pension": 13}}},
    )
    edit(applicant_client, draft, name="李四", id_number="123", applicant__social_insurance_months__pension="-5")
    draft.refresh_from_db()
    assert draft.name == "李四" and draft.id_number == person.id_number
    assert draft.facts["applicant"]["social_insurance_months"] == {"pension": 13}


def test_a_half_typed_relative_keeps_the_one_saved_there(applicant_client, draft, applicant, person):
    spouse = HouseholdFactory().head
    relative = {"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}
    case_draft_update(case=draft, actor=applicant, relatives=[relative])
    edit(
        applicant_client,
        draft,
        name=person.name,
        **{"relatives-INITIAL_FORMS": "1", "relatives-0-name": spouse.name, "relatives-0-relation": "spouse"},
    )
    draft.refresh_from_db()
    assert draft.name == person.name
    assert [(r.name, r.id_number) for r in draft.relatives.all()] == [(spouse.name, spouse.id_number)]


def test_the_error_summary_links_each_error_to_its_field(applicant_client, draft):
    page = edit(applicant_client, draft, name="", id_number="123", review="1").content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', page, re.S)
    assert summary is not None and 'tabindex="-1"' in summary.group(0)
    assert page.index("error-summary") < page.index("<h1>")  # at the top of the page
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary.group(0))
    targets = {target for target, _text in links}
    assert {"id_name", "id_id_number", "id_address"} <= targets
    for target in targets:
        assert f'id="{target}"' in page, target  # each link leads to a field of the page
    assert any(text.startswith("申请人姓名：") for _target, text in links)
    # and the error is beside its field too
    assert re.search(r'id="id_name_error"', page)


def test_a_complete_form_saves_and_goes_on_to_the_review(applicant_client, draft, person):
    address = AddressFactory(region__city="qujing", zone=Zone.CENTRAL_URBAN)
    response = edit(
        applicant_client,
        draft,
        name=person.name,
        id_number=person.id_number,
        address=address.pk,
        household="new",
        applicant__housing__kind="owned",
        review="1",
    )
    assert response.status_code == 302 and response.url == f"/my/cases/{draft.pk}/review/"
    draft.refresh_from_db()
    assert (draft.name, draft.id_number, draft.address) == (person.name, person.id_number, address)


def test_the_page_says_what_is_still_missing(applicant_client, draft):
    page = applicant_client.get(f"/my/cases/{draft.pk}/edit/").content.decode()
    missing = re.search(r'id="still-missing".*?</div>', page, re.S).group(0)
    assert "提交前还需填写" in missing and "迁入地址" in missing and "姓名" in missing


def test_the_draft_pages_say_what_they_are(applicant_client, draft):
    edit_page = applicant_client.get(f"/my/cases/{draft.pk}/edit/").content.decode()
    edit_title = re.search(r"<title>(.*?)</title>", edit_page, re.S).group(1)
    assert edit_title.startswith("填写申请：") and "曲靖" in edit_title
    detail = applicant_client.get(f"/my/cases/{draft.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", detail, re.S).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", detail, re.S).group(1)
    assert "None" not in title and title.startswith("草稿：")
    assert heading.count("草稿") == 1 and "曲靖" in heading
    assert f"/my/cases/{draft.pk}/edit/" in detail


def test_a_registration_draft_keeps_the_applicant_when_the_rest_is_wrong(applicant_client, applicant, person):
    case = case_draft_create(applicant=applicant, kind="newborn", city="qujing")
    response = applicant_client.post(
        f"/my/cases/{case.pk}/edit/",
        {"name": person.name, "id_number": person.id_number, "child_name": "", "register_number": "nope"},
    )
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    case = Case.objects.get(pk=case.pk)
    assert (case.name, case.id_number) == (person.name, person.id_number)
