"""Working days that are real: the holidays and 调休 days of the chinese-calendar library, loaded
into the calendar as data (migration 0008, `manage.py calendar_load`), with admins' own days kept."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from applications.working_days import add_working_days, working_days_between
from eligibility.constants import CalendarSource
from eligibility.holidays import calendar_load, library_days, library_years
from eligibility.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_migration_loaded_every_year_the_library_knows():
    years = library_years()
    assert years[0] <= 2010 and years[-1] >= 2026
    loaded = set(CalendarDay.objects.filter(source=CalendarSource.LIBRARY).dates("date", "year"))
    assert {day.year for day in loaded} == set(years)
    assert CalendarDay.objects.filter(source=CalendarSource.LIBRARY).count() == len(library_days())
    national_day = CalendarDay.objects.get(date=D(2026, 10, 1))
    assert (national_day.working, national_day.name) == (False, "国庆节")
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "国庆节调休上班"


def test_due_dates_skip_the_2026_national_day_week_and_count_its_make_up_saturday():
    # 2026: 10-01 (Thu) to 10-07 (Wed) off; Sunday 09-20 and Saturday 10-10 are working days.
    assert not any(CalendarDay.objects.get(date=D(2026, 10, n)).working for n in range(1, 8))
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 2) == D(2026, 10, 9)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)  # the 调休 Saturday counts
    assert add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)  # Sunday 10-11 does not
    assert add_working_days(D(2026, 9, 18), 1) == D(2026, 9, 20)  # the 调休 Sunday before it counts
    # A 20-working-day limit started on Friday 09-18: by the weekday rule alone it would end on
    # 10-16; six weekdays off (中秋 09-25, 国庆 10-01/02/05/06/07) less the two 调休 days: 10-22.
    assert add_working_days(D(2026, 9, 18), 20) == D(2026, 10, 22)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert working_days_between(D(2026, 10, 12), D(2026, 9, 30)) == -4


def test_due_dates_skip_the_2026_spring_festival_and_count_its_make_up_saturdays():
    # 2026: 02-15 (Sun) to 02-23 (Mon) off; Saturdays 02-14 and 02-28 are working days.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert add_working_days(D(2026, 2, 13), 6) == D(2026, 2, 28)
    assert add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 2)
    assert working_days_between(D(2026, 2, 13), D(2026, 3, 2)) == 7


def test_a_date_past_the_library_s_last_year_counts_monday_to_friday():
    first_unknown = library_years()[-1] + 1
    assert not CalendarDay.objects.filter(date__year__gte=first_unknown).exists()
    start = D(first_unknown, 3, 6)
    while start.weekday() != 4:  # a Friday
        start += datetime.timedelta(1)
    assert add_working_days(start, 1) == start + datetime.timedelta(3)
    assert add_working_days(start, 10) == start + datetime.timedelta(14)
    assert working_days_between(start, start + datetime.timedelta(14)) == 10


def test_a_refresh_is_idempotent_and_keeps_what_an_admin_entered():
    CalendarDay.objects.filter(date=D(2026, 10, 8)).delete()
    local = CalendarDay.objects.create(date=D(2026, 10, 8), working=False, name="本市补休")
    CalendarDay.objects.filter(date=D(2026, 10, 7)).update(source=CalendarSource.ADMIN, name="改过", working=True)
    CalendarDay.objects.filter(date=D(2026, 10, 6)).update(name="错的")
    CalendarDay.objects.filter(date=D(2026, 10, 5)).delete()
    CalendarDay.objects.create(date=D(2026, 10, 9), working=False, name="库已删去", source=CalendarSource.LIBRARY)

    result = calendar_load(years={2026})
    assert (result.created, result.updated, result.deleted, result.kept_admin) == (1, 1, 1, 1)
    assert CalendarDay.objects.get(date=D(2026, 10, 5)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2026, 10, 6)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2026, 10, 7)).name == "改过"
    assert not CalendarDay.objects.filter(date=D(2026, 10, 9)).exists()
    assert CalendarDay.objects.get(pk=local.pk).name == "本市补休"
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 7)  # the admin's days govern

    again = calendar_load(years={2026})
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


def test_the_data_migration_loads_into_an_empty_calendar():
    migration = importlib.import_module("eligibility.migrations.0012_calendar_days_from_library")
    CalendarDay.objects.all().delete()
    migration.load(apps, None)
    assert CalendarDay.objects.count() == len(library_days())
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_the_command_reports_and_refuses_a_year_the_library_does_not_know():
    CalendarDay.objects.filter(date__year=2025).delete()
    out = io.StringIO()
    call_command("calendar_load", "--year", "2025", stdout=out)
    assert f"{len(library_days({2025}))} added" in out.getvalue()
    with pytest.raises(CommandError, match="does not know"):
        call_command("calendar_load", "--year", str(library_years()[-1] + 1), stdout=io.StringIO())


@pytest.fixture
def rule_admin(client):
    """The rule admin keeps the calendar, as they keep the time limits it counts."""
    from accounts.constants import Role
    from accounts.services import user_create
    from tests.factories import sign_in_verified

    user = user_create(username="rules", password="Rules-2026-admin", role=Role.RULE_ADMIN)
    return sign_in_verified(client, user)


def test_a_day_saved_in_the_admin_is_the_admin_s_and_survives_a_refresh(rule_admin):
    add = reverse("admin:eligibility_calendarday_add")
    response = rule_admin.post(add, {"date": "2026-11-20", "working": "", "name": "本市民族节日"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2026, 11, 20)).source == CalendarSource.ADMIN
    national_day = CalendarDay.objects.get(date=D(2026, 10, 2))
    change = reverse("admin:eligibility_calendarday_change", args=[national_day.pk])
    rule_admin.post(change, {"date": "2026-10-02", "working": "on", "name": "本市上班"})
    calendar_load(years={2026})
    national_day.refresh_from_db()
    assert (national_day.working, national_day.source) == (True, CalendarSource.ADMIN)
    assert add_working_days(D(2026, 11, 19), 1) == D(2026, 11, 23)


def result_rows(page: str) -> str:
    return page.split('id="result_list"')[1].split("</table>")[0]


def test_the_calendar_admin_lists_a_year_and_filters_by_kind_and_source(rule_admin):
    changelist = reverse("admin:eligibility_calendarday_changelist")
    page = rule_admin.get(changelist, {"year": "2026", "working__exact": "1"}).content.decode()
    rows = result_rows(page)
    assert "国庆节调休上班" in rows and "春节调休上班" in rows and "周六" in rows
    assert "元旦<" not in rows and "2025" not in rows
    assert f"{library_years()[0]}–{library_years()[-1]}" in page
    CalendarDay.objects.create(date=D(2026, 11, 20), working=False, name="本市民族节日")
    rows = result_rows(rule_admin.get(changelist, {"source__exact": "admin"}).content.decode())
    assert "本市民族节日" in rows and "国庆节" not in rows
