"""The papers a case produces — 受理回执, 一次性告知书, 不予受理 / 不予办理决定书, 准予迁入证明 — each
issued with what it must print, rendered as PDF (its text read back from the PDF), shown as a
page to the applicant and the station, and checked on the one public verification page."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from applications.constants import CaseStatus
from applications.models import Case, Certificate, DocumentRequest, Paper, PaperKind, Promise, RequestedItem
from applications.papers import paper_pdf
from applications.services import (
    CaseError,
    case_complete_move_in,
    case_refuse,
    case_take,
    movers_of,
)
from applications.services.papers import (
    AS_ORIGIN,
    issue_certificate,
    issue_notice,
    issue_refusal,
    issuing_authority,
)
from common.dates import chinese_date
from common.pdf import spaced_code
from registers.models import DataAccess, Region
from tests.applications.test_public import pdf_text as shown_text
from tests.factories import CaseFactory, id_number_for, sign_in_verified
from tests.process import consent_everyone

pytestmark = pytest.mark.django_db

VERIFY_URL = "https://hukou.example.cn/verify/ABCDEFGHJKLM/"
CLAUSE = "曲政发〔2015〕82号 第（四）条"
NEWCOMER = id_number_for("110105", datetime.date(1990, 6, 1), 13)  # Beijing: not in the portal's register
NEWCOMER_SPOUSE = id_number_for("110105", datetime.date(1991, 2, 3), 14)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the verification page is throttled per address
    yield
    cache.clear()


@pytest.fixture
def station(station_address):
    station = station_address.station
    station.address, station.phone = "曲靖市麒麟区南宁北路100号", "0874-3123456"
    station.save()
    return station


def build_case(applicant, address, *, name, id_number, relatives=(), origin_address=""):
    """Submitted with its documents (scans named as people name them), unchecked, not pre-screened."""
    return CaseFactory(
        submitted=True,
        applicant=applicant,
        address=address,
        person=None,
        name=name,
        id_number=id_number,
        relatives=relatives,
        origin_address=origin_address,
        document_name="{kind}-扫描件.pdf",
        checked=False,
        screen=False,
    )


@pytest.fixture
def case(applicant_user, station_address, station, family):
    _, head, spouse = family
    relatives = [{"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}]
    return build_case(applicant_user, station_address, name=head.name, id_number=head.id_number, relatives=relatives)


@pytest.fixture
def outside_case(applicant_user, station_address, station):
    """A couple from Beijing: neither is in the portal's register; the spouse's 迁出地 is left blank."""
    relatives = [{"name": "李娜", "id_number": NEWCOMER_SPOUSE, "relation": "spouse", "co_resident": True}]
    return build_case(
        applicant_user,
        station_address,
        name="外来人",
        id_number=NEWCOMER,
        relatives=relatives,
        origin_address="北京市西城区金融大街1号",
    )


def pdf_text(pdf: bytes) -> str:
    """The strings the PDF's pages show, run together and without spaces."""
    return squeezed(shown_text(pdf))


def squeezed(text: str) -> str:
    return "".join(text.split())


# --- 受理回执 ----------------------------------------------------------------------------------


def test_the_receipt_lists_what_was_received_the_promises_the_time_limit_and_the_station(
    case, clerk, station, applicant_user
):
    Promise.objects.create(
        case=case,
        kind="marriage_certificate",
        due_on=datetime.date(2026, 12, 30),
        text="本人承诺于期限前补交结婚证",
        signed_by=applicant_user,
    )
    case = case_take(case=case, clerk=clerk)  # acceptance issues the receipt

    receipt = case.papers.get(kind=PaperKind.RECEIPT)

    c = receipt.content
    assert receipt.kind == PaperKind.RECEIPT and receipt.title == "受理回执"
    assert receipt.number.startswith(f"QJ-SL-{timezone.localdate().year}-") and len(receipt.code) == 12
    assert [r["kind"] for r in c["received"]] == ["居民身份证", "居民户口簿", "不动产权证书"]
    assert c["received"][0]["name"] == "id_card-扫描件.pdf"
    assert c["promises"] == [{"kind": "结婚证", "due_on": "2026-12-30"}]
    assert c["time_limit_working_days"] == 7 and c["due_date"] == case.due_date.isoformat()
    assert c["station"] == {"name": station.name, "address": "曲靖市麒麟区南宁北路100号", "phone": "0874-3123456"}
    assert c["reference"] == case.reference and c["applicant"] == case.name
    assert c["accepted_on"] == timezone.localdate().isoformat() and c["clerk"] == clerk.username
    text = pdf_text(paper_pdf(receipt, verify_url=VERIFY_URL))
    for printed in (
        "受理回执",
        receipt.number,
        case.reference,
        case.name,
        "居民户口簿",
        "id_card-扫描件.pdf",
        "结婚证",
        "2026年12月30日",
        "7个工作日",
        chinese_date(case.due_date),
        station.name,
        "曲靖市麒麟区南宁北路100号",
        "0874-3123456",
        clerk.username,
        squeezed(spaced_code(receipt.code)),
        VERIFY_URL,
        "户口专用章",
    ):
        assert squeezed(printed) in text, printed


