"""The real 户政 process (issue 10): a case moves only the people who asked, on complete and checked
materials; a request lists exactly the items it needs (一次性告知); acceptance has its own clock."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import VerifiedIdentity
from accounts.services import identity_verify_at_counter, identity_verify_online
from applications.constants import BatchItemStatus, CaseStatus, ConsentStatus
from applications.models import Case, Consent
from applications.services import (
    CaseError,
    approval_problems,
    case_answer_request,
    case_approve,
    case_draft_create,
    case_draft_update,
    case_request_documents,
    case_submit,
    case_take,
    consent_answer,
    document_check,
    document_upload,
    promise_sign,
)
from applications.services.batches import batch_process_item, batch_start
from registers.models import Household, Membership
from tests.factories import (
    CaseFactory,
    DocumentFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    id_number_for,
    sign_in_verified,
)
from tests.process import account_for, check_documents, complete_and_check, verify

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def draft(applicant, address, person, *, relatives=(), **fields):
    case = case_draft_create(
        applicant=applicant, city="qujing", pathway="residence", name=person.name, id_number=person.id_number
    )
    return case_draft_update(
        case=case,
        actor=applicant,
        address=address,
        facts={"applicant": {"housing": {"kind": "owned"}}},
        relatives=[
            {"name": r.name, "id_number": r.id_number, "relation": "spouse", "co_resident": True} for r in relatives
        ],
        **fields,
    )


def upload(case, user, kind, **kwargs):
    return document_upload(
        case=case,
        actor=user,
        kind=kind,
        upload=SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"),
        **kwargs,
    )


# --- Identity ----------------------------------------------------------------------------------


def test_an_account_cannot_file_for_another_adult(applicant_user, station_address, family):
    _, head, spouse = family
    verify(applicant_user, head)
    case = draft(applicant_user, station_address, spouse)  # the spouse's number as the applicant
    with pytest.raises(CaseError, match="申请人须是本账户实名核验的本人（"):
        case_submit(case=case, actor=applicant_user, confirm_missing=True)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_an_unverified_account_is_asked_to_verify_first(applicant_user, station_address, family):
    case = draft(applicant_user, station_address, family[1])
    with pytest.raises(CaseError, match="提交前请先完成实名核验"):
        case_submit(case=case, actor=applicant_user, confirm_missing=True)


def test_a_guardian_files_for_a_minor_child_with_proof_the_clerk_checks(applicant_user, station_address, clerk):
    parent = PersonFactory()
    child = PersonFactory(birth_date=datetime.date(2015, 6, 1))
    HouseholdFactory(head=parent)
    MembershipFactory(person=child, household=Household.objects.get(head=parent))
    verify(applicant_user, parent)
    case = draft(applicant_user, station_address, child, acting_as="minor_child")
    case = case_submit(case=case, actor=applicant_user, confirm_missing=True)
    case_take(case=case, clerk=clerk)
    assert any("监护关系证明" in p for p in approval_problems(case))
    complete_and_check(case, clerk)
    assert case_approve(case=case, clerk=clerk).status == CaseStatus.COMPLETED
    assert Membership.objects.get(person=child, until__isnull=True).household.address == station_address


def test_an_adult_cannot_be_filed_for_as_a_minor(applicant_user, station_address, family):
    _, head, spouse = family
    verify(applicant_user, head)
    case = draft(applicant_user, station_address, spouse, acting_as="minor_child")
    with pytest.raises(CaseError, match="申请人须是本账户实名核验的本人"):
        case_submit(case=case, actor=applicant_user, confirm_missing=True)


def test_one_person_one_account_and_verification_at_the_counter(applicant_user, clerk, family):
    _, head, _spouse = family
    identity = identity_verify_at_counter(user=applicant_user, clerk=clerk, name=head.name, id_number=head.id_number)
    assert identity.verified_by == clerk and identity.method == "counter"
    with pytest.raises(Exception, match="另一账户"):
        identity_verify_online(user=UserFactory(), name=head.name, id_number=head.id_number)
    with pytest.raises(Exception, match="姓名与公民身份号码不一致"):
        identity_verify_online(user=UserFactory(), name="别人", id_number=PersonFactory().id_number)


def test_the_demo_identity_service_refuses_in_production(settings, family):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="不能在正式环境使用"):
        identity_verify_online(user=UserFactory(), name=family[1].name, id_number=family[1].id_number)
    assert not VerifiedIdentity.objects.exists()


# --- Consent -----------------------------------------------------------------------------------


def test_a_spouse_is_moved_only_after_their_consent(applicant_user, station_address, clerk, family):
    old_household, head, spouse = family
    verify(applicant_user, head)
    case = draft(applicant_user, station_address, head, relatives=[spouse])
    case = case_submit(case=case, actor=applicant_user, confirm_missing=True)
    consent = Consent.objects.get(case=case)
    assert consent.status == ConsentStatus.PENDING and consent.id_number == spouse.id_number
    case_take(case=case, clerk=clerk)
    for line_kind in ("id_card", "household_booklet", "property_certificate", "marriage_certificate", "kinship_proof"):
        DocumentFactory(case=case, kind=line_kind)
    check_documents(case, clerk)
    with pytest.raises(CaseError, match=f"尚待{spouse.name}本人同意"):
        case_approve(case=case, clerk=clerk)
    assert Membership.objects.get(person=spouse, until__isnull=True).household == old_household

    stranger = verify(UserFactory(email_verified=True), PersonFactory())
    with pytest.raises(CaseError, match="只有被征求意见的本人"):
        consent_answer(consent=consent, user=stranger, accept=True)
    spouse_account = verify(UserFactory(email_verified=True), spouse)
    consent_answer(consent=consent, user=spouse_account, accept=True)
    case_approve(case=case, clerk=clerk)
    for person in (head, spouse):
        assert Membership.objects.get(person=person, until__isnull=True).household.address == station_address


def test_a_relative_who_declines_stays_where_they_are(applicant_user, station_address, clerk, family):
    old_household, head, spouse = family
    verify(applicant_user, head)
    case = case_submit(
        case=draft(applicant_user, station_address, head, relatives=[spouse]),
        actor=applicant_user,
        confirm_missing=True,
    )
    consent_answer(consent=case.consents.get(), user=verify(UserFactory(email_verified=True), spouse), accept=False)
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)
    case_approve(case=case, clerk=clerk)
    assert Membership.objects.get(person=head, until__isnull=True).household.address == station_address
    assert Membership.objects.get(person=spouse, until__isnull=True).household == old_household
    assert [h["name"] for h in case.certificate.holders] == [head.name]


def test_a_signed_power_of_attorney_checked_by_the_clerk_is_consent(applicant_user, station_address, clerk, family):
    _, head, spouse = family
    verify(applicant_user, head)
    case = case_submit(
        case=draft(applicant_user, station_address, head, relatives=[spouse]),
        actor=applicant_user,
        confirm_missing=True,
    )
    consent = case.consents.get()
    letter = upload(case, applicant_user, "other", consent=consent)
    assert letter.kind == "power_of_attorney"
    document_check(document=letter, clerk=clerk, passed=False, reason="签名与身份证不符")
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.PENDING
    document_check(document=letter, clerk=clerk, passed=True)
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.GIVEN and consent.method == "power_of_attorney"
    assert consent.answered_by == clerk


def test_joining_a_household_needs_its_heads_consent(applicant_user, clerk, family):
    _, head, _spouse = family
    verify(applicant_user, head)
    target = HouseholdFactory()
    case = draft(applicant_user, target.address, head, target_household=target)
    case = case_submit(case=case, actor=applicant_user, confirm_missing=True)
    head_consent = case.consents.get(role="household_head")
    assert head_consent.id_number == target.head.id_number
    station_clerk = UserFactory(clerk=True, station=target.address.station)
    case_take(case=case, clerk=station_clerk)
    complete_and_check_but_consent(case, station_clerk)
    with pytest.raises(CaseError, match=f"尚待{target.head.name}本人同意"):
        case_approve(case=case, clerk=station_clerk)
    consent_answer(consent=head_consent, user=verify(UserFactory(email_verified=True), target.head), accept=False)
    with pytest.raises(CaseError, match="不同意迁入其户"):
        case_approve(case=case, clerk=station_clerk)
    assert Membership.objects.filter(household=target, until__isnull=True).count() == 1


def complete_and_check_but_consent(case, clerk):
    from applications.selectors import case_checklist

    for line in case_checklist(case):
        if not line.documents and not line.auto_passed:
            DocumentFactory(case=case, kind=line.item.document)
    check_documents(case, clerk)


# --- Materials ---------------------------------------------------------------------------------


def test_approval_is_refused_with_every_missing_or_failed_item(applicant_user, station_address, clerk, family):
    _, head, _spouse = family
    verify(applicant_user, head)
    case = draft(applicant_user, station_address, head)
    upload(case, applicant_user, "id_card")
    case = case_submit(case=case, actor=applicant_user, confirm_missing=True)
    case_take(case=case, clerk=clerk)
    document_check(document=case.documents.get(), clerk=clerk, passed=False, reason="照片模糊")
    with pytest.raises(CaseError) as refused:
        case_approve(case=case, clerk=clerk)
    assert "居民身份证与原件不符（照片模糊）" in str(refused.value) and "缺少不动产权证书" in str(refused.value)
    assert "居民户口簿" not in str(refused.value)  # in the register: checked against it automatically
    with pytest.raises(CaseError, match="请写明"):
        document_check(document=case.documents.get(), clerk=clerk, passed=False)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_REVIEW


def test_approval_through_the_page_and_the_api_is_refused_too(client, applicant_user, station_address, clerk, family):
    _, head, _spouse = family
    verify(applicant_user, head)
    case = case_submit(case=draft(applicant_user, station_address, head), actor=applicant_user, confirm_missing=True)
    case_take(case=case, clerk=clerk)
    sign_in_verified(client, clerk)
    page = client.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"}, follow=True).content.decode()
    assert "暂不能准予" in page and "缺少不动产权证书" in page
    api = sign_in_verified(APIClient(), clerk)
    answer = api.post(f"/api/v1/cases/{case.pk}/approve/", {"confirmed": True}, format="json")
    assert answer.status_code == 409 and "缺少不动产权证书" in answer.json()["error"]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_REVIEW


def test_a_deferrable_item_passes_with_a_promise_and_is_tracked_until_supplied(
    applicant_user, station_address, clerk, family
):
    _, head, _spouse = family
    verify(applicant_user, head)
    case = case_draft_create(
        applicant=applicant_user, city="qujing", pathway="residence", name=head.name, id_number=head.id_number
    )
    case = case_draft_update(
        case=case,
        actor=applicant_user,
        address=station_address,
        facts={"applicant": {"housing": {"kind": "rented"}, "social_insurance_months": {"pension": 13}}},
    )
    later = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(CaseError, match="不能容缺"):
        promise_sign(case=case, actor=applicant_user, kind="registered_lease", due_on=later)
    promise = promise_sign(case=case, actor=applicant_user, kind="social_insurance_record", due_on=later)
    assert "社会保险缴费记录" in promise.text
    case = case_submit(case=case, actor=applicant_user, confirm_missing=True)
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)  # every other item, checked
    assert not approval_problems(case)
    case_approve(case=case, clerk=clerk)
    promise.refresh_from_db()
    assert promise.fulfilled_at is None
    supplied = upload(case, applicant_user, "social_insurance_record")  # after the decision: promised items only
    with pytest.raises(CaseError):
        upload(case, applicant_user, "id_card")
    document_check(document=supplied, clerk=clerk, passed=True)
    promise.refresh_from_db()
    assert promise.fulfilled_at is not None


def test_documents_can_be_added_until_a_clerk_decides(applicant_user, station_address, clerk, family):
    _, head, _spouse = family
    verify(applicant_user, head)
    case = case_submit(case=draft(applicant_user, station_address, head), actor=applicant_user, confirm_missing=True)
    assert upload(case, applicant_user, "property_certificate").pk
    case_take(case=case, clerk=clerk)
    assert upload(case, applicant_user, "id_card").pk
    complete_and_check(case, clerk)
    case_approve(case=case, clerk=clerk)
    with pytest.raises(CaseError):
        upload(case, applicant_user, "other")


def test_a_batch_approves_only_cases_with_consent_and_checked_documents(clerk, station_address, applicant_user):
    lacking_consent = [
        CaseFactory(
            submitted=True,
            applicant=None,
            address=station_address,
            spouse=PersonFactory(female=True, birth_date=datetime.date(1986, 1, n)),
        )
        for n in range(1, 4)
    ]
    for case in lacking_consent:  # the spouse's papers are there and checked; their consent is not
        assert case.consents.get().status == ConsentStatus.PENDING
    unchecked = [CaseFactory(submitted=True, applicant=None, address=station_address, checked=False) for _ in range(2)]
    ready = [CaseFactory(submitted=True, applicant=None, address=station_address) for _ in range(15)]
    everyone = lacking_consent + unchecked + ready
    before = {
        c.pk: Membership.objects.get(person__id_number=c.id_number, until__isnull=True).household_id for c in everyone
    }
    spouses_before = {
        c.pk: Membership.objects.filter(person__id_number=c.relatives.get().id_number, until__isnull=True).first()
        for c in lacking_consent
    }

    batch = batch_start(starter=clerk, case_ids=[c.pk for c in everyone])
    assert batch.items.count() == 20
    results = {item.case_id: batch_process_item(item_id=item.pk) for item in batch.items.all()}
    assert sorted(results.values()).count(BatchItemStatus.APPROVED) == 15
    reasons = dict(batch.items.values_list("case_id", "reason"))
    for case in lacking_consent:
        assert results[case.pk] == BatchItemStatus.SET_ASIDE and "本人同意" in reasons[case.pk]
    for case in unchecked:
        assert results[case.pk] == BatchItemStatus.SET_ASIDE and "尚未核验原件" in reasons[case.pk]

    for case in lacking_consent + unchecked:  # nobody of a set-aside case moved
        assert (
            Membership.objects.get(person__id_number=case.id_number, until__isnull=True).household_id == before[case.pk]
        )
    for case in lacking_consent:
        spouse = case.relatives.get()
        now = Membership.objects.filter(person__id_number=spouse.id_number, until__isnull=True).first()
        assert now == spouses_before[case.pk]
    moved = Membership.objects.filter(household__address=station_address, until__isnull=True)
    assert sorted(moved.values_list("person__id_number", flat=True)) == sorted(c.id_number for c in ready)


# --- 一次性告知 ----------------------------------------------------------------------------------


def test_a_request_lists_exact_items_and_is_answered_item_by_item(
    client, applicant_user, station_address, clerk, family
):
    _, head, _spouse = family
    verify(applicant_user, head)
    case = case_submit(case=draft(applicant_user, station_address, head), actor=applicant_user, confirm_missing=True)
    assert case.acceptance_due is not None
    request = case_request_documents(
        case=case,
        clerk=clerk,
        items=[("property_certificate", "须核对产权人姓名"), ("id_card", "须核对有效期")],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DOCUMENTS and case.acceptance_due is None  # told at once: in time
    assert [(i.kind, i.reason) for i in request.items.all()] == [
        ("property_certificate", "须核对产权人姓名"),
        ("id_card", "须核对有效期"),
    ]
    client.force_login(applicant_user)
    applicant_user.email_verified = True
    applicant_user.save()
    page = client.get(f"/my/cases/{case.pk}/").content.decode()
    assert "须核对产权人姓名" in page and "须核对有效期" in page
    assert page.count('name="reason_') == 2  # exactly the two items, not the 19 kinds
    with pytest.raises(CaseError, match="不动产权证书、居民身份证"):
        case_answer_request(case=case, actor=applicant_user)
    items = list(request.items.all())
    upload(case, applicant_user, "property_certificate", requested_item=items[0])
    case_answer_request(case=case, actor=applicant_user, reasons={items[1].pk: "身份证在补办，附临时身份证"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.acceptance_due is not None  # back to be accepted

    with pytest.raises(CaseError, match="只能针对上次补正中提交的材料"):
        case_request_documents(case=case, clerk=clerk, items=[("household_booklet", "再看看")])
    with pytest.raises(CaseError, match="须说明"):
        case_request_documents(case=case, clerk=clerk, items=[("property_certificate", "复印件不清楚")])
    second = case_request_documents(
        case=case,
        clerk=clerk,
        items=[("property_certificate", "复印件不清楚")],
        repeat_reason="上次上传的扫描件缺第二页",
    )
    assert second.repeat_reason == "上次上传的扫描件缺第二页"


def test_a_request_needs_a_reason_for_each_item(applicant_user, station_address, clerk, family):
    verify(applicant_user, family[1])
    case = case_submit(
        case=draft(applicant_user, station_address, family[1]), actor=applicant_user, confirm_missing=True
    )
    with pytest.raises(CaseError, match="逐项写明原因|为每一项"):
        case_request_documents(case=case, clerk=clerk, items=[("id_card", "")])
    with pytest.raises(CaseError, match="勾选"):
        case_request_documents(case=case, clerk=clerk, items=[])


def test_a_case_not_accepted_in_time_is_overdue_in_the_queue(client, applicant_user, station_address, clerk, family):
    verify(applicant_user, family[1])
    case = case_submit(
        case=draft(applicant_user, station_address, family[1]), actor=applicant_user, confirm_missing=True
    )
    Case.objects.filter(pk=case.pk).update(acceptance_due=timezone.localdate() - datetime.timedelta(days=2))
    sign_in_verified(client, clerk)
    queue = client.get("/station/queue/").content.decode()
    assert "受理超期" in queue
    overdue = client.get("/station/queue/?overdue=on").content.decode()
    assert case.reference in overdue


def test_a_person_outside_the_register_must_say_where_their_hukou_is(applicant_user, station_address):
    newcomer = id_number_for("110105", datetime.date(1990, 6, 1), 13)
    verify(applicant_user, name="外来人", id_number=newcomer)
    case = case_draft_create(
        applicant=applicant_user, city="qujing", pathway="residence", name="外来人", id_number=newcomer
    )
    case = case_draft_update(case=case, actor=applicant_user, address=station_address, facts={"applicant": {}})
    with pytest.raises(CaseError, match="现户籍地址（迁出地）"):
        case_submit(case=case, actor=applicant_user, confirm_missing=True)
    case_draft_update(case=case, actor=applicant_user, origin_address="北京市西城区金融大街1号")
    assert case_submit(case=case, actor=applicant_user, confirm_missing=True).status == CaseStatus.SUBMITTED


def test_account_for_gives_one_account_per_person():
    person = PersonFactory()
    first = account_for(person)
    assert account_for(person) == first
    assert account_for(person, UserFactory()) == first
