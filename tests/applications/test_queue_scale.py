"""The queue at scale: open cases by default, keyset pages, capped counts, index-friendly search,
and a number of queries that does not grow with the number of cases."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Case, CaseRelative
from applications.selectors import QUEUE_COUNT_LIMIT
from tests.factories import UserFactory, id_number_for, sign_in_verified

OPEN = ("submitted", "in_review", "awaiting_documents")


def make_cases(address, applicant, count, *, start=0, status=None, clerk=None):
    """``count`` cases at the address's station, straight into the table (the queue only reads)."""
    now = timezone.now()
    cases = [
        Case(
            reference=f"QJ-2026-{start + i:06d}",
            kind="settlement",
            pathway="residence" if i % 3 else "talent",
            status=status or OPEN[i % 3],
            applicant=applicant,
            # every seventh shares the identity number of the one before: a duplicate open case
            id_number=id_number_for(
                "530302", datetime.date(1980, 1, 1) + datetime.timedelta(days=start + i - (i % 7 == 6))
            ),
            name=f"测试{i}",
            city=address.region.city,
            region=address.region,
            zone=address.zone,
            station=address.station,
            address=address,
            submitted_at=now - datetime.timedelta(hours=start + i),
            due_date=timezone.localdate() + datetime.timedelta(days=(start + i) % 40 - 5),
            acceptance_due=timezone.localdate() + datetime.timedelta(days=2),
            prescreen="likely_eligible" if i % 2 else "incomplete",
            assigned_to=clerk if i % 4 == 0 else None,
        )
        for i in range(count)
    ]
    return Case.objects.bulk_create(cases)


def references(html: str) -> list[str]:
    return re.findall(r">(QJ-2026-\d{6})</a>", html)