# --- 一次性告知书 --------------------------------------------------------------------------------


def test_the_notice_lists_every_requested_item_with_its_reason_and_the_law(case, clerk, station):
    case = case_take(case=case, clerk=clerk)
    request = DocumentRequest.objects.create(
        case=case,
        kinds=["marriage_certificate", "medical_birth_certificate"],
        message="请补充以下材料",
        requested_by=clerk,
    )
    RequestedItem.objects.create(
        request=request, position=1, kind="marriage_certificate", reason="配偶随迁须证明婚姻关系"
    )
    RequestedItem.objects.create(request=request, position=2, kind="medical_birth_certificate", reason="核对出生日期")

    notice = issue_notice(request)

    c = notice.content
    assert notice.kind == PaperKind.NOTICE and notice.request == request and notice.title == "一次性告知书"
    assert notice.number.startswith("QJ-GZ-")
    assert c["items"] == [
        {"kind": "结婚证", "reason": "配偶随迁须证明婚姻关系"},
        {"kind": "出生医学证明", "reason": "核对出生日期"},
    ]
    assert "第三十二条" in c["legal_basis"] and "一次告知" in c["legal_basis"]
    assert "暂停计算" in c["clock"] and station.name in c["how"] and "上传" in c["how"]
    assert c["station"]["phone"] == "0874-3123456"
    text = pdf_text(paper_pdf(notice, verify_url=VERIFY_URL))
    for printed in (
        "一次性告知书",
        notice.number,
        "结婚证",
        "配偶随迁须证明婚姻关系",
        "出生医学证明",
        "核对出生日期",
        "《中华人民共和国行政许可法》第三十二条",
        "办理时限暂停计算",
        "曲靖市麒麟区南宁北路100号",
        "0874-3123456",
    ):
        assert squeezed(printed) in text, printed


def test_a_notice_for_a_request_without_items_lists_its_kinds(case, clerk):
    case = case_take(case=case, clerk=clerk)
    request = DocumentRequest.objects.create(
        case=case, kinds=["marriage_certificate"], message="请补充结婚证", requested_by=clerk
    )

    assert issue_notice(request).content["items"] == [{"kind": "结婚证", "reason": "请补充结婚证"}]


# --- 决定书 ----------------------------------------------------------------------------------


