"""A rule admin who writes policy, not JSON, in a real browser: copies Qujing's rules as a draft,
unticks a zone and changes a number, tries a case in the self-check's form, and asks for
publication; a second rule admin, on a phone and with the keyboard alone, approves it (四眼原则)."""

import pytest
from playwright.sync_api import expect

from accounts.constants import Role
from eligibility.constants import RuleSetStatus
from eligibility.models import PublicationRequest, PublicationStatus, RuleSet

from .browser import PHONE, authenticator_for, go, look, sign_in, write_axe_report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1366, "height": 900}
PASSWORD = "Rules-2026-admin"
FOCUSED = """() => {
  const el = document.activeElement; const style = getComputedStyle(el);
  return {name: el.name || "", text: (el.innerText || el.value || "").trim(),
          ring: style.outlineStyle !== "none" || style.boxShadow !== "none"};
}"""


def rule_admin(username):
    from accounts.services import user_create

    user = user_create(username=username, password=PASSWORD, role=Role.RULE_ADMIN)
    authenticator_for(user)
    return user


def parameter_row(page, label):
    """The inline row of one parameter, found by the words in its 参数 column."""
    return page.locator("tr.form-row").filter(has=page.locator("td.field-label", has_text=label)).first


def tab_to(page, *, text=None, name=None):
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if (text is not None and focused["text"] == text) or (name is not None and focused["name"] == name):
            assert focused["ring"], f"no visible focus on {focused}"
            return
    raise AssertionError(f"Tab never reached {text or name} on {page.url}")


def choose(page, name, value):
    """Tab to a list and move its choice with the arrow keys, without opening it."""
    tab_to(page, name=name)
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(20):
            if page.evaluate("() => document.activeElement.value") == value:
                return
            page.keyboard.press(key)
    raise AssertionError(f"{name} has no choice {value}")


