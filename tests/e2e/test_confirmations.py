"""No surprise clicks, in a real browser: 准予迁入, 不予办理, 撤回申请 and 删除草稿 first show a page
saying what will happen; 返回 leaves the case as it was; only the 确认 button acts. The pages
have no script (the CSP stays strict) and are looked at on a desktop (1366 px) and a phone."""

import pytest
from playwright.sync_api import expect

from applications.constants import CaseStatus
from applications.models import Case
from applications.services import case_draft_create, case_take
from registers.models import Membership
from tests.factories import PASSWORD, case_with_spouse
from tests.process import complete_and_check

from .browser import PHONE, go, look, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1366, "height": 900}


def both_widths(page, name: str) -> None:
    """The confirmation page at 1366 px and at 375 px (no sideways scroll), then back to wide."""
    look(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    look(page, f"{name}-375", phone=True)
    page.set_viewport_size(WIDE)


def no_script(page) -> None:
    """The page asks and acts without JavaScript: no script but the portal's own enhancements."""
    assert page.locator('script:not([src="/static/js/portal.js"])').count() == 0


def test_a_clerk_is_asked_before_approving_and_before_refusing(new_page, staff, applicant, station_address, family):
    old_household, head, spouse = family
    to_approve = case_with_spouse(applicant, station_address, head=head, spouse=spouse)
    other_head, other_spouse = _another_family()
    to_refuse = case_with_spouse(applicant, station_address, head=other_head, spouse=other_spouse)
    clerk = staff(clerk=True, station=station_address.station)
    for case in (to_approve, to_refuse):
        case_take(case=case, clerk=clerk)
        complete_and_check(case, clerk)  # documents checked, the spouse consented: ready to decide
    desk = new_page(WIDE)
    sign_in(desk, clerk, PASSWORD)

    go(desk, f"/station/cases/{to_approve.pk}/")
    desk.get_by_role("button", name="准予迁入").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("确认准予迁入")
    moves = desk.get_by_role("table", name="迁移的人员")
    expect(moves).to_contain_text(head.name)
    expect(moves).to_contain_text(spouse.name)
    expect(moves).to_contain_text(old_household.register_number)
    expect(desk.get_by_role("main")).to_contain_text("准予迁入证明")
    no_script(desk)
    both_widths(desk, "confirm-01-approve")
    desk.get_by_role("link", name="返回").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("审核中")  # 返回: nothing happened
    assert Case.objects.get(pk=to_approve.pk).status == CaseStatus.IN_REVIEW
    assert Membership.objects.get(person=spouse, until__isnull=True).household == old_household

    desk.get_by_role("button", name="准予迁入").click()
    desk.get_by_role("button", name="确认准予迁入").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("已办结")
    assert Membership.objects.get(person=spouse, until__isnull=True).household != old_household

    go(desk, f"/station/cases/{to_refuse.pk}/")
    desk.get_by_text("不予办理", exact=True).first.click()  # open the <details>
    desk.get_by_label("不予办理的理由").fill("房产证与不动产登记信息不符。")
    desk.get_by_role("button", name="不予办理").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("确认不予办理")
    expect(desk.get_by_role("main")).to_contain_text("房产证与不动产登记信息不符")
    expect(desk.get_by_role("main")).to_contain_text("行政复议")
    no_script(desk)
    both_widths(desk, "confirm-02-refuse")
    desk.get_by_role("link", name="返回").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("审核中")
    assert Case.objects.get(pk=to_refuse.pk).status == CaseStatus.IN_REVIEW

    desk.get_by_text("不予办理", exact=True).first.click()
    desk.get_by_label("不予办理的理由").fill("房产证与不动产登记信息不符。")
    desk.get_by_role("button", name="不予办理").click()
    desk.get_by_role("button", name="确认不予办理").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("不予办理")
    refused = Case.objects.get(pk=to_refuse.pk)
    assert refused.status == CaseStatus.REFUSED and refused.decision_text == "房产证与不动产登记信息不符。"


def _another_family():
    from tests.factories import AddressFactory, HouseholdFactory, MembershipFactory, PersonFactory

    household = HouseholdFactory(address=AddressFactory(zone="county_town"))
    spouse = PersonFactory(female=True)
    MembershipFactory(person=spouse, household=household, relation="spouse")
    return household.head, spouse


def test_an_applicant_is_asked_before_withdrawing_and_before_deleting_a_draft(
    new_page, applicant, station_address, family
):
    _, head, spouse = family
    case = case_with_spouse(applicant, station_address, head=head, spouse=spouse)
    draft = case_draft_create(applicant=applicant, city="qujing", pathway="residence", name="李娜")
    home = new_page(WIDE)
    sign_in(home, applicant, PASSWORD)

    go(home, f"/my/cases/{case.pk}/")
    home.get_by_role("button", name="撤回申请").click()
    expect(home.get_by_role("heading", level=1)).to_have_text("确认撤回申请")
    expect(home.get_by_role("main")).to_contain_text("不能恢复")
    no_script(home)
    both_widths(home, "confirm-03-withdraw")
    home.get_by_role("link", name="返回").click()
    expect(home.get_by_role("button", name="撤回申请")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED
    home.get_by_role("button", name="撤回申请").click()
    home.get_by_role("button", name="确认撤回").click()
    expect(home.get_by_role("main")).to_contain_text("申请已撤回")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN

    go(home, f"/my/cases/{draft.pk}/edit/")
    home.get_by_role("button", name="删除草稿").click()
    expect(home.get_by_role("heading", level=1)).to_have_text("确认删除草稿")
    expect(home.get_by_role("main")).to_contain_text("草稿将被删除，不能恢复")
    no_script(home)
    both_widths(home, "confirm-04-delete-draft")
    home.get_by_role("link", name="返回").click()
    expect(home.get_by_role("heading", level=1)).to_contain_text("填写申请")
    assert Case.objects.filter(pk=draft.pk).exists()
    home.get_by_role("button", name="删除草稿").click()
    home.get_by_role("button", name="确认删除").click()
    expect(home.get_by_role("main")).to_contain_text("草稿已删除")
    assert not Case.objects.filter(pk=draft.pk).exists()