def test_the_refusal_after_acceptance_cites_the_clause_and_its_text_and_names_the_appeal_bodies(case, clerk, station):
    case = case_refuse(case=case_take(case=case, clerk=clerk), clerk=clerk, clause=CLAUSE, text="房屋不在城区")

    refusal = case.papers.get(kind=PaperKind.REFUSAL)  # the refusal issues its decision letter

    c = refusal.content
    region = Region.objects.get(code="530302")
    assert refusal.kind == PaperKind.REFUSAL and refusal.title == "不予办理决定书" and c["decision"] == "不予办理"
    assert refusal.number.startswith("QJ-BY-")
    assert c["clause"]["citation"] == CLAUSE and c["clause"]["text"].startswith("全面放开城市（县城镇）和建制镇")
    assert c["reasons"] == "房屋不在城区" and c["applied_for"] == "合法稳定住所/就业落户"
    assert c["appeal"]["reconsideration_body"] == f"{region.name}人民政府" == "麒麟区人民政府"
    assert c["appeal"]["court"] == "麒麟区人民法院"
    assert c["appeal"]["reconsideration_days"] == 60 and c["appeal"]["litigation_months"] == 6
    text = pdf_text(paper_pdf(refusal, verify_url=VERIFY_URL))
    for printed in (
        "不予办理决定书",
        case.name,
        case.reference,
        "房屋不在城区",
        CLAUSE,
        "在各县（市、区）城区、产业园区",
        "60日内",
        "《中华人民共和国行政复议法》",
        "麒麟区人民政府申请行政复议",
        "6个月内",
        "《中华人民共和国行政诉讼法》第四十六条",
        "麒麟区人民法院提起行政诉讼",
    ):
        assert squeezed(printed) in text, printed


def test_a_refusal_before_acceptance_is_a_decision_not_to_accept(case, clerk):
    Case.objects.filter(pk=case.pk).update(decision_clause=CLAUSE, decision_text="不属于本所受理范围")
    case.refresh_from_db()

    refusal = issue_refusal(case, clerk)

    assert refusal.title == "不予受理决定书" and refusal.content["decision"] == "不予受理"
    assert refusal.content["reasons"] == "不属于本所受理范围"


# --- 准予迁入证明 --------------------------------------------------------------------------------


def test_the_certificate_carries_what_the_real_form_does(case, clerk, station, family):
    household, head, spouse = family
    case = case_take(case=case, clerk=clerk)
    consent_everyone(case)  # the spouse agrees to come along
    Case.objects.filter(pk=case.pk).update(origin_address="不应使用：本人在户籍库中")
    case.refresh_from_db()

    certificate = issue_certificate(case, clerk, movers_of(case))

    c = certificate.content
    validity = case.rule_set.parameters.get(key="processing.certificate_validity_days").value
    assert certificate.kind == PaperKind.CERTIFICATE and certificate.title == "准予迁入证明"
    assert certificate.valid_until == timezone.localdate() + datetime.timedelta(days=validity)
    first, second = c["persons"]
    assert first == {
        "name": head.name,
        "sex": "男",
        "birth_date": head.birth_date.isoformat(),
        "ethnicity": "汉族",
        "id_number": head.id_number,
        "relation_to_head": "户主",
        "origin_address": str(household.address),
    }
    assert second["name"] == spouse.name and second["sex"] == "女" and second["relation_to_head"] == "配偶"
    assert second["id_number"] == spouse.id_number and second["origin_address"] == str(household.address)
    assert c["destination"] == str(case.address) and c["reason"] == "合法稳定住所/就业落户"
    assert c["authority"] == f"曲靖市公安局麒麟分局{station.name.removeprefix('麒麟区')}"
    assert c["clerk"] == clerk.username and c["issued_on"] == timezone.localdate().isoformat()
    assert Certificate.objects.get(case=case) == certificate == case.certificate
    text = pdf_text(paper_pdf(certificate, verify_url=VERIFY_URL))
    for printed in (
        "准予迁入证明",
        certificate.number,
        head.name,
        head.id_number,
        chinese_date(head.birth_date),
        spouse.id_number,
        "汉族",
        "户主",
        "配偶",
        str(household.address),
        str(case.address),
        "合法稳定住所/就业落户",
        c["authority"],
        station.name,
        clerk.username,
        chinese_date(timezone.localdate()),
        chinese_date(certificate.valid_until),
        "户口专用章",
    ):
        assert squeezed(printed) in text, printed


def test_a_certificate_for_persons_from_outside_takes_their_origin_from_the_application(outside_case, clerk):
    case = case_take(case=outside_case, clerk=clerk)
    consent_everyone(case)

    certificate = issue_certificate(case, clerk, movers_of(case))

    assert certificate.title == "户口准迁证（电子）" and certificate.content["origin_outside"] is True
    applicant, spouse = certificate.content["persons"]
    assert applicant["ethnicity"] == spouse["ethnicity"] == AS_ORIGIN == "以迁出地户籍为准"
    assert applicant["sex"] == "男" and applicant["birth_date"] == "1990-06-01"
    assert spouse["sex"] == "女" and spouse["birth_date"] == "1991-02-03"
    # A relative's blank 迁出地 is the applicant's.
    assert applicant["origin_address"] == spouse["origin_address"] == "北京市西城区金融大街1号"


