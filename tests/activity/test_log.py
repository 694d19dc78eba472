"""One log for every object: a case's steps and a permit's history are rows of activity.Event,
read back by their subject in order, with their kinds in words in both languages."""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test import RequestFactory
from django.utils import timezone, translation

from activity.models import Event
from activity.services import record_event
from activity.subjects import kind_label, register_subject
from applications.constants import EventKind
from applications.models import Case
from common.roles import Role
from residence_permits.constants import CancelReason, PermitEventKind
from residence_permits.services import permit_cancel
from tests.factories import CaseFactory, ResidenceRegistrationFactory, UserFactory
from tests.residence_permits.test_issued_permit import issue

pytestmark = pytest.mark.django_db


def words(event: Event) -> tuple[str, str]:
    with translation.override("zh-hans"):
        chinese = event.get_kind_display()
    with translation.override("en"):
        return chinese, event.get_kind_display()


def test_a_cases_steps_are_rows_of_the_one_log_read_in_order_with_their_words():
    case = CaseFactory(in_review=True)
    clerk = case.assigned_to
    events = list(case.events.all())

    assert events == list(Event.objects.filter(case=case).order_by("at", "id"))
    assert [(e.at, e.pk) for e in events] == sorted((e.at, e.pk) for e in events)
    assert [e.kind for e in events][0] == EventKind.SUBMITTED
    assert {e.content_type.model_class() for e in events} == {Case} and {e.object_id for e in events} == {case.pk}
    taken = case.events.get(kind=EventKind.TAKEN)
    assert (taken.actor, taken.actor_role, taken.station, taken.on) == (clerk, Role.CLERK, clerk.station, None)
    assert taken.subject == case
    assert words(taken) == ("民警受理", "Accepted by officer")
    assert words(events[0]) == ("提交申请", "Application submitted")


def test_a_permits_history_is_in_the_same_log_with_its_day_and_words():
    permit, clerk = issue(ResidenceRegistrationFactory(days_ago=45))
    today = timezone.localdate()
    permit_cancel(permit=permit, actor=clerk, reason=CancelReason.SETTLED)

    history = list(permit.events.all())
    assert [e.kind for e in history] == [PermitEventKind.ISSUED, PermitEventKind.CANCELLED]
    assert [e.on for e in history] == [today, today] and {e.actor for e in history} == {clerk}
    assert history[0].message == permit.case.reference and history[0].station == clerk.station
    assert [words(e) for e in history] == [("签发居住证", "Residence permit issued"), ("注销", "Cancellation")]
    # The permit's application case wrote to the same table: one log, two subjects.
    case_events = Event.objects.filter(case=permit.case)
    assert case_events.filter(kind=EventKind.APPROVED).exists()
    assert {e.content_type_id for e in Event.objects.filter(pk__in=[history[0].pk, case_events[0].pk])} == {
        history[0].content_type_id,
        case_events[0].content_type_id,
    } and history[0].content_type_id != case_events[0].content_type_id


def test_record_event_keeps_the_data_and_the_on_day_given():
    case = CaseFactory(submitted=True)
    day = timezone.localdate()
    event = record_event(case, EventKind.EXTENDED, message="因故延长", on=day, working_days=10)
    event.refresh_from_db()
    assert (event.kind, event.on, event.message, event.data, event.actor) == (
        EventKind.EXTENDED,
        day,
        "因故延长",
        {"working_days": 10},
        None,
    )
    assert list(case.events.all())[-1] == event


def test_a_kind_unknown_to_the_log_reads_as_itself_and_two_subjects_cannot_share_a_word():
    assert kind_label("something_else") == "something_else"

    class Clashing(models.TextChoices):
        ARRIVED = "arrived", "到达"
        TAKEN = "taken", "另一个受理"

    with pytest.raises(ImproperlyConfigured, match="'taken'"):
        register_subject(Case, Clashing)
    assert kind_label("arrived") == "arrived"  # nothing of the refused registration was kept
    with translation.override("en"):
        assert kind_label(EventKind.TAKEN) == "Accepted by officer"


def test_the_admin_list_shows_a_supervisor_their_citys_events_and_an_auditor_all():
    qujing = CaseFactory(submitted=True)
    permit, _clerk = issue(ResidenceRegistrationFactory(days_ago=45))
    event_admin = admin.site._registry[Event]

    def listed(user):
        request = RequestFactory().get("/admin/activity/event/")
        request.user = user
        return set(event_admin.get_queryset(request).values_list("object_id", "content_type__model"))

    everything = set(Event.objects.values_list("object_id", "content_type__model"))
    assert (qujing.pk, "case") in everything and (permit.pk, "residencepermit") in everything
    assert listed(UserFactory(supervisor=True, city=qujing.city)) == everything  # both in Qujing
    assert listed(UserFactory(supervisor=True, city="jilin")) == set()
    assert listed(UserFactory(role=Role.AUDITOR, is_staff=True)) == everything
    assert listed(UserFactory()) == set()


def test_an_auditor_reads_a_step_in_words_not_keys_or_json(admin_client):
    case = CaseFactory(submitted=True)
    clerk = UserFactory(clerk=True, station=case.station)
    record_event(case, EventKind.EXTENDED, actor=clerk, message="材料复杂", working_days=5)
    event = Event.objects.get(kind=EventKind.EXTENDED)

    with translation.override("zh-hans"):
        listing = admin_client.get("/admin/activity/event/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        page = admin_client.get(f"/admin/activity/event/{event.pk}/change/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    text = page.content.decode()
    assert page.status_code == 200
    assert "户籍民警" in text and "户籍民警" in listing  # the role in words, in the list and the filter
    assert ">clerk<" not in text and ">clerk<" not in listing
    assert "working_days" not in text and "{&quot;" not in text  # no JSON of the step's data
    assert "<span>对象</span>" in listing and "<span>subject</span>" not in listing.lower()  # the column's name
    assert case.reference in listing
