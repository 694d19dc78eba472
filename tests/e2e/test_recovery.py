"""Account recovery in a real browser: 忘记密码 from the sign-in page, by an e-mailed link and by an
SMS code; then the account's messages and its notice settings."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from notices import sms
from notices.models import Preference

from .browser import PHONE, go, look

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW = "Lincang-again-2027"


def sign_in_with(page, login: str, password: str):
    go(page, "/accounts/login/")
    page.get_by_label("手机号码或电子邮箱").fill(login)
    page.get_by_label(re.compile("^密码")).fill(password)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()


def test_a_forgotten_password_is_reset_by_an_e_mailed_link(page, applicant):
    go(page, "/accounts/login/")
    page.get_by_role("link", name="忘记密码？").click()
    expect(page.get_by_role("heading", name="找回密码")).to_be_visible()
    look(page, "recovery-01-request")
    page.get_by_label("注册时填写的电子邮箱").fill(applicant.email)
    page.get_by_role("button", name="发送重置链接").click()
    expect(page.get_by_role("heading", name="请查收邮件")).to_be_visible()
    look(page, "recovery-02-sent")
    message = next(m for m in reversed(mail.outbox) if applicant.email in m.to)
    page.goto(re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0))
    expect(page.get_by_role("heading", name="设置新密码")).to_be_visible()
    look(page, "recovery-03-new-password")
    page.locator("input[name=new_password1]").fill(NEW)
    page.locator("input[name=new_password2]").fill(NEW)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("heading", name="密码已重新设置")).to_be_visible()
    sign_in_with(page, applicant.email, NEW)


def test_a_forgotten_password_is_reset_by_an_sms_code_on_a_phone(new_page, applicant):
    applicant.phone = "13812345678"
    applicant.save()
    Preference.objects.create(user=applicant, verified_phone="13812345678")
    page = new_page(PHONE, is_mobile=True, has_touch=True)
    go(page, "/accounts/password-reset/")
    page.get_by_role("link", name="改用已验证的手机号码接收短信验证码").click()
    page.get_by_label("已验证的手机号码").fill("13812345678")
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_role("heading", name="设置新密码")).to_be_visible()
    look(page, "recovery-04-sms-code", phone=True)
    code = re.search(r"验证码为 (\d{6})", sms.outbox[-1].text).group(1)
    page.get_by_label("短信验证码").fill(code)
    page.locator("input[name=new_password1]").fill(NEW)
    page.locator("input[name=new_password2]").fill(NEW)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("密码已重新设置，请用新密码登录。")).to_be_visible()
    sign_in_with(page, "13812345678", NEW)
    page.get_by_role("link", name="账户安全").click()
    expect(page.get_by_role("heading", name="通知设置")).to_be_visible()
    look(page, "recovery-05-notice-settings", phone=True)
    page.get_by_role("link", name=re.compile("^消息")).click()
    expect(page.get_by_role("heading", name="消息")).to_be_visible()
    look(page, "recovery-06-messages", phone=True)
