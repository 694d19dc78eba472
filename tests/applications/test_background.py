"""The beat jobs and the rule-change work, run in-process: the pre-screen sweeper, deadlines,
the nightly statistics, the impact dry run, re-screening after publishing, failed tasks."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import user_create
from applications.constants import CaseStatus, DeadlineFlag, Prescreen, RunStatus
from applications.models import Case, CityStatistics, Consent, ImpactRun, TaskFailure
from applications.services import case_approve, case_take
from applications.services.impact import impact_dry_run, impact_run_start
from applications.services.statistics import statistics_snapshot
from applications.services.sweeps import (
    deadline_flag,
    deadlines_clear,
    deadlines_notify,
    near_deadline,
    prescreen_sweep,
)
from applications.tasks import prescreen_sweep as prescreen_sweep_task
from applications.tasks import rescreen_for_rule_set
from eligibility.models import RuleSet
from eligibility.services import parameter_update, rule_set_copy_as_draft, rule_set_publish
from notices.models import Notice
from tests.factories import PASSWORD, CaseFactory, DocumentFactory
from tests.process import check_documents, consent_everyone

pytestmark = pytest.mark.django_db


def test_the_sweeper_screens_a_case_whose_pre_screen_never_ran(applicant_user, station_address):
    case = CaseFactory(
        submitted=True, applicant=applicant_user, address=station_address, screen=False
    )  # on_commit never ran: as if the broker was down
    assert case.prescreen == Prescreen.PENDING
    assert prescreen_sweep(older_than=datetime.timedelta(minutes=2)) == 0  # too recent: the task may still come
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - datetime.timedelta(minutes=5))
    assert prescreen_sweep(older_than=datetime.timedelta(minutes=2)) == 1
    assert Case.objects.get(pk=case.pk).prescreen == Prescreen.LIKELY_ELIGIBLE
    assert prescreen_sweep(older_than=datetime.timedelta(minutes=2)) == 0


def test_deadlines_are_marked_and_each_case_told_to_the_supervisors_once(
    applicant_user, station_address, django_capture_on_commit_callbacks
):
    user_create(username="sup", password=PASSWORD, role="supervisor", city="qujing", email="sup@example.cn")
    today = datetime.date(2026, 11, 23)  # a Monday
    late, tomorrow, later, waiting = (
        CaseFactory(submitted=True, applicant=applicant_user, address=station_address) for _ in range(4)
    )
    Case.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=1))
    Case.objects.filter(pk=tomorrow.pk).update(due_date=today + datetime.timedelta(days=1))
    Case.objects.filter(pk=later.pk).update(due_date=today + datetime.timedelta(days=9))
    Case.objects.filter(pk=waiting.pk).update(
        due_date=today - datetime.timedelta(days=3), status=CaseStatus.AWAITING_DOCUMENTS
    )
    near = {c.pk: deadline_flag(c, today=today) for c in Case.objects.filter(near_deadline(today=today))}
    assert near == {late.pk: DeadlineFlag.OVERDUE, tomorrow.pk: DeadlineFlag.DUE}  # not later, not waiting
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_notify(today=today) == 2
    assert deadlines_notify(today=today) == 0
    assert deadlines_clear(today=today) == 0  # both still near: told once, not again
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sup@example.cn"]
    assert late.reference in mail.outbox[0].body and tomorrow.reference in mail.outbox[0].body
    assert "已超期" in mail.outbox[0].body and "一日内到期" in mail.outbox[0].body
    # Extended: the mark goes, and a new one would be told again.
    Case.objects.filter(pk=late.pk).update(due_date=today + datetime.timedelta(days=9))
    assert deadlines_clear(today=today) == 1
    assert Case.objects.get(pk=late.pk).deadline_notified_at is None


def test_near_a_deadline_counts_working_days_from_the_calendar(applicant_user, station_address):
    """Friday: a case due on Monday has one working day left; one due on Tuesday too when Monday is
    a holiday, and not otherwise. Nothing is stored: the answer changes with the calendar."""
    from eligibility.models import CalendarDay

    friday = datetime.date(2026, 11, 27)
    monday, tuesday = friday + datetime.timedelta(days=3), friday + datetime.timedelta(days=4)
    on_monday, on_tuesday = (
        CaseFactory(submitted=True, applicant=applicant_user, address=station_address) for _ in range(2)
    )
    Case.objects.filter(pk=on_monday.pk).update(due_date=monday)
    Case.objects.filter(pk=on_tuesday.pk).update(due_date=tuesday)
    CalendarDay.objects.filter(date=monday).delete()

    def near():
        return set(Case.objects.filter(near_deadline(today=friday)).values_list("pk", flat=True))

    assert near() == {on_monday.pk}
    CalendarDay.objects.create(date=monday, working=False, name="测试假日")
    assert near() == {on_monday.pk, on_tuesday.pk}


def test_overdue_cases_of_a_city_without_a_supervisor_are_not_marked_told(applicant_user, station_address):
    """Nobody to tell: the case stays unmarked, so the first supervisor of the city hears of it."""
    today = datetime.date(2026, 11, 23)
    late = CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    Case.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=1))
    assert deadlines_notify(today=today) == 0
    assert Case.objects.get(pk=late.pk).deadline_notified_at is None
    user_create(username="sup", password=PASSWORD, role="supervisor", city="qujing", email="sup@example.cn")
    assert deadlines_notify(today=today) == 1
    assert Notice.objects.filter(event="overdue", recipient__username="sup", channel="portal").count() == 1


def test_the_nightly_snapshot_counts_cases_settled_persons_and_the_urban_share(
    applicant_user, station_address, clerk, family
):
    household, head, spouse = family
    case = CaseFactory(submitted=True, applicant=applicant_user, address=station_address, person=head)
    relative = case.relatives.create(
        position=0, name=spouse.name, id_number=spouse.id_number, relation="spouse", eligible=True
    )
    Consent.objects.create(case=case, role="relative", relative=relative, name=spouse.name, id_number=spouse.id_number)
    consent_everyone(case)
    for kind in ("marriage_certificate", "kinship_proof"):
        DocumentFactory(case=case, kind=kind)
    check_documents(case, clerk)
    case_approve(case=case_take(case=case, clerk=clerk), clerk=clerk)
    CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    snapshot = statistics_snapshot(city="qujing", day=datetime.date(2026, 11, 23))
    data = snapshot.data
    assert data["settled_total"] == 2 and data["settled"][0]["persons"] == 2
    counts = {(r["status"], r["n"]) for r in data["by_status"]}
    assert ("completed", 1) in counts and ("submitted", 1) in counts
    assert data["targets"] == {"urban_share": 38}
    assert data["registered"] >= 3 and 0 < data["urban_share"] <= 100
    statistics_snapshot(city="qujing", day=datetime.date(2026, 11, 23))
    assert CityStatistics.objects.count() == 1


def _draft_without_owned_homes_in_central_urban():
    v1 = RuleSet.objects.get(city="qujing", version=1)
    draft = rule_set_copy_as_draft(rule_set=v1, effective_from=timezone.localdate())
    owned = draft.parameters.get(key="residence.owned_zones")
    parameter_update(parameter=owned, value=[z for z in owned.value if z != "central_urban"])
    return draft


def test_the_impact_dry_run_counts_the_verdicts_a_draft_would_change(applicant_user, station_address, clerk):
    owners = [CaseFactory(submitted=True, applicant=applicant_user, address=station_address) for _ in range(4)]
    homeless = [CaseFactory(submitted=True, applicant=applicant_user, address=station_address) for _ in range(2)]
    Case.objects.filter(pk__in=[c.pk for c in homeless]).update(
        facts={"applicant": {"housing": {"kind": "none"}}}, eligible=False
    )
    decided = CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    case_approve(case=case_take(case=decided, clerk=clerk), clerk=clerk)
    draft = _draft_without_owned_homes_in_central_urban()
    run = impact_run_start(rule_set=draft, user=clerk)  # its task waits for the commit
    run = impact_dry_run(run_id=run.pk)
    assert run.status == RunStatus.DONE and run.cases_checked == 6
    assert run.by_pathway == {"residence": {"checked": 6, "to_eligible": 0, "to_ineligible": 4}}
    assert [c["id"] for c in run.changed_cases] == sorted(c.pk for c in owners)
    assert all(c["then"] is True and c["now"] is False for c in run.changed_cases)
    assert impact_dry_run(run_id=run.pk).cases_checked == 6  # done already: nothing redone


def test_the_impact_page_starts_a_run_and_shows_its_counts(admin_client, applicant_user, station_address):
    CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    draft = _draft_without_owned_homes_in_central_urban()
    assert "影响评估" in admin_client.get(f"/admin/eligibility/ruleset/{draft.pk}/change/").content.decode()
    admin_client.post(f"/admin/eligibility/ruleset/{draft.pk}/impact/")
    run = ImpactRun.objects.get()
    impact_dry_run(run_id=run.pk)
    page = admin_client.get(f"/admin/eligibility/ruleset/{draft.pk}/impact/").content.decode()
    assert "核查在办业务 1 件，其中判断改变 1 件" in page
    assert page.count("合法稳定住所/就业落户") == 2 and "<td>residence</td>" not in page  # words, not keys


def test_publishing_re_screens_the_open_cases_the_new_version_governs(applicant_user, station_address, clerk):
    case = CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    draft = _draft_without_owned_homes_in_central_urban()
    rule_set_publish(rule_set=draft, actor=clerk)
    assert rescreen_for_rule_set.apply(args=[draft.pk, clerk.pk]).get() == 1
    case.refresh_from_db()
    assert case.rule_set_id == draft.pk and case.eligible is False
    # Qujing （四）: a home there no longer counts, so the other door — a job — is what is missing.
    assert case.prescreen == Prescreen.INCOMPLETE
    assert case.prescreen_notes["missing_facts"] == ["applicant.employment.stable"]
    latest = case.fact_versions.order_by("-number").first()
    assert latest.number == 2 and "第 2 版" in latest.reason and latest.eligible is False
    assert rescreen_for_rule_set.apply(args=[draft.pk, clerk.pk]).get() == 0


def test_a_failed_task_is_kept_for_staff_and_can_be_retried_once(admin_client, applicant_user, station_address):
    result = prescreen_sweep_task.apply(args=["not a number"], throw=False)
    assert result.failed()
    failure = TaskFailure.objects.get()
    assert failure.task_name == "applications.tasks.prescreen_sweep" and "TypeError" in failure.exception
    case = CaseFactory(submitted=True, applicant=applicant_user, address=station_address, screen=False)
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - datetime.timedelta(minutes=5))
    failure.args = [60]  # what the task should have been given
    failure.save()
    for _ in range(2):
        admin_client.post("/admin/applications/taskfailure/", {"action": "retry", "_selected_action": [failure.pk]})
    failure.refresh_from_db()
    assert failure.retried_at is not None
    assert Case.objects.get(pk=case.pk).prescreen == Prescreen.LIKELY_ELIGIBLE
    assert TaskFailure.objects.count() == 1


def test_approving_publication_sends_the_re_screening_from_the_service(
    applicant_user, station_address, clerk, django_capture_on_commit_callbacks
):
    """Every publish path re-screens: the service tells applications, not the admin page."""
    from eligibility.services import publication_approve, publication_request

    case = CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    draft = _draft_without_owned_homes_in_central_urban()
    drafter = user_create(username="drafter", password=PASSWORD, role="rule_admin")
    approver = user_create(username="approver", password=PASSWORD, role="rule_admin")
    publication = publication_request(rule_set=draft, user=drafter, note="中心城区自有住房不再单独落户")
    with django_capture_on_commit_callbacks(execute=True):
        publication_approve(publication=publication, user=approver)
    case.refresh_from_db()
    assert RuleSet.objects.get(pk=draft.pk).is_published
    assert case.rule_set_id == draft.pk and case.prescreen == Prescreen.INCOMPLETE
    assert case.fact_versions.order_by("-number").first().created_by == approver
