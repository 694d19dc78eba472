"""Account recovery: a reset link by e-mail (Django's views and tokens) or a code by SMS to a
verified number; the same answer whether or not an account exists; both throttled."""

import re

import pytest
from django.core import mail

from accounts.models import User
from accounts.services import user_create
from notices import sms
from notices.models import Notice, Preference

pytestmark = pytest.mark.django_db

PASSWORD = "Qujing-settle-2026"
NEW = "Lincang-again-2027"


@pytest.fixture
def account():
    user = user_create(
        username="li@example.cn", password=PASSWORD, email="li@example.cn", phone="13812345678", email_verified=True
    )
    Preference.objects.create(user=user, verified_phone="13812345678")
    return user


def test_a_password_is_reset_by_an_e_mailed_link(client, account, django_capture_on_commit_callbacks):
    assert "忘记密码" in client.get("/accounts/login/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "LI@example.cn"}, HTTP_HOST="localhost:8123")
    assert response["Location"] == "/accounts/password-reset/sent/"
    (message,) = mail.outbox
    assert message.subject == "重置密码 · 户籍迁移落户服务平台"
    link = re.search(r"http://localhost:8123(/accounts/reset/\S+/)", message.body).group(1)  # the request's host
    page = client.get(link, follow=True)
    assert "设置新密码" in page.content.decode()
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/accounts/reset/done/"
    assert User.objects.get(pk=account.pk).check_password(NEW)
    assert "该重置链接无效或已使用" in client.get(link, follow=True).content.decode()  # once
    assert Notice.objects.get(event="password_reset").text == "（含链接或验证码，发送后不保存）"


def test_a_password_is_reset_by_an_sms_code(client, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/sms/", {"phone": "13812345678"})
    assert response["Location"] == "/accounts/password-reset/sms/code/"
    code = re.search(r"验证码为 (\d{6})", sms.outbox[-1].text).group(1)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    page = client.post(response["Location"], {"code": wrong, "new_password1": NEW, "new_password2": NEW})
    assert "验证码不正确或已过期" in page.content.decode()
    assert not User.objects.get(pk=account.pk).check_password(NEW)
    response = client.post(
        "/accounts/password-reset/sms/code/", {"code": code, "new_password1": NEW, "new_password2": NEW}
    )
    assert response["Location"] == "/accounts/login/"
    assert User.objects.get(pk=account.pk).check_password(NEW)


def _page(response) -> str:
    """The page as a visitor compares it, less the CSRF token (masked afresh on every page)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_nothing_tells_whether_an_account_exists(client, account, django_capture_on_commit_callbacks):
    answers = []
    for email in ("li@example.cn", "nobody@example.cn"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password-reset/", {"email": email}, follow=True)
        answers.append((response.status_code, response.redirect_chain, _page(response)))
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["li@example.cn"]]
    pages = []
    for phone in ("13812345678", "13900000000"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password-reset/sms/", {"phone": phone}, follow=True)
        pages.append(_page(response).replace(phone, "NUMBER"))
    assert pages[0] == pages[1] and len(sms.outbox) == 1
    # A number not verified gets no code either.
    Preference.objects.filter(user=account).update(verified_phone="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/sms/", {"phone": "13812345678"})
    assert len(sms.outbox) == 1


def test_reset_requests_are_throttled_with_a_chinese_message(client, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post("/accounts/password-reset/", {"email": "li@example.cn"})
        page = client.post("/accounts/password-reset/", {"email": "li@example.cn"}).content.decode()
        assert "发送过于频繁，请 15 分钟后再试" in page
        for _ in range(5):
            client.post("/accounts/password-reset/sms/", {"phone": "13812345678"})
        page = client.post("/accounts/password-reset/sms/", {"phone": "13812345678"}).content.decode()
    assert "发送过于频繁，请 15 分钟后再试" in page
    assert len(mail.outbox) == 5 and len(sms.outbox) == 5