def test_an_expired_certificate_cannot_be_used_to_move_in(outside_case, clerk):
    case = case_take(case=outside_case, clerk=clerk)
    certificate = issue_certificate(case, clerk, movers_of(case))
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED, origin_outside=True)
    Paper.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(CaseError, match="准予迁入证明已过有效期"):
        case_complete_move_in(
            case=case,
            clerk=clerk,
            migration_certificate="QY2026-0001",
            origin_authority="北京市公安局西城分局",
            issued_on=timezone.localdate(),
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED

    Paper.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate())  # the last valid day
    moved = case_complete_move_in(
        case=case,
        clerk=clerk,
        migration_certificate="QY2026-0001",
        origin_authority="北京市公安局西城分局",
        issued_on=timezone.localdate(),
    )
    assert moved.status == CaseStatus.COMPLETED


def test_the_sealing_authority_of_a_county_station_is_the_county_bureau(station):
    station.region = Region.objects.get(code="530322")  # 陆良县
    station.name = "陆良县中枢派出所"

    assert issuing_authority(station) == "陆良县公安局中枢派出所"


def test_numbers_count_per_kind_city_and_year(case, clerk):
    case = case_take(case=case, clerk=clerk)
    first = case.papers.get(kind=PaperKind.RECEIPT)  # issued on acceptance
    certificate = issue_certificate(case, clerk, movers_of(case))

    year = timezone.localdate().year
    assert first.number == f"QJ-SL-{year}-000001" and certificate.number == f"QJ-ZQ-{year}-000001"
    assert first.code != certificate.code


# --- The pages --------------------------------------------------------------------------------


@pytest.fixture
def papers(case, clerk):
    """One paper of each kind on the case."""
    case = case_take(case=case, clerk=clerk)
    request = DocumentRequest.objects.create(
        case=case, kinds=["marriage_certificate"], message="补", requested_by=clerk
    )
    RequestedItem.objects.create(request=request, position=1, kind="marriage_certificate", reason="配偶随迁")
    Case.objects.filter(pk=case.pk).update(decision_clause=CLAUSE, decision_text="材料不实")
    case.refresh_from_db()
    return {
        PaperKind.RECEIPT: case.papers.get(kind=PaperKind.RECEIPT),  # issued on acceptance
        PaperKind.NOTICE: issue_notice(request),
        PaperKind.REFUSAL: issue_refusal(case, clerk),
        PaperKind.CERTIFICATE: issue_certificate(case, clerk, movers_of(case)),
    }


