"""The success path of the transitions that had none: a clerk corrects a fact the documents
contradict (the engine judges again, both versions kept), a supervisor extends the time limit, and
a move from outside completes when the origin's 迁移证 arrives."""

import datetime

import pytest
from django.utils import timezone

from applications.constants import CaseStatus, EventKind
from applications.services import case_complete_move_in, case_correct_fact, case_extend
from applications.working_days import add_working_days
from registers.models import Membership, Person
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(station_address, clerk):
    return CaseFactory(in_review=True, address=station_address, clerk=clerk)


def test_a_clerk_corrects_a_fact_and_the_engine_judges_again(case, clerk):
    version = case_correct_fact(
        case=case, clerk=clerk, path="applicant.housing.kind", value="rented", reason="房产证为他人所有，实为租住"
    )

    case.refresh_from_db()
    assert case.facts["applicant"]["housing"]["kind"] == "rented"
    assert version.eligible == case.eligible and version.evaluation["results"]  # judged again on the new facts
    assert version.facts["applicant"]["housing"]["kind"] == "rented"
    assert (version.number, version.reason, version.created_by) == (2, "房产证为他人所有，实为租住", clerk)
    assert case.fact_versions.get(number=1).facts["applicant"]["housing"]["kind"] == "owned"  # the first kept
    event = case.events.get(kind=EventKind.FACT_CORRECTED)
    assert event.actor == clerk and event.data == {
        "path": "applicant.housing.kind",
        "before": "owned",
        "after": "rented",
        "version": 2,
    }
    assert case.status == CaseStatus.IN_REVIEW


def test_a_supervisor_extends_the_time_limit_by_working_days(case):
    supervisor = UserFactory(supervisor=True, city="qujing")
    before = case.due_date

    extended = case_extend(case=case, supervisor=supervisor, working_days=10, reason="需向原籍地核实房产信息")

    extended.refresh_from_db()
    assert extended.due_date == add_working_days(before, 10) > before
    event = extended.events.get(kind=EventKind.EXTENDED)
    assert (event.actor, event.message, event.data) == (supervisor, "需向原籍地核实房产信息", {"working_days": 10})
    assert extended.status == CaseStatus.IN_REVIEW


def test_a_move_from_outside_completes_with_the_origins_migration_certificate(station_address, clerk):
    case = CaseFactory(approved=True, address=station_address, clerk=clerk)
    assert not Person.objects.filter(id_number=case.id_number).exists()

    case = case_complete_move_in(
        case=case,
        clerk=clerk,
        migration_certificate="京迁字第0012345号",
        origin_authority="北京市公安局海淀分局",
        issued_on=timezone.localdate() - datetime.timedelta(days=3),
    )

    assert case.status == CaseStatus.COMPLETED
    membership = Membership.objects.get(person__id_number=case.id_number, until__isnull=True)
    assert membership.household.address == station_address and membership.since == timezone.localdate()
    assert case.events.get(kind=EventKind.MOVE_OUT_RECORDED).data["migration_certificate"] == "京迁字第0012345号"
    record = membership.history.latest()
    assert record.history_user == clerk and case.reference in record.history_change_reason
