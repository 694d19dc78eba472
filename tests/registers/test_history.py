"""The register's history: every change of a person, a household or a membership keeps its old
values, who made it and why; the household as it was on any day is one selector; auditors read
each change, old → new, in the admin."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.services import user_create
from registers.models import DataAccess, Household, Membership, Person
from registers.selectors import household_as_of
from registers.services import membership_end
from tests.factories import (
    PASSWORD,
    AddressFactory,
    CaseFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    sign_in_verified,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today():
    """Today as each test runs, not as the module was imported: a run that crosses midnight (in
    the portal's time zone, 16:00 UTC) must not compare the register's dates with yesterday's."""
    global TODAY, YESTERDAY
    TODAY = timezone.localdate()
    YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def family():
    """A household in a county town of Qujing: its head and his wife, since 2010."""
    household = HouseholdFactory(address=AddressFactory(zone="county_town"))
    MembershipFactory(household=household, person=PersonFactory(female=True, name="王芳"), relation="spouse")
    return household


def names(household, day):
    return [member.name for member in household_as_of(household, day)]


def test_a_move_out_and_a_move_in_show_on_the_day_they_happened(family):
    head = family.head
    wife = family.memberships.get(relation="spouse").person

    case = CaseFactory(completed=True, person=head)

    destination = Membership.objects.get(person=head, until__isnull=True).household
    assert destination != family
    assert names(family, YESTERDAY) == [head.name, wife.name]
    assert names(family, TODAY) == [wife.name]  # moved out today
    assert names(destination, YESTERDAY) == []
    assert [(m.name, m.relation, m.since) for m in household_as_of(destination, TODAY)] == [(head.name, "head", TODAY)]
    ended = Membership.history.filter(person=head, household=family).latest()
    assert ended.history_user == case.decided_by and case.reference in ended.history_change_reason
    assert (ended.prev_record.until, ended.until) == (None, TODAY)
    family.refresh_from_db()
    assert family.head == wife  # the wife heads the household now, and its history says why
    assert family.history.latest().prev_record.head_id == head.pk
    assert case.reference in family.history.latest().history_change_reason


def test_a_name_correction_keeps_the_old_name_for_the_days_before(family):
    wife = family.memberships.get(relation="spouse").person

    case = CaseFactory(
        completed=True, person=wife, correction={"field": "name", "value": "王芳芳", "reason": "户口簿有误"}
    )

    wife.refresh_from_db()
    assert wife.name == "王芳芳"
    assert names(family, YESTERDAY) == [family.head.name, "王芳"]
    assert names(family, TODAY) == [family.head.name, "王芳芳"]
    record = wife.history.latest()
    assert (record.prev_record.name, record.name) == ("王芳", "王芳芳")
    assert record.history_user == case.decided_by
    assert record.history_change_reason == f"业务 {case.reference}（户籍信息更正）：户口簿有误"


def test_a_past_day_reads_the_records_made_by_then():
    """Records made on earlier days (moved back here) are read as of each day, not the first one."""
    person = PersonFactory(name="李娜")
    household = HouseholdFactory(head=person, created_on=datetime.date(2020, 1, 1))
    for name in ("李丽娜", "李娜娜"):
        person.name = name
        person.save()
    records = list(person.history.order_by("history_id"))
    for record, day in zip(records, ["2024-01-10", "2025-06-01", "2026-01-15"], strict=True):
        person.history.filter(history_id=record.history_id).update(
            history_date=timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T09:00"))
        )

    assert names(household, datetime.date(2023, 5, 1)) == ["李娜"]  # before the first record: as first kept
    assert names(household, datetime.date(2025, 5, 31)) == ["李娜"]
    assert names(household, datetime.date(2025, 6, 1)) == ["李丽娜"]
    assert names(household, datetime.date(2026, 1, 15)) == ["李娜娜"]
    assert names(household, datetime.date(2019, 12, 31)) == []  # before the household's first day


def test_a_past_departure_entered_today_counts_from_its_own_date(family):
    """Entries recorded today about earlier days (a move-out dated years back) read by the
    register's dates, not as the first record had them."""
    wife = family.memberships.get(relation="spouse")
    membership_end(membership=wife, until=datetime.date(2012, 3, 1), left_by="move_out")

    assert names(family, datetime.date(2011, 1, 1)) == [family.head.name, "王芳"]
    assert names(family, datetime.date(2015, 1, 1)) == [family.head.name]
    assert names(family, YESTERDAY) == [family.head.name]


def test_the_selector_costs_the_same_queries_however_many_members(django_assert_num_queries):
    small, large = HouseholdFactory(), HouseholdFactory()
    MembershipFactory.create_batch(12, household=large)

    for household, members in ((small, 1), (large, 13)):
        with django_assert_num_queries(3):  # the memberships' records, any not recorded, the people's
            assert len(household_as_of(household, TODAY)) == members


def test_every_entry_already_in_the_register_gets_its_first_record():
    """The data migration: the rows the register held before the history started."""
    household = HouseholdFactory()
    MembershipFactory(household=household)
    for model in (Person, Household, Membership):
        model.history.all().delete()
    migration = importlib.import_module("registers.migrations.0006_register_history_initial")

    migration.initial_records(apps, None)

    for model in (Person, Household, Membership):
        records = model.history.all()
        assert records.count() == model.objects.count() > 0
        assert {(r.history_type, r.history_change_reason) for r in records} == {("+", migration.REASON)}
    assert names(household, datetime.date(2015, 1, 1)) == [m.person.name for m in household.memberships.all()]


# --- The admin: auditors read each change; an edit in the admin says why ----------------------


@pytest.fixture
def auditor_client(client):
    auditor = user_create(username="auditor-h", password=PASSWORD, role=Role.AUDITOR)
    return sign_in_verified(client, auditor)


def test_the_auditor_reads_each_change_old_and_new_with_who_and_why(auditor_client, family):
    wife = family.memberships.get(relation="spouse").person
    case = CaseFactory(
        completed=True, person=wife, correction={"field": "name", "value": "王芳芳", "reason": "户口簿有误"}
    )

    page = auditor_client.get(reverse("admin:registers_person_history", args=[wife.pk])).content.decode()

    assert "变更记录" in page and "姓名</strong>：<del>王芳</del> → <ins>王芳芳</ins>" in page
    assert case.decided_by.username in page and f"业务 {case.reference}（户籍信息更正）：户口簿有误" in page
    assert DataAccess.objects.filter(person=wife, detail="管理后台 变更记录").count() == 1


def test_the_household_history_shows_the_head_changing_with_labels_not_keys(auditor_client, family):
    head = family.head
    CaseFactory(completed=True, person=head)

    page = auditor_client.get(reverse("admin:registers_household_history", args=[family.pk])).content.decode()
    membership = Membership.objects.get(person=head, household=family)
    membership_page = auditor_client.get(reverse("admin:registers_membership_history", args=[membership.pk]))

    assert "户主</strong>：<del>" in page and str(head) in page
    assert "离户原因</strong>：<del>—</del> → <ins>迁出</ins>" in membership_page.content.decode()
    assert "move_out" not in membership_page.content.decode()


def test_a_change_in_the_admin_needs_a_reason_and_keeps_it(admin_client):
    person = PersonFactory(name="刘洋")
    url = reverse("admin:registers_person_change", args=[person.pk])
    data = {
        "id_number": person.id_number,
        "name": "刘阳",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "ethnicity": person.ethnicity,
    }

    refused = admin_client.post(url, data)
    saved = admin_client.post(url, {**data, "change_reason": "依据出生医学证明更正"})

    assert "请写明修改原因。" in refused.content.decode()
    assert saved.status_code == 302
    record = Person.objects.get(pk=person.pk).history.latest()
    assert (record.prev_record.name, record.name) == ("刘洋", "刘阳")
    assert record.history_change_reason == "依据出生医学证明更正" and record.history_user.is_superuser


def test_a_clerk_cannot_read_the_history_of_another_stations_household(client, family):
    clerk = UserFactory(clerk=True)  # another station
    sign_in_verified(client, clerk)

    response = client.get(reverse("admin:registers_household_history", args=[family.pk]))

    assert response.status_code in (302, 403, 404)
    assert "王芳" not in response.content.decode()
