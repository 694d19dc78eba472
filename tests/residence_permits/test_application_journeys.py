"""Each city's permit conditions, through the pages: the applicant applies from a registration and
sees the engine's answer with its clause; the clerk finds the application in the queue, sees the
same clause, and approves (a permit is issued) or refuses on the clause."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.constants import CaseKind, CaseStatus
from applications.models import Case
from applications.services import case_prescreen
from eligibility.dates import add_months
from residence_permits.models import ResidencePermit
from tests.factories import ResidenceRegistrationFactory

from .helpers import PDF, address_in, clerk_of, signed_in

pytestmark = pytest.mark.django_db

CLAUSES = {
    "qujing": "曲政发〔2015〕82号 第（十二）条",
    "lincang": "临沧市进一步推进户籍制度改革方案 第10条",
    "dehong": "德政办发〔2016〕142号 第（十二）条",
    "chenzhou": "郴政发〔2016〕1号 四（二）",
    "jilin": "吉市政发〔2015〕5号 第（十五）条",
}
NONE_OF_THREE = {"employment_stable": "false", "housing_kind": "none", "studying": "false"}

# city, days lived since the registration, the answers on the form, eligible, words of the explanation
SCENARIOS = [
    ("qujing", 40, {}, True, "已居住 1 个月（40 日）；须居住满 30 日"),
    ("qujing", 10, {}, False, "已居住 10 日；须居住满 30 日"),
    ("lincang", 0, {}, True, "已居住 0 日；本市规则不设居住时间要求"),
    ("lincang", -5, {}, False, "尚未开始计算居住时间"),  # registered ahead of arriving: not yet living there
    ("dehong", 200, {"employment_stable": "true"}, True, "具备合法稳定就业、合法稳定住所、连续就读之一"),
    ("dehong", 200, NONE_OF_THREE, False, "合法稳定就业、合法稳定住所、连续就读均不具备"),
    ("chenzhou", 200, {"housing_kind": "rented"}, True, "须居住满 6 个月"),
    ("chenzhou", 120, {"housing_kind": "owned"}, False, "须居住满 6 个月"),
    ("jilin", 200, {"studying": "true"}, True, "具备合法稳定就业、合法稳定住所、连续就读之一"),
    ("jilin", 100, {"employment_stable": "true"}, False, "须居住满 6 个月"),
]


def apply(client, registration, answers) -> Case:
    response = client.post(f"/my/residence/registrations/{registration.pk}/apply/")
    case = Case.objects.get(permit_application__registration=registration)
    assert response.url == f"/my/residence/applications/{case.pk}/"
    response = client.post(f"/my/residence/applications/{case.pk}/", answers)
    assert response.url == f"/my/residence/applications/{case.pk}/review/", response.content.decode()[-2000:]
    return case


def upload(client, case, kind):
    file = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
    return client.post(f"/my/cases/{case.pk}/documents/", {"kind": kind, "file": file})


@pytest.mark.parametrize(("city", "days", "answers", "eligible", "detail"), SCENARIOS)
def test_each_citys_conditions_decide_the_application_with_the_clause_shown(city, days, answers, eligible, detail):
    registration = ResidenceRegistrationFactory(address=address_in(city), days_ago=days)
    applicant, clerk = signed_in(registration.applicant), signed_in(clerk_of(registration.station))

    case = apply(applicant, registration, answers)
    review = applicant.get(f"/my/residence/applications/{case.pk}/review/").content.decode()
    assert CLAUSES[city] in review and detail in review
    assert ("符合申领条件" if eligible else "暂不符合申领条件") in review
    for kind in ("id_card", "residence_proof"):
        assert upload(applicant, case, kind).status_code == 302
    applicant.post(f"/my/cases/{case.pk}/submit/")
    case_prescreen(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.kind == CaseKind.RESIDENCE_PERMIT

    queue = clerk.get("/station/queue/?kind=residence_permit").content.decode()
    assert case.reference in queue
    assert CLAUSES[city] in clerk.get(f"/station/cases/{case.pk}/").content.decode()
    clerk.post(f"/station/cases/{case.pk}/take/")
    for document in case.documents.all():  # the clerk compares each with its original
        clerk.post(f"/station/cases/{case.pk}/documents/{document.pk}/check/", {"result": "passed"})
    asked = clerk.post(f"/station/cases/{case.pk}/approve/").content.decode()
    assert "确认准予签发居住证" in asked and not ResidencePermit.objects.exists()
    approved = clerk.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"}, follow=True).content.decode()
    case.refresh_from_db()
    if eligible:
        permit = ResidencePermit.objects.get(case=case)
        assert case.status == CaseStatus.COMPLETED and permit.holder_account == registration.applicant
        assert permit.valid_until == add_months(timezone.localdate(), 12)
    else:
        assert "引擎判断不符合申领条件" in approved and not ResidencePermit.objects.exists()
        clerk.post(
            f"/station/cases/{case.pk}/refuse/", {"clause": CLAUSES[city], "text": "居住时间不足", "confirmed": "1"}
        )
        case.refresh_from_db()
        assert case.status == CaseStatus.REFUSED and case.decision_clause.startswith(CLAUSES[city])


def test_the_queue_filter_shows_only_permit_applications(holder):
    registration = ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=60)
    case = apply(signed_in(holder), registration, {})
    signed_in(holder).post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})
    clerk = signed_in(clerk_of(registration.station))
    case.refresh_from_db()
    assert case.reference in clerk.get("/station/queue/?kind=residence_permit").content.decode()
    assert case.reference not in clerk.get("/station/queue/?kind=settlement").content.decode()


def test_the_residence_counts_from_the_registration_not_from_an_earlier_declared_day(holder):
    today = timezone.localdate()
    registration = ResidenceRegistrationFactory(
        applicant=holder, filed_by=holder, since=today.replace(year=today.year - 2), registered_on=today
    )
    case = apply(signed_in(holder), registration, {})
    assert case.facts["applicant"]["residence_since"] == today.isoformat()


def test_applying_twice_opens_one_application_and_a_permit_holder_cannot_apply_again(holder):
    registration = ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=60)
    client = signed_in(holder)
    client.post(f"/my/residence/registrations/{registration.pk}/apply/")
    client.post(f"/my/residence/registrations/{registration.pk}/apply/")
    assert Case.objects.filter(kind=CaseKind.RESIDENCE_PERMIT).count() == 1


def test_another_applicants_application_is_not_found(holder):
    registration = ResidenceRegistrationFactory(days_ago=60)
    case = apply(signed_in(registration.applicant), registration, {})
    assert signed_in(holder).get(f"/my/residence/applications/{case.pk}/review/").status_code == 404
    assert signed_in(holder).post(f"/my/residence/registrations/{registration.pk}/apply/").status_code == 404
