"""Every form of the journeys that comes back with errors opens with GOV.UK's error summary, which
takes the focus and whose links move it to each field; and the rule admin's pages, in Chinese and
in English, fit a 375 px phone (no sideways scroll) with no serious or critical axe finding."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.constants import Role
from applications.services import case_take
from eligibility.models import RuleSet
from eligibility.services import rule_set_copy_as_draft
from tests.factories import PASSWORD, CaseFactory, UserFactory

from .browser import PHONE, SCREENSHOTS, authenticator_for, go, look, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1366, "height": 900}
RULES_PASSWORD = "Rules-2026-admin"
NOTES = Path("/work/notes/shots-i14")
FOCUSED_SUMMARY = "() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
LANGUAGES = {"zh": "zh-hans", "en": "en"}
VIEWPORTS = {"1366": WIDE, "375": PHONE}


def in_language(page, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base_url}])


def keep(name):
    """A copy of the screenshot for the issue's notes (when the notes folder is there)."""
    if NOTES.parent.exists():
        NOTES.mkdir(exist_ok=True)
        shutil.copy(SCREENSHOTS / f"{name}.png", NOTES / f"{name}.png")


def summary_leads_to_its_field(page, name, *, phone):
    """The summary is there, has the focus, and its first link moves the focus to its field."""
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert page.evaluate(FOCUSED_SUMMARY), f"{name}: the error summary does not have the focus"
    look(page, name, phone=phone)
    keep(name)
    link = summary.get_by_role("link").first
    target = link.get_attribute("href").removeprefix("#")
    link.click()
    assert page.evaluate("() => document.activeElement.id") == target, f"{name}: the link did not focus #{target}"


def rule_admin():
    from accounts.services import user_create

    user = user_create(username="rule-admin-1", password=RULES_PASSWORD, role=Role.RULE_ADMIN)
    authenticator_for(user)
    return user


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_forms_sent_back_open_with_the_summary(new_page, station_address, lang, width):
    page = new_page(VIEWPORTS[width])
    in_language(page, LANGUAGES[lang])
    phone = width == "375"
    go(page, "/eligibility/check/?city=qujing&pathway=residence")
    page.fill("#id_applicant__social_insurance_months__pension", "-3")
    page.locator("main form[method=post] [type=submit]").click()
    summary_leads_to_its_field(page, f"i14-self-check-errors-{lang}-{width}", phone=phone)
    go(page, "/eligibility/compare/?zone=z9&applicant__housing__kind=owned")
    summary_leads_to_its_field(page, f"i14-compare-errors-{lang}-{width}", phone=phone)
    go(page, "/status/")
    page.fill("#id_id_last6", "12")
    page.locator("main form [type=submit]").click()
    summary_leads_to_its_field(page, f"i14-status-errors-{lang}-{width}", phone=phone)


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_clerks_case_forms_come_back_on_the_case_page_with_the_summary(new_page, staff, station_address, width):
    clerk = staff(clerk=True, station=station_address.station)
    case = case_take(
        case=CaseFactory(submitted=True, applicant=UserFactory(email_verified=True), address=station_address),
        clerk=clerk,
    )
    page = new_page(VIEWPORTS[width])
    sign_in(page, clerk, PASSWORD)
    for lang, language in LANGUAGES.items():
        in_language(page, language)
        go(page, f"/station/cases/{case.pk}/")
        page.locator("details", has=page.locator("[name=message]")).locator("summary").first.click()
        page.locator("form[action$='/request/'] [type=submit]").click()  # nothing ticked
        summary_leads_to_its_field(page, f"i14-clerk-request-errors-{lang}-{width}", phone=width == "375")
        go(page, f"/station/cases/{case.pk}/")
        refusal = page.locator("details", has=page.locator("form[action$='/refuse/']"))
        refusal.locator("summary").first.click()
        refusal.locator("[type=submit]").click()  # no reason written
        summary_leads_to_its_field(page, f"i14-clerk-refusal-errors-{lang}-{width}", phone=width == "375")
        expect(page.locator("form[action$='/refuse/'] textarea")).to_be_visible()  # its details open again


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_rule_admins_pages_fit_and_read_in_each_language(new_page, width):
    admin = rule_admin()
    draft = rule_set_copy_as_draft(rule_set=RuleSet.objects.get(city="qujing", version=1))
    page = new_page(VIEWPORTS[width])
    phone = width == "375"
    sign_in(page, admin, RULES_PASSWORD)
    pages = {
        "rule-sets": "/admin/eligibility/ruleset/",
        "draft": f"/admin/eligibility/ruleset/{draft.pk}/change/",
        "in-force": f"/admin/eligibility/ruleset/{draft.based_on_id}/change/",
        "add": "/admin/eligibility/ruleset/add/",
        "trial": f"/admin/eligibility/ruleset/{draft.pk}/preview/",
        "publication": f"/admin/eligibility/ruleset/{draft.pk}/publication/",
        "impact": f"/admin/eligibility/ruleset/{draft.pk}/impact/",
        "calendar": "/admin/eligibility/calendarday/?year=2026",
    }
    for lang, language in LANGUAGES.items():
        in_language(page, language)
        for name, path in pages.items():
            go(page, path)
            look(page, f"i14-admin-{name}-{lang}-{width}", phone=phone, full_page=name != "draft")
            keep(f"i14-admin-{name}-{lang}-{width}")
        # the parameters themselves: on a phone each row a block, nothing scrolls sideways inside either
        go(page, pages["draft"])
        group = page.locator("#parameters-group")
        group.locator("tr.form-row").nth(8).scroll_into_view_if_needed()
        shot(page, f"i14-admin-parameters-{lang}-{width}", full_page=False)
        keep(f"i14-admin-parameters-{lang}-{width}")
        if phone:
            wide = group.evaluate("g => [g.scrollWidth, g.clientWidth]")
            assert wide[0] <= wide[1], f"the parameters scroll sideways inside their box: {wide}"
        # a wrong value: the summary at the top leads to the parameter's field
        label = {"zh": "市区社会保险最短缴费月数", "en": "contributions in the urban districts"}[lang]
        months = page.locator("tr.form-row", has=page.locator("td.field-label", has_text=label))
        months.first.get_by_role("spinbutton").fill("-1")
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state("load")
        summary_leads_to_its_field(page, f"i14-admin-parameter-errors-{lang}-{width}", phone=phone)
        go(page, pages["publication"])
        page.locator("form.publication-step [type=submit]").first.click()  # no note written
        summary_leads_to_its_field(page, f"i14-admin-publication-errors-{lang}-{width}", phone=phone)
