"""A settlement case through the services: submit, pre-screen, ask, answer, approve, register."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.constants import CaseStatus, Prescreen
from applications.models import Case
from applications.services import (
    CaseError,
    MaterialsMissing,
    case_answer_request,
    case_approve,
    case_draft_create,
    case_draft_update,
    case_prescreen,
    case_request_documents,
    case_submit,
    case_take,
    document_upload,
)
from registers.models import Membership
from tests.process import account_for, check_documents, complete_and_check, consent_everyone

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def draft_for(applicant_user, address, head, spouse):
    account_for(head, applicant_user)
    case = case_draft_create(
        applicant=applicant_user, city="qujing", pathway="residence", name=head.name, id_number=head.id_number
    )
    return case_draft_update(
        case=case,
        actor=applicant_user,
        address=address,
        facts={"applicant": {"housing": {"kind": "owned"}}},
        relatives=[{"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}],
    )


def upload(case, user, kind):
    return document_upload(
        case=case, actor=user, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
    )


def test_a_settlement_moves_both_persons_into_a_new_household(applicant_user, station_address, clerk, family):
    old_household, head, spouse = family
    case = draft_for(applicant_user, station_address, head, spouse)
    for kind in ("id_card", "household_booklet", "property_certificate"):
        upload(case, applicant_user, kind)
    with pytest.raises(MaterialsMissing, match="结婚证、亲属关系证明"):
        case_submit(case=case, actor=applicant_user)  # submitting with items missing asks first
    case = case_submit(case=case, actor=applicant_user, confirm_missing=True)
    assert case.reference.startswith("QJ-") and case.status == CaseStatus.SUBMITTED and case.eligible
    assert case_submit(case=case, actor=applicant_user).reference == case.reference  # a double submit
    assert Case.objects.count() == 1

    case = case_prescreen(case_id=case.pk)
    assert case.prescreen == Prescreen.INCOMPLETE  # the spouse's documents are missing
    assert case.prescreen_notes["missing_documents"] == ["结婚证", "亲属关系证明"]
    assert case_prescreen(case_id=case.pk) is None  # done already

    case_take(case=case, clerk=clerk)
    case_request_documents(case=case, clerk=clerk, kinds=["marriage_certificate"], message="请补充结婚证")
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DOCUMENTS and case.paused_on
    upload(case, applicant_user, "marriage_certificate")
    upload(case, applicant_user, "kinship_proof")
    case_answer_request(case=case, actor=applicant_user, answer="已上传")
    check_documents(case, clerk)
    consent_everyone(case)
    case = case_approve(case=case, clerk=clerk)

    assert case.status == CaseStatus.COMPLETED
    assert case.certificate.title == "准予迁入证明" and len(case.certificate.code) == 12
    for person in (head, spouse):
        current = Membership.objects.get(person=person, until__isnull=True)
        assert current.household.address == station_address and current.joined_by == "move_in"
        left = Membership.objects.get(person=person, household=old_household)
        assert left.left_by == "move_out" and left.until == current.since
    new_household = Membership.objects.get(person=head, until__isnull=True).household
    assert new_household.head == head
    assert Membership.objects.get(person=spouse, until__isnull=True).relation == "spouse"


def test_a_second_approval_is_refused(applicant_user, station_address, clerk, family):
    _, head, spouse = family
    draft = draft_for(applicant_user, station_address, head, spouse)
    case = case_submit(case=draft, actor=applicant_user, confirm_missing=True)
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)
    case_approve(case=case, clerk=clerk)
    with pytest.raises(CaseError, match="已办结"):
        case_approve(case=case, clerk=clerk)


def test_a_clerk_of_another_station_cannot_act(applicant_user, station_address, other_clerk, family):
    _, head, spouse = family
    draft = draft_for(applicant_user, station_address, head, spouse)
    case = case_submit(case=draft, actor=applicant_user, confirm_missing=True)
    with pytest.raises(CaseError, match="无权"):
        case_take(case=case, clerk=other_clerk)