def test_the_applicant_sees_each_paper_of_their_case_as_a_page_and_a_pdf(client, case, papers, applicant_user):
    applicant_user.email_verified = True
    applicant_user.save()
    client.force_login(applicant_user)

    listing = client.get(f"/my/cases/{case.pk}/").content.decode()
    for paper in papers.values():
        assert f"/my/cases/{case.pk}/papers/{paper.pk}/" in listing and paper.number in listing
        page = client.get(f"/my/cases/{case.pk}/papers/{paper.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert paper.title in html and paper.number in html and paper.code in html
        pdf = client.get(f"/my/cases/{case.pk}/papers/{paper.pk}/pdf/")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF") and "no-store" in pdf["Cache-Control"]
    certificate = client.get(f"/my/cases/{case.pk}/papers/{papers[PaperKind.CERTIFICATE].pk}/").content.decode()
    assert case.id_number in certificate and "户主" in certificate
    notice = client.get(f"/my/cases/{case.pk}/papers/{papers[PaperKind.NOTICE].pk}/").content.decode()
    assert "配偶随迁" in notice and "第三十二条" in notice
    refusal = client.get(f"/my/cases/{case.pk}/papers/{papers[PaperKind.REFUSAL].pk}/").content.decode()
    assert "麒麟区人民政府" in refusal and "麒麟区人民法院" in refusal


def test_the_station_sees_the_papers_and_each_look_is_recorded(client, case, papers, clerk):
    sign_in_verified(client, clerk)
    receipt = papers[PaperKind.RECEIPT]

    assert f"/station/cases/{case.pk}/papers/{receipt.pk}/" in client.get(f"/station/cases/{case.pk}/").content.decode()
    before = DataAccess.objects.count()
    assert client.get(f"/station/cases/{case.pk}/papers/{receipt.pk}/").status_code == 200
    assert client.get(f"/station/cases/{case.pk}/papers/{receipt.pk}/pdf/").content.startswith(b"%PDF")

    records = DataAccess.objects.order_by("pk")[before:]
    assert [r.action for r in records] == ["view", "view", "download", "download"]  # applicant and spouse, twice
    assert all(receipt.number in r.detail for r in records)


def test_a_paper_of_another_case_is_not_found(client, case, papers, applicant_user, station_address, family):
    other = build_case(applicant_user, station_address, name="王芳", id_number=family[2].id_number)
    client.force_login(other.applicant)  # the owner of the other case, asking for this case's paper

    assert client.get(f"/my/cases/{other.pk}/papers/{papers[PaperKind.RECEIPT].pk}/").status_code == 404


# --- The one verification page ----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(PaperKind))
def test_the_verification_page_serves_every_kind_of_paper_and_shows_only_what_a_verifier_needs(
    client, papers, case, family, kind
):
    _, head, spouse = family
    paper = papers[kind]

    response = client.get(f"/verify/{paper.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "核验通过" in page and "已过有效期" not in page
    assert str(PaperKind(kind).label) in page and paper.title in page and paper.number in page
    assert str(case.station) in page and chinese_date(timezone.localdate()) in page
    assert f"{head.name[0]}*" in page
    for private in (head.name, spouse.name, head.id_number, spouse.id_number, str(case.address), head.id_number[-4:]):
        assert private not in page


def test_the_verification_page_says_a_certificate_is_valid_until_its_date(client, papers):
    certificate = papers[PaperKind.CERTIFICATE]

    page = client.get(f"/verify/{certificate.code}/").content.decode()

    assert "在有效期内" in page and certificate.valid_until.isoformat() in page


def test_the_verification_page_says_an_expired_certificate_has_expired(client, papers):
    certificate = papers[PaperKind.CERTIFICATE]
    Paper.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))

    response = client.get(f"/verify/{certificate.code.lower()}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "已过有效期" in page and "核验通过" not in page and certificate.number in page


# --- The migration ----------------------------------------------------------------------------

BEFORE_PAPERS = [("applications", "0005_identity_consent_materials_requests")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_an_old_certificate_verifiable(client, applicant_user, station_address, family):
    _, head, spouse = family
    case = build_case(applicant_user, station_address, name=head.name, id_number=head.id_number)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_PAPERS)
    try:
        OldCertificate = executor.loader.project_state(BEFORE_PAPERS).apps.get_model("applications", "Certificate")
        old = OldCertificate.objects.create(
            case_id=case.pk,
            number="QJ-ZQ-2025-000042",
            code="OLDCERTCODE2",
            title="准予迁入证明",
            issued_by_id=applicant_user.pk,
            holders=[{"name": head.name, "id_number": head.masked_id_number}, {"name": spouse.name, "id_number": ""}],
            destination=str(station_address),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    paper = Certificate.objects.get(case=case)
    assert (paper.number, paper.code, paper.title, paper.issued_at) == (
        old.number,
        old.code,
        old.title,
        old.issued_at,
    )
    assert paper.holders[0] == {"name": head.name, "id_number": head.masked_id_number}
    assert paper.destination == str(station_address) and paper.valid_until is None and not paper.expired
    page = client.get("/verify/OLDCERTCODE2/").content.decode()
    assert "核验通过" in page and "QJ-ZQ-2025-000042" in page and f"{head.name[0]}*" in page
    assert str(station_address.station) in page and head.name not in page
    text = pdf_text(paper_pdf(paper, verify_url=VERIFY_URL))  # and it still prints
    assert "QJ-ZQ-2025-000042" in text and head.name in text and head.masked_id_number in text
