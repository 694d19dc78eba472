"""The self-check, the comparison and the 办事指南 as a person uses them: on a 1366 px desktop, on
a 375 px phone and with the keyboard alone. The verdict comes first and takes the focus; a city
offers only its own pathways; each comparison cell says why and leads to the city's check."""

import pytest
from playwright.sync_api import expect

from .browser import PHONE, go, look, shot
from .test_keyboard import FOCUSED, activate, choose

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WIDE = {"width": 1366, "height": 900}
VERDICT_ON_TOP = """() => {
  const v = document.getElementById("verdict");
  const box = v.getBoundingClientRect();
  return {focused: document.activeElement === v, top: Math.round(box.top)};
}"""


def verdict_has_the_focus_at_the_top(page):
    where = page.evaluate(VERDICT_ON_TOP)
    assert where["focused"], "the verdict does not have the focus"
    assert 0 <= where["top"] < 120, f"the verdict is not at the top of the screen: {where}"


def dehong_offers_its_own_pathways(page, prefix, phone=False):
    go(page, "/eligibility/check/")
    page.get_by_label("拟落户城市").select_option("dehong")
    page.get_by_role("button", name="下一步").click()
    pathways = page.get_by_label("落户途径")
    expect(pathways.locator("option[value=residence]")).to_have_count(1)
    expect(pathways.locator("option[value=talent]")).to_have_count(0)
    withheld = page.locator("section.withheld")
    expect(withheld).to_contain_text("人才落户")
    expect(withheld).to_contain_text("德政办发〔2016〕142号 第（十）条")
    look(page, f"{prefix}-01-dehong-pathways", phone=phone)


def a_verdict_comes_first(page, prefix, phone=False):
    page.get_by_label("落户途径").select_option("residence")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("拟落户区域").select_option("county_town")
    page.get_by_label("在当地的住所").select_option("rented")
    page.get_by_label("租赁已在房管部门登记备案").select_option("false")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="暂不符合落户条件")).to_be_visible()
    verdict_has_the_focus_at_the_top(page)
    look(page, f"{prefix}-02-verdict-first", phone=phone, full_page=False)
    shot(page, f"{prefix}-02-verdict-first-full")


def the_guide_reads_and_prints(page, prefix, phone=False):
    page.get_by_role("link", name="查看办事指南：德宏傣族景颇族自治州合法稳定住所/就业落户").click()
    expect(page.get_by_role("heading", name="德宏傣族景颇族自治州合法稳定住所/就业落户办事指南")).to_be_visible()
    expect(page.locator('tr[data-parameter="residence.rental_requires_owner_consent"]')).to_contain_text("是")
    expect(page.locator("#materials ~ table")).to_contain_text("房屋产权人同意落户书面意见")
    look(page, f"{prefix}-03-guide", phone=phone)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="自助查询是否符合条件")).to_be_hidden()
    shot(page, f"{prefix}-04-guide-print")
    page.emulate_media(media="screen")
    go(page, "/eligibility/guide/")
    expect(page.get_by_role("heading", name="德宏傣族景颇族自治州")).to_be_visible()
    look(page, f"{prefix}-05-guide-index", phone=phone)


def the_comparison_says_why_and_asks(page, prefix, phone=False):
    go(page, "/eligibility/compare/?zone=county_town&applicant__housing__kind=rented")
    lincang = page.locator("table.compare tbody tr").first.locator("td").nth(1)
    expect(lincang).to_contain_text("还需回答：租赁登记备案")
    look(page, f"{prefix}-06-compare", phone=phone)
    deciding = page.locator("#deciding")
    deciding.get_by_label("租赁已在房管部门登记备案").select_option("true")
    deciding.get_by_label("房屋产权人同意落户").select_option("true")
    deciding.get_by_label("开始在当地居住的日期").fill("2024-01-01")
    deciding.get_by_role("button", name="再次对比").click()
    lincang = page.locator("table.compare tbody tr").first.locator("td").nth(1)
    expect(lincang).to_contain_text("符合：")
    look(page, f"{prefix}-07-compare-decided", phone=phone)
    lincang.get_by_role("link").click()
    expect(page.get_by_label("拟落户区域")).to_have_value("county_town")
    expect(page.get_by_label("房屋产权人同意落户")).to_have_value("true")
    look(page, f"{prefix}-08-check-filled-in", phone=phone)


def test_the_self_check_comparison_and_guide_on_a_desktop(new_page):
    page = new_page(WIDE)
    dehong_offers_its_own_pathways(page, "guide-desktop")
    a_verdict_comes_first(page, "guide-desktop")
    the_guide_reads_and_prints(page, "guide-desktop")
    the_comparison_says_why_and_asks(page, "guide-desktop")


def test_the_self_check_comparison_and_guide_on_a_phone(new_page):
    page = new_page(PHONE)
    dehong_offers_its_own_pathways(page, "guide-phone", phone=True)
    a_verdict_comes_first(page, "guide-phone", phone=True)
    the_guide_reads_and_prints(page, "guide-phone", phone=True)
    the_comparison_says_why_and_asks(page, "guide-phone", phone=True)


def test_the_keyboard_lands_on_the_verdict_and_goes_on_from_it(page):
    go(page, "/eligibility/check/?city=lincang&pathway=residence")
    choose(page, "zone", "county_town")
    choose(page, "applicant__housing__kind", "owned")
    activate(page, "查询")
    expect(page.get_by_role("heading", name="符合落户条件")).to_be_visible()
    verdict_has_the_focus_at_the_top(page)
    page.keyboard.press("Tab")  # the next stop is inside the verdict, not back at the top of the page
    focused = page.evaluate(FOCUSED)
    assert page.evaluate("() => document.getElementById('verdict').contains(document.activeElement)"), focused
    assert focused["ring"], f"no visible focus on {focused}"
    look(page, "guide-keyboard-01-verdict", full_page=False)