def test_a_rule_admin_edits_in_words_tries_a_case_and_a_second_one_approves(new_page):
    drafter, approver = rule_admin("rules"), rule_admin("reviewer")
    v1 = RuleSet.objects.get(city="qujing", version=1)
    page = new_page(WIDE)
    sign_in(page, drafter, PASSWORD)
    go(page, "/admin/eligibility/ruleset/?city__exact=qujing")
    look(page, "ruleadmin-01-rule-sets")
    page.locator(f"input[name=_selected_action][value='{v1.pk}']").check()
    page.locator("select[name=action]").select_option("copy_as_draft")
    page.get_by_role("button", name="执行").click()
    expect(page.locator(".messagelist")).to_contain_text("已创建草稿")
    draft = RuleSet.objects.get(city="qujing", version=2)

    # Parameters in words: zones ticked by name, months as a number with its unit, a switch
    go(page, f"/admin/eligibility/ruleset/{draft.pk}/change/")
    expect(page.locator("#content")).not_to_contain_text('["central_urban"')
    rented = parameter_row(page, "租赁住房可落户的区域")
    rented.get_by_role("checkbox", name="市辖区（中心城区）", exact=True).focus()
    for _ in range(3):  # 县城, 其他建制镇, 乡: each zone a checkbox named by its words, reached with Tab
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["ring"] and page.evaluate("() => document.activeElement.value") == "township"
    page.keyboard.press("Space")
    expect(rented.get_by_role("checkbox", name="乡", exact=True)).not_to_be_checked()
    months = parameter_row(page, "市区社会保险最短缴费月数")
    months.get_by_role("spinbutton").fill("6")
    expect(months).to_contain_text("个月")
    marriage = parameter_row(page, "开放途径：城乡婚姻夫妻落户")
    expect(marriage.get_by_role("switch")).to_be_visible()
    rented.scroll_into_view_if_needed()
    look(page, "ruleadmin-02-draft-parameters", full_page=False)
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert "township" not in draft.parameters.get(key="residence.rented_zones").value
    assert draft.parameters.get(key="residence.strict_insurance_months").value == 6

    # A wrong number: a field error in Chinese, nothing lost
    months = parameter_row(page, "市区社会保险最短缴费月数")
    months.get_by_role("spinbutton").fill("-1")
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".errorlist").first).to_contain_text("不得小于 0")
    parameter_row(page, "市区社会保险最短缴费月数").scroll_into_view_if_needed()
    look(page, "ruleadmin-03-wrong-value", full_page=False)
    assert draft.parameters.get(key="residence.strict_insurance_months").value == 6

    # 试算: the self-check's questions, an example for Qujing already filled in
    go(page, f"/admin/eligibility/ruleset/{draft.pk}/preview/")
    expect(page.locator("#content")).to_contain_text("按曲靖市的规则填好一个示例")
    look(page, "ruleadmin-04-trial-example")
    page.get_by_label("拟落户区域").select_option("township")
    page.get_by_label("在当地的住所").select_option("rented")
    page.get_by_label("在当地有合法稳定就业").select_option("false")  # so the home is what decides
    page.get_by_role("button", name="试算", exact=True).click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("不符合")
    expect(page.locator("#content")).to_contain_text("该区域不接受以租赁住房落户")  # the draft's new value at work
    look(page, "ruleadmin-05-trial-result")

    # The drafter asks for publication; they cannot approve it themselves
    go(page, f"/admin/eligibility/ruleset/{draft.pk}/publication/")
    page.get_by_label("申请说明（改了什么、为什么）").fill("乡不再接受租赁住房落户；市区社保缴费改为 6 个月。")
    page.get_by_role("button", name="提交发布申请").click()
    expect(page.locator(".messagelist")).to_contain_text("须由另一位规则管理员批准")
    expect(page.get_by_role("button", name="批准并发布")).to_have_count(0)
    look(page, "ruleadmin-06-requested")
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT

    # The second rule admin, on a phone, with the keyboard alone: tries a case, then approves
    phone = new_page(PHONE)
    sign_in(phone, approver, PASSWORD)
    go(phone, f"/admin/eligibility/ruleset/{draft.pk}/preview/")
    choose(phone, "zone", "township")
    choose(phone, "applicant__housing__kind", "rented")
    choose(phone, "applicant__employment__stable", "false")
    tab_to(phone, text="试算")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    expect(phone.locator("#result")).to_contain_text("该区域不接受以租赁住房落户")
    look(phone, "ruleadmin-06b-trial-phone", phone=True)
    go(phone, f"/admin/eligibility/ruleset/{draft.pk}/publication/")
    expect(phone.locator("#content")).to_contain_text("乡不再接受租赁住房落户")
    look(phone, "ruleadmin-07-approve-phone", phone=True)
    tab_to(phone, name="reason")
    phone.keyboard.type("已核对参数和试算。")
    tab_to(phone, text="批准并发布")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    expect(phone.locator(".messagelist")).to_contain_text("已批准并发布")
    look(phone, "ruleadmin-08-published-phone", phone=True)

    draft.refresh_from_db()
    publication = PublicationRequest.objects.get(rule_set=draft)
    assert draft.status == RuleSetStatus.PUBLISHED
    assert (publication.status, publication.requested_by, publication.decided_by) == (
        PublicationStatus.APPROVED,
        drafter,
        approver,
    )
    go(page, f"/admin/eligibility/ruleset/{draft.pk}/publication/")
    expect(page.get_by_role("region", name="审批记录")).to_contain_text("reviewer")
    expect(page.get_by_role("region", name="审批记录")).to_contain_text("已核对参数和试算。")
    look(page, "ruleadmin-09-history")

    # The version now in force reads in words, never as JSON
    go(page, f"/admin/eligibility/ruleset/{draft.pk}/change/")
    rented = parameter_row(page, "租赁住房可落户的区域")
    expect(rented).to_contain_text("市辖区（中心城区）、县城（县级市城区、县政府驻地镇）、其他建制镇、产业园区")
    rented.scroll_into_view_if_needed()
    look(page, "ruleadmin-09b-published-in-words", full_page=False)

    # The calendar the time limits count with: the holiday library's days, by year
    go(page, "/admin/eligibility/calendarday/?year=2026")
    expect(page.locator("#result_list")).to_contain_text("国庆节调休上班")
    expect(page.locator("#content")).to_contain_text("节假日库收录")
    look(page, "ruleadmin-10-calendar", full_page=False)
    write_axe_report()
