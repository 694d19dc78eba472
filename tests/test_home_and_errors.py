"""The pages everyone meets: the home page lists each reader's own entrances, a page out of
someone's reach explains itself in their language, and the 适老化 mode (larger text, higher
contrast) is remembered on every page."""

import pytest
from django.conf import settings

from applications.models import CityStatistics
from tests.factories import UserFactory, sign_in_verified

pytestmark = pytest.mark.django_db

STAFF_LINKS = ("/station/queue/", "/station/batches/", "/station/residence/")


def test_an_applicant_sees_the_applicant_entrances_and_no_staff_ones(client):
    sign_in_verified(client, UserFactory(email_verified=True))
    page = client.get("/").content.decode()
    assert "申请人入口" in page and "/my/cases/" in page and "/my/consents/" in page
    assert "工作人员入口" not in page
    assert not any(link in page for link in STAFF_LINKS)


def test_a_clerk_sees_the_station_entrances_and_no_applicant_ones(client):
    sign_in_verified(client, UserFactory(clerk=True))
    page = client.get("/").content.decode()
    assert "工作人员入口" in page and all(link in page for link in STAFF_LINKS)
    assert "申请人入口" not in page and "/my/cases/new/" not in page
    assert "/station/statistics/" not in page  # the supervisor's


def test_a_supervisor_and_a_rule_admin_see_their_own(client):
    sign_in_verified(client, UserFactory(supervisor=True))
    assert "/station/statistics/" in client.get("/").content.decode()
    client.logout()
    sign_in_verified(client, UserFactory(role="rule_admin", is_staff=True))
    page = client.get("/").content.decode()
    assert "/admin/eligibility/ruleset/" in page and "/station/queue/" not in page


def test_a_visitor_sees_the_applicant_entrances_and_the_staff_sign_in(client):
    page = client.get("/").content.decode()
    assert "申请人入口" in page and "工作人员登录" in page and "/station/queue/" not in page


def test_an_applicant_opening_a_staff_page_is_told_what_to_do(client):
    sign_in_verified(client, UserFactory(email_verified=True))
    response = client.get("/station/queue/")
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="zh-Hans"' in page and "无权访问此页面" in page
    assert "申请人账户不能打开" in page and 'href="/my/cases/"' in page and 'href="/"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/station/queue/").content.decode()
    assert "applicant accounts cannot open it" in page


def test_a_clerk_of_another_role_is_told_whom_to_ask(client):
    sign_in_verified(client, UserFactory(clerk=True))
    response = client.get("/station/statistics/")
    page = response.content.decode()
    assert response.status_code == 403 and "户籍民警" in page and "审核主管" in page


def test_the_care_mode_is_off_by_default_and_remembered_on_every_page(client):
    page = client.get("/").content.decode()
    assert 'class="care"' not in page and 'aria-pressed="false"' in page and "data-care-toggle" in page
    client.cookies["care_mode"] = "1"
    for url in ("/", "/eligibility/check/", "/accounts/login/", "/status/"):
        page = client.get(url).content.decode()
        assert '<html lang="zh-Hans" class="care">' in page, url
        assert 'aria-pressed="true"' in page, url
    sign_in_verified(client, UserFactory(clerk=True))
    assert 'class="care"' in client.get("/station/queue/").content.decode()


def test_the_care_mode_styles_and_script_are_the_portal_s_own():
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    script = (settings.BASE_DIR / "static" / "js" / "portal.js").read_text()
    assert "html.care" in css and "font-size: 20px" in css
    assert "care_mode=" in script and "aria-pressed" in script


def test_statistics_are_computed_when_no_nightly_snapshot_exists_yet(client):
    assert not CityStatistics.objects.filter(city="qujing").exists()
    sign_in_verified(client, UserFactory(supervisor=True))
    page = client.get("/station/statistics/").content.decode()
    assert "尚无统计快照" not in page and "户籍人口城镇化率" in page
    assert not CityStatistics.objects.exists()  # computed for the page, not kept: a read writes nothing
