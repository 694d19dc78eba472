"""A framed page (common.frames) is the page its template renders whole, with each request's own
parts filled in: nothing of one visitor shows to another, and nothing typed opens a slot."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the lookup's throttles count in the shared cache
    yield
    cache.clear()


def _without_tokens(page: str) -> str:
    """The page without its CSRF tokens (masked afresh each time) and with an empty field's value
    written out (the frame always writes ``value=""``; Django leaves an empty one out)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', page)
    return re.sub(r'(<input type="text" name="\w+") (?!value=)', r'\1 value="" ', page)


def _lookup(client, reference, digits="000000"):
    return client.post("/status/", {"reference": reference, "id_last6": digits})


def test_the_framed_page_is_the_page_rendered_whole(client):
    framed = [client.get("/status/?from=home").content.decode(), _lookup(client, "QJ-2026-999999").content.decode()]
    with override_settings(DEBUG=True):  # templates may reload: every page rendered whole
        whole = [client.get("/status/?from=home").content.decode(), _lookup(client, "QJ-2026-999999").content.decode()]

    assert [_without_tokens(p) for p in framed] == [_without_tokens(p) for p in whole]
    assert 'name="next" type="hidden" value="/status/?from=home"' in framed[0]  # the page's own address
    assert "\ue000" not in framed[0] and "\ue000" not in framed[1]


def test_each_request_gets_its_own_token(client):
    first, second = client.get("/status/"), client.get("/status/")
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode()) for r in (first, second)]

    assert all(len(t) == 2 and t[0] for t in tokens)  # the lookup's form and the language switch
    assert tokens[0][0] != tokens[1][0]  # masked afresh for each request, as Django does


def test_what_a_visitor_types_is_escaped_and_opens_no_slot(client):
    typed = "<b>\ue000csrf_token\ue001"

    page = _lookup(client, typed).content.decode()

    assert 'value="&lt;B&gt;' not in page  # shown as typed, not as the form cleaned it
    assert 'value="&lt;b&gt;\ue000csrf_token\ue001"' in page
    assert "<b>" not in page


def test_a_signed_in_visitor_s_header_is_never_framed_for_others(client, applicant_user):
    client.force_login(applicant_user)
    signed_in = client.get("/status/").content.decode()
    client.logout()
    anonymous = client.get("/status/").content.decode()

    assert "退出" in signed_in and "我的申请" in signed_in
    assert "退出" not in anonymous and "登录" in anonymous
