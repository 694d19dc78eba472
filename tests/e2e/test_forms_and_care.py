"""Forms that keep what people typed, the error summary, the 适老化 mode and each reader's own home
page, in Chromium: on a 1366 px desktop, on a 375 px phone and with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from applications.models import Case
from applications.services import case_draft_create
from tests.factories import PASSWORD
from tests.process import verify

from .browser import PHONE, go, look, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1366, "height": 900}
CARE = "适老化模式"
FOCUSED_SUMMARY = "() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')"


@pytest.fixture
def draft(applicant, family, station_address):
    _household, head, _spouse = family
    verify(applicant, head)
    return case_draft_create(applicant=applicant, city="qujing", pathway="residence", name="")


def send_with_errors(page, draft, head):
    """Fill the name, leave a wrong identity number and a wrong month count, and ask to check."""
    go(page, f"/my/cases/{draft.pk}/edit/")
    page.fill("#id_name", head.name)
    page.fill("#id_id_number", "5303021990")
    page.fill("#id_applicant__social_insurance_months__pension", "-3")
    page.select_option("#id_applicant__housing__kind", "owned")
    page.get_by_role("button", name="保存并核对").click()
    page.wait_for_load_state("load")


def test_a_draft_with_errors_keeps_the_rest_and_the_summary_leads_to_each_field(new_page, applicant, draft, family):
    _household, head, _spouse = family
    page = new_page(WIDE)
    sign_in(page, applicant, PASSWORD)
    send_with_errors(page, draft, head)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert page.evaluate(FOCUSED_SUMMARY), "the error summary does not have the focus"
    expect(summary.get_by_role("link")).to_have_count(3)  # the number, the months, the address
    look(page, "14u-01-draft-errors-desktop")
    summary.get_by_role("link", name="申请人公民身份号码").click()
    assert page.evaluate("() => document.activeElement.id") == "id_id_number"
    expect(page.locator("#id_id_number")).to_have_value("5303021990")  # what was typed stays
    case = Case.objects.get(pk=draft.pk)
    assert case.name == head.name and case.facts["applicant"]["housing"] == {"kind": "owned"}
    assert case.id_number == ""


def test_on_a_phone_the_summary_and_the_pages_fit(new_page, applicant, draft, family):
    _household, head, _spouse = family
    page = new_page(PHONE)
    sign_in(page, applicant, PASSWORD)
    send_with_errors(page, draft, head)
    assert page.evaluate(FOCUSED_SUMMARY)
    look(page, "14u-02-draft-errors-phone", phone=True)
    go(page, "/")
    expect(page.get_by_role("heading", name="申请人入口")).to_be_visible()
    expect(page.get_by_text("工作人员入口")).to_have_count(0)
    look(page, "14u-03-home-applicant-phone", phone=True)
    go(page, "/station/queue/")
    expect(page.get_by_role("heading", name="无权访问此页面")).to_be_visible()
    look(page, "14u-04-403-applicant-phone", phone=True)


def test_the_keyboard_reaches_the_summary_its_links_and_the_care_toggle(new_page, applicant, draft, family):
    _household, head, _spouse = family
    page = new_page(WIDE)
    sign_in(page, applicant, PASSWORD)
    send_with_errors(page, draft, head)
    assert page.evaluate(FOCUSED_SUMMARY)
    page.keyboard.press("Tab")  # from the summary, the first of its links
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#id_id_number"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "id_id_number"
    # The 适老化 toggle: a button with aria-pressed, by Tab and Space, remembered on the next page
    go(page, "/")
    toggle = page.get_by_role("button", name=CARE)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.hasAttribute('data-care-toggle')"):
            break
    else:
        raise AssertionError("Tab never reached the 适老化 toggle")
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    size = page.evaluate("() => getComputedStyle(document.body).fontSize")
    assert size == "20px", size
    look(page, "14u-05-home-care-desktop")
    go(page, f"/my/cases/{draft.pk}/edit/")
    expect(page.locator("html")).to_have_class("care")
    expect(page.get_by_role("button", name=CARE)).to_have_attribute("aria-pressed", "true")
    look(page, "14u-06-draft-care-desktop")
    page.get_by_role("button", name=CARE).press("Enter")
    expect(page.locator("html")).not_to_have_class("care")


def test_a_clerk_sees_the_station_entrances(new_page, staff, station_address):
    clerk = staff(clerk=True, station=station_address.station)
    page = new_page(WIDE)
    sign_in(page, clerk, PASSWORD)
    go(page, "/")
    expect(page.get_by_role("link", name="派出所受理队列")).to_be_visible()
    expect(page.get_by_text("申请人入口")).to_have_count(0)
    look(page, "14u-07-home-clerk-desktop")
    go(page, "/my/cases/")
    expect(page.get_by_role("heading", name="无权访问此页面")).to_be_visible()
    look(page, "14u-08-403-clerk-desktop")
