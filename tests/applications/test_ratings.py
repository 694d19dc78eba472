"""好差评: a closed case is rated once; 非常不满意 opens a follow-up due in 15 working days for the
city's supervisor, who replies in writing; the applicant reads the reply; the statistics count it."""

import datetime

import pytest
from django.core.cache import cache

from accounts.services import user_create
from applications.models import Rating
from applications.services import case_withdraw
from applications.working_days import add_working_days
from notices.models import Notice
from tests.factories import PASSWORD, CaseFactory, UserFactory, sign_in_verified


@pytest.fixture
def applicant(db):
    return UserFactory(email_verified=True)


@pytest.fixture
def closed_case(applicant, station_address):
    return CaseFactory(withdrawn=True, applicant=applicant, address=station_address)


@pytest.fixture
def supervisor(db):
    return user_create(username="sup", password=PASSWORD, role="supervisor", city="qujing", email="sup@example.cn")


def test_a_very_poor_rating_is_followed_up_and_answered(
    client, closed_case, supervisor, django_capture_on_commit_callbacks
):
    cache.clear()
    applicant = closed_case.applicant
    client.force_login(applicant)
    page = client.get(f"/my/cases/{closed_case.pk}/").content.decode()
    assert "好差评" in page and "非常不满意" in page
    response = client.post(f"/my/cases/{closed_case.pk}/rating/", {"score": "1", "comment": "等了很久没人答复"})
    assert response.status_code == 302
    rating = Rating.objects.get(case=closed_case)
    assert rating.follow_up_due == add_working_days(datetime.date.today(), 15)
    assert "将核实并在" in client.get(f"/my/cases/{closed_case.pk}/").content.decode()
    # Once only.
    client.post(f"/my/cases/{closed_case.pk}/rating/", {"score": "5"})
    assert Rating.objects.get(case=closed_case).score == 1
    assert Notice.objects.filter(event="rating_follow_up", recipient=supervisor, channel="portal").count() == 1

    client.logout()
    sign_in_verified(client, supervisor)
    listing = client.get("/station/follow-ups/").content.decode()
    assert closed_case.reference in listing and "待答复" in listing
    assert "非常不满意" in client.get("/station/statistics/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/station/follow-ups/{rating.pk}/", {"reply": "已核实，当班民警已提醒，今后当日答复。"})
    assert response.status_code == 302
    assert "已答复" in client.get("/station/follow-ups/").content.decode()

    client.logout()
    client.force_login(applicant)
    page = client.get(f"/my/cases/{closed_case.pk}/").content.decode()
    assert "派出所答复" in page and "今后当日答复" in page
    assert Notice.objects.filter(event="rating_reply", recipient=applicant, channel="portal").exists()


def test_a_good_rating_needs_no_follow_up_and_an_open_case_cannot_be_rated(
    client, applicant, station_address, supervisor
):
    case = CaseFactory(submitted=True, applicant=applicant, address=station_address)
    client.force_login(case.applicant)
    page = client.post(f"/my/cases/{case.pk}/rating/", {"score": "5"}, follow=True).content.decode()
    assert "业务办结、不予办理或撤回后才能评价" in page and not Rating.objects.exists()
    case_withdraw(case=case, actor=case.applicant)
    client.post(f"/my/cases/{case.pk}/rating/", {"score": "4"})
    assert Rating.objects.get(case=case).follow_up_due is None
    assert not Notice.objects.filter(event="rating_follow_up").exists()


def test_a_supervisor_of_another_city_does_not_see_the_follow_up(client, closed_case, supervisor):
    rating = Rating.objects.create(
        case=closed_case, score=1, rated_by=closed_case.applicant, follow_up_due=datetime.date.today()
    )
    other = user_create(username="sup2", password=PASSWORD, role="supervisor", city="jilin")
    sign_in_verified(client, other)
    assert client.get(f"/station/follow-ups/{rating.pk}/").status_code == 404
    assert client.post(f"/station/follow-ups/{rating.pk}/", {"reply": "x"}).status_code == 404
    assert Rating.objects.get(pk=rating.pk).replied_at is None
