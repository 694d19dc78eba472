"""好差评 in a real browser: the applicant rates a withdrawn case 非常不满意, the city's supervisor
finds it under 差评回访 and replies, the applicant reads the reply on the case page."""

import pytest
from playwright.sync_api import expect

from applications.services import case_withdraw
from tests.factories import PASSWORD, CaseFactory

from .browser import PHONE, go, look, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_very_poor_rating_is_followed_up_and_the_reply_read(new_page, applicant, station_address, staff):
    case = CaseFactory(submitted=True, applicant=applicant, address=station_address)
    case = case_withdraw(case=case, actor=case.applicant)
    supervisor = staff(supervisor=True, city="qujing", username="sup_qujing", email="sup@example.cn")

    page = new_page(PHONE, is_mobile=True, has_touch=True)
    sign_in(page, case.applicant, PASSWORD)
    go(page, f"/my/cases/{case.pk}/")
    page.get_by_label("非常不满意").check()
    page.get_by_label("意见和建议（选填）").fill("窗口等了一个小时")
    look(page, "rating-01-form", phone=True)
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价。")).to_be_visible()
    expect(page.get_by_text("审核主管将核实并在")).to_be_visible()

    desk = new_page()
    sign_in(desk, supervisor, PASSWORD)
    desk.get_by_role("link", name="差评回访").first.click()
    expect(desk.get_by_role("cell", name="待答复")).to_be_visible()
    look(desk, "rating-02-follow-ups")
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_label("核实情况和答复").fill("已核实，当日窗口人手不足，已增派民警。")
    look(desk, "rating-03-reply")
    desk.get_by_role("button", name="发送答复").click()
    expect(desk.get_by_text("答复已发送给申请人。")).to_be_visible()

    go(page, f"/my/cases/{case.pk}/")
    expect(page.get_by_text("已增派民警")).to_be_visible()
    look(page, "rating-04-reply-read", phone=True)