def next_link(html: str) -> str | None:
    found = re.search(r'<a href="(\?[^"]*)" rel="next">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def previous_link(html: str) -> str | None:
    found = re.search(r'<a href="(\?[^"]*)" rel="prev">', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def supervisor(db):
    return UserFactory(supervisor=True)


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.django_db
def test_the_queues_and_the_api_list_make_as_many_queries_for_200_open_cases_as_for_2(
    client, applicant_user, station_address, clerk, supervisor
):
    staff = {"clerk": sign_in_verified(client, clerk), "supervisor": sign_in_verified(APIClient(), supervisor)}
    pages = [("clerk", "/station/queue/"), ("clerk", "/api/v1/cases/"), ("supervisor", "/api/v1/cases/")]
    make_cases(station_address, applicant_user, 2, clerk=clerk)
    few = {(who, url): queries(staff[who], url)[0] for who, url in pages}
    make_cases(station_address, applicant_user, 198, start=2, clerk=clerk)
    many = {(who, url): queries(staff[who], url) for who, url in pages}
    assert {key: count for key, (count, _) in many.items()} == few
    assert len(references(many["clerk", "/station/queue/"][1].content.decode())) == 25
    assert len(many["supervisor", "/api/v1/cases/"][1].json()["results"]) == 25


@pytest.mark.django_db
def test_the_supervisors_queue_makes_as_many_queries_for_200_open_cases_as_for_2(
    client, applicant_user, station_address, supervisor
):
    sign_in_verified(client, supervisor)
    make_cases(station_address, applicant_user, 2)
    few, _ = queries(client, "/station/queue/")
    make_cases(station_address, applicant_user, 198, start=2)
    many, response = queries(client, "/station/queue/")
    assert many == few
    assert len(references(response.content.decode())) == 25


@pytest.mark.django_db
def test_next_and_previous_walk_the_open_cases_in_queue_order_without_repeating_one(
    client, applicant_user, station_address, clerk
):
    make_cases(station_address, applicant_user, 60)
    make_cases(station_address, applicant_user, 5, start=100, status="completed")
    sign_in_verified(client, clerk)
    first = client.get("/station/queue/").content.decode()
    second = client.get("/station/queue/" + next_link(first)).content.decode()
    third = client.get("/station/queue/" + next_link(second)).content.decode()
    walked = references(first) + references(second) + references(third)
    expected = list(
        Case.objects.filter(status__in=OPEN)
        .order_by("due_date", "submitted_at", "id")
        .values_list("reference", flat=True)
    )
    assert walked == expected and len(walked) == 60
    assert next_link(third) is None and "第 3 页" in third
    back = client.get("/station/queue/" + previous_link(third)).content.decode()
    assert references(back) == references(second) and "第 2 页" in back
    assert previous_link(first) is None


@pytest.mark.django_db
def test_a_filter_and_a_sort_stay_on_the_next_page(client, applicant_user, station_address, clerk):
    make_cases(station_address, applicant_user, 90)
    sign_in_verified(client, clerk)
    first = client.get("/station/queue/", {"status": "submitted", "sort": "-reference"}).content.decode()
    second = client.get("/station/queue/" + next_link(first)).content.decode()
    walked = references(first) + references(second)
    expected = list(Case.objects.filter(status="submitted").order_by("-reference").values_list("reference", flat=True))
    assert walked == expected and len(walked) == 30


@pytest.mark.django_db
def test_closed_cases_are_behind_the_range_filter(client, applicant_user, station_address, clerk):
    (open_case,) = make_cases(station_address, applicant_user, 1)
    (closed,) = make_cases(station_address, applicant_user, 1, start=50, status="completed")
    sign_in_verified(client, clerk)
    default = client.get("/station/queue/").content.decode()
    assert references(default) == [open_case.reference]
    assert references(client.get("/station/queue/", {"state": "closed"}).content.decode()) == [closed.reference]
    assert references(client.get("/station/queue/", {"status": "completed"}).content.decode()) == [closed.reference]
    assert len(references(client.get("/station/queue/", {"state": "all"}).content.decode())) == 2


@pytest.mark.django_db
def test_the_search_finds_a_case_by_reference_identity_number_or_a_relatives_number_open_or_closed(
    client, applicant_user, station_address, clerk
):
    cases = make_cases(station_address, applicant_user, 3, status="completed")
    spouse = id_number_for("530302", datetime.date(1970, 5, 5))
    CaseRelative.objects.create(case=cases[2], position=1, name="配偶", id_number=spouse, relation="spouse")
    sign_in_verified(client, clerk)
    for value, found in ((cases[0].reference.lower(), cases[0]), (cases[1].id_number, cases[1]), (spouse, cases[2])):
        page = client.get("/station/queue/", {"q": f" {value} "}).content.decode()
        assert references(page) == [found.reference]
    assert references(client.get("/station/queue/", {"q": "QJ-2026-999999"}).content.decode()) == []


@pytest.mark.django_db
def test_the_count_stops_at_the_limit(client, applicant_user, station_address, clerk):
    make_cases(station_address, applicant_user, QUEUE_COUNT_LIMIT + 1)
    sign_in_verified(client, clerk)
    page = client.get("/station/queue/").content.decode()
    assert f"超过 {QUEUE_COUNT_LIMIT} 件" in page
    Case.objects.filter(pk=Case.objects.order_by("pk").first().pk).update(status="completed")
    assert f"共 {QUEUE_COUNT_LIMIT} 件" in client.get("/station/queue/").content.decode()


@pytest.mark.django_db
def test_a_duplicate_flag_is_shown_on_the_page_rows(client, applicant_user, station_address, clerk):
    cases = make_cases(station_address, applicant_user, 7)
    sign_in_verified(client, clerk)
    page = client.get("/station/queue/", {"q": cases[6].reference}).content.decode()
    assert "重复申请" in page
    page = client.get("/station/queue/", {"q": cases[2].reference}).content.decode()
    assert "重复申请" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["garbage", "eyJrIjpbMV0sIm4iOjJ9", "e30", "W10", "%00", "eyJrIjpbeyJ4IjoxfV19"])
def test_a_cursor_that_does_not_decode_is_the_first_page(client, applicant_user, station_address, clerk, cursor):
    make_cases(station_address, applicant_user, 30)
    sign_in_verified(client, clerk)
    response = client.get("/station/queue/", {"cursor": cursor})
    assert response.status_code == 200 and "第 1 页" in response.content.decode()
    api = sign_in_verified(APIClient(), clerk).get("/api/v1/cases/", {"cursor": cursor})
    assert api.status_code == 200 and api.json()["page"] == 1


@pytest.mark.django_db
def test_the_api_list_pages_with_next_links(applicant_user, station_address, clerk):
    make_cases(station_address, applicant_user, 60)
    api = sign_in_verified(APIClient(), clerk)
    seen, url = [], "/api/v1/cases/?sort=submitted"
    while url:
        data = api.get(url).json()
        seen += [c["reference"] for c in data["results"]]
        url = data["next"]
    assert seen == list(Case.objects.order_by("submitted_at", "id").values_list("reference", flat=True))
    assert data["count"] == 60 and data["count_is_lower_bound"] is False


@pytest.mark.django_db
def test_the_columns_sort_and_say_so(client, applicant_user, station_address, clerk):
    make_cases(station_address, applicant_user, 30)
    sign_in_verified(client, clerk)
    page = client.get("/station/queue/", {"sort": "reference"}).content.decode()
    assert references(page) == sorted(Case.objects.values_list("reference", flat=True))[:25]
    assert 'aria-sort="ascending"><a href="?sort=-reference"' in page
    assert 'aria-sort="none"><a href="?sort=submitted"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "supervisor"])
def test_the_closed_range_is_read_from_its_own_index(client, applicant_user, station_address, clerk, supervisor, who):
    """PostgreSQL proves the closed range's condition implies the partial index's, so a closed
    page is a short walk of that index, not of every case the station ever had."""
    make_cases(station_address, applicant_user, 30, status="completed")
    sign_in_verified(client, clerk if who == "clerk" else supervisor)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show its index
    try:
        with CaptureQueriesContext(connection) as captured:
            client.get("/station/queue/", {"state": "closed"})
        page = next(q["sql"] for q in captured if q["sql"].startswith('SELECT "applications_case"."id"'))
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {page}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    assert f"case_closed_{'station' if who == 'clerk' else 'city'}_sub" in plan, plan


@pytest.mark.django_db
def test_the_sort_select_shows_the_order_of_the_closed_range(client, applicant_user, station_address, clerk):
    make_cases(station_address, applicant_user, 2, status="completed")
    sign_in_verified(client, clerk)

    page = client.get("/station/queue/", {"state": "closed"}).content.decode()

    assert re.search(r'<option value="-submitted" selected>', page)
    assert not re.search(r'<option value="due" selected>', page)
