"""Applicants sign up with an e-mail address, verify it through the mail backend, and sign in
with the address or their mobile number."""

import re

import pytest
from django.core import mail

from accounts import services
from accounts.constants import Role
from accounts.models import User

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "李华",
    "email": "Li.Hua@Example.cn",
    "phone": "13812345678",
    "password1": "Qujing-settle-2026",
    "password2": "Qujing-settle-2026",
}


def sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/sign-up/", {**GOOD, **changes})


def the_link_in_the_last_mail() -> str:
    return re.search(r"http://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)


def test_an_applicant_signs_up_verifies_and_may_then_apply(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/accounts/verify/"
    user = User.objects.get(email="li.hua@example.cn")
    assert (user.role, user.phone, user.email_verified, user.is_staff) == (Role.APPLICANT, "13812345678", False, False)
    assert user.groups.filter(name=Role.APPLICANT).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["li.hua@example.cn"]
    assert "请验证您的电子邮箱" in mail.outbox[0].subject

    # Not yet verified: the applicant pages send them to the verification page.
    assert client.get("/my/cases/")["Location"] == "/accounts/verify/"

    link = the_link_in_the_last_mail()
    response = client.get(link[link.index("/accounts/") :])
    assert response.status_code == 302 and response["Location"] == "/my/cases/"
    user.refresh_from_db()
    assert user.email_verified
    assert client.get("/my/cases/").status_code == 200


@pytest.mark.parametrize("login", ["li.hua@example.cn", "LI.HUA@example.cn", "13812345678"])
def test_an_applicant_signs_in_with_the_address_or_the_mobile_number(client, django_capture_on_commit_callbacks, login):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()
    response = client.post("/accounts/login/", {"username": login, "password": GOOD["password1"]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(phone="13812345678").pk)


def test_a_wrong_password_is_refused_in_chinese(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()
    page = client.post("/accounts/login/", {"username": "13812345678", "password": "wrong"}).content.decode()
    assert "账号或密码不正确" in page


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"phone": "1234"}, "请输入 11 位手机号码"),
        ({"password2": "something-else-2026"}, "两次输入的密码不一致"),
        ({"email": "not-an-address"}, "请输入合法的邮件地址"),
        ({"password1": "12345678", "password2": "12345678"}, "密码"),
    ],
)
def test_bad_sign_up_input_is_explained_and_creates_nothing(
    client, django_capture_on_commit_callbacks, changes, field_message
):
    response = sign_up(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not User.objects.exists() and mail.outbox == []


def test_a_registered_address_or_number_gets_the_same_answer_as_a_new_one(client, django_capture_on_commit_callbacks):
    first = sign_up(client, django_capture_on_commit_callbacks)
    client.logout()
    again = sign_up(client, django_capture_on_commit_callbacks, email="LI.HUA@example.cn")
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    pages = [client.get("/accounts/verify/").content.decode()]
    assert "验证链接已发送到 li.hua@example.cn" in pages[0] and "已注册" not in pages[0]
    # The owner of the address is told, by e-mail, that they already have an account.
    assert mail.outbox[-1].to == ["li.hua@example.cn"] and "本邮箱已有账户" in mail.outbox[-1].body
    assert "/accounts/password-reset/" in mail.outbox[-1].body
    # A registered number: the new account opens without it, and nothing says why.
    other = sign_up(client, django_capture_on_commit_callbacks, email="other@example.cn")
    assert (other.status_code, other["Location"]) == (first.status_code, first["Location"])
    assert User.objects.get(email="other@example.cn").phone is None
    assert User.objects.count() == 2


def test_sign_up_and_resending_are_throttled_with_a_chinese_message(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post("/accounts/verify/resend/")
        page = client.post("/accounts/verify/resend/", follow=True).content.decode()
    assert "发送过于频繁，请 15 分钟后再试" in page
    assert len(mail.outbox) == 6  # the sign-up's and five resends


def test_a_tampered_or_expired_link_verifies_nothing(client, django_capture_on_commit_callbacks, monkeypatch):
    sign_up(client, django_capture_on_commit_callbacks)
    user = User.objects.get()
    token = services.verification_token(user)
    response = client.get(f"/accounts/verify/{token[:-2]}xx/")
    assert response.status_code == 400 and "验证链接无效" in response.content.decode()
    monkeypatch.setattr(services, "VERIFY_MAX_AGE", -1)
    response = client.get(f"/accounts/verify/{token}/")
    assert response.status_code == 400 and "验证链接已过期" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


def test_a_resent_mail_carries_a_working_link(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/verify/resend/").status_code == 302
    assert len(mail.outbox) == 2
    link = the_link_in_the_last_mail()
    client.get(link[link.index("/accounts/") :])
    assert User.objects.get().email_verified
