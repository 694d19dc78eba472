"""An applicant in a real browser: self-check, sign up, apply with a relative and documents,
check the answers, submit, follow the status — on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from applications.constants import CaseStatus
from applications.models import Case
from tests.factories import PASSWORD
from tests.process import verify

from .browser import PHONE, go, look, sign_in, verification_link

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCUMENTS = ("id_card", "household_booklet", "property_certificate", "kinship_proof")


def self_check(page, prefix, phone=False):
    go(page, "/eligibility/check/")
    look(page, f"{prefix}-01-self-check", phone=phone)
    page.get_by_label("拟落户城市").select_option("qujing")
    page.get_by_role("button", name="下一步").click()  # the city first: then only its pathways
    page.get_by_label("落户途径").select_option("residence")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("拟落户区域").select_option("central_urban")
    page.get_by_label("在当地的住所").select_option("owned")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="符合落户条件")).to_be_visible()
    look(page, f"{prefix}-02-self-check-result", phone=phone)


def sign_up(page, prefix, email, phone=False):
    go(page, "/accounts/sign-up/")
    page.get_by_role("main").get_by_role("button", name="注册").click()  # nothing filled in: errors
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("姓名")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").first).to_contain_text("必填")
    # Help text and error both read out with the field (aria-describedby: …_helptext …_error)
    expect(page.get_by_label("电子邮箱")).to_have_accessible_description(
        re.compile("^用于接收验证邮件.*该字段是必填项")
    )
    look(page, f"{prefix}-03-sign-up-errors", phone=phone)
    page.get_by_label("姓名").fill("张伟")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label(re.compile("^密码")).fill("Qujing-2026-apply")
    page.get_by_label("再次输入密码").fill("Qujing-2026-apply")
    page.get_by_role("main").get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", name="验证电子邮箱")).to_be_visible()
    look(page, f"{prefix}-04-verify-pending", phone=phone)
    page.goto(verification_link(email))
    expect(page.get_by_text("电子邮箱已验证")).to_be_visible()
    look(page, f"{prefix}-05-my-cases", phone=phone)


def verify_identity(page, prefix, person, phone=False):
    """实名核验 online: the account is the person it will apply as (the demo service reads the register)."""
    page.get_by_role("link", name="实名核验").first.click()
    expect(page.get_by_role("heading", name="实名核验", exact=True)).to_be_visible()
    page.get_by_label("姓名（与居民身份证一致）").fill(person.name)
    page.get_by_label("公民身份号码").fill(person.id_number)
    page.get_by_role("button", name="线上核验").click()
    expect(page.get_by_text("实名核验已通过")).to_be_visible()
    look(page, f"{prefix}-05b-identity", phone=phone)
    go(page, "/my/cases/")


def apply_with_a_relative(page, prefix, station_address, head, spouse, phone=False):
    page.get_by_role("link", name="新的申请").click()
    expect(page.get_by_label("城市")).to_have_value("qujing")  # carried over from the self-check
    expect(page.get_by_label("落户途径（迁移落户时）")).to_have_value("residence")
    look(page, f"{prefix}-06-case-new", phone=phone)
    page.get_by_role("button", name="开始填写").click()

    expect(page.get_by_label("申请人公民身份号码")).to_have_value(head.id_number)  # the verified person
    expect(page.get_by_label("申请人姓名")).to_have_value(head.name)
    page.get_by_label("迁入地址（管辖派出所）").select_option(str(station_address.pk))
    page.get_by_label("落户方式").select_option("new")
    expect(page.get_by_label("在当地的住所")).to_have_value("owned")
    page.locator("[name='relatives-0-name']").fill(spouse.name)
    page.locator("[name='relatives-0-id_number']").fill(spouse.id_number)
    page.locator("[name='relatives-0-relation']").select_option("spouse")
    page.locator("[name='relatives-0-co_resident']").select_option("true")
    look(page, f"{prefix}-07-case-edit", phone=phone)
    page.get_by_role("button", name="保存并核对").click()
    expect(page.get_by_role("heading", name="核对并提交", exact=True)).to_be_visible()

    for kind in DOCUMENTS:
        page.get_by_label("材料类型").select_option(kind)
        page.get_by_label(re.compile("^文件")).set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_role("button", name="上传").click()
        expect(page.get_by_text("材料已上传")).to_be_visible()
    expect(page.get_by_text("符合条件", exact=True)).to_be_visible()
    expect(page.get_by_text("曲政发〔2015〕82号 第（四）条").first).to_be_visible()
    look(page, f"{prefix}-08-case-review", phone=phone)
    page.get_by_role("button", name="确认提交").click()
    missing = page.get_by_role("alert").filter(has_text="还缺必需材料")  # the marriage certificate
    expect(missing).to_contain_text("结婚证")
    look(page, f"{prefix}-08b-missing-materials", phone=phone)
    page.get_by_role("button", name="仍然提交").click()
    expect(page.get_by_text("已提交，受理编号")).to_be_visible()
    look(page, f"{prefix}-09-case-detail", phone=phone)


def follow_the_status(page, prefix, case, phone=False):
    go(page, "/my/cases/")
    expect(page.get_by_role("cell", name=case.reference)).to_be_visible()
    look(page, f"{prefix}-10-case-list", phone=phone)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("办理进度")).to_be_visible()
    go(page, "/status/")
    page.get_by_label("受理编号").fill(case.reference)
    page.get_by_label("申请人公民身份号码后6位").fill(case.id_number[-6:])
    page.get_by_role("main").get_by_role("button", name="查询").click()
    expect(page.get_by_role("status")).to_contain_text(case.get_status_display())
    look(page, f"{prefix}-11-status-lookup", phone=phone)


def test_an_applicant_checks_signs_up_applies_and_follows_the_status(page, station_address, family):
    _, head, spouse = family
    self_check(page, "applicant")
    sign_up(page, "applicant", "zhang.wei@example.cn")
    verify_identity(page, "applicant", head)
    apply_with_a_relative(page, "applicant", station_address, head, spouse)
    case = Case.objects.get(applicant__email="zhang.wei@example.cn")
    assert case.status == CaseStatus.SUBMITTED and case.relatives.count() == 1 and case.documents.count() == 4
    follow_the_status(page, "applicant", case)


def test_an_applicant_on_a_phone_applies_without_scrolling_sideways(new_page, station_address, family):
    _, head, spouse = family
    page = new_page(PHONE, is_mobile=True, has_touch=True)
    self_check(page, "phone", phone=True)
    sign_up(page, "phone", "wang.fang@example.cn", phone=True)
    verify_identity(page, "phone", head, phone=True)
    apply_with_a_relative(page, "phone", station_address, head, spouse, phone=True)
    case = Case.objects.get(applicant__email="wang.fang@example.cn")
    assert case.status == CaseStatus.SUBMITTED
    follow_the_status(page, "phone", case, phone=True)


def test_an_account_that_names_another_adult_as_the_applicant_is_refused(page, applicant, station_address, family):
    _, head, spouse = family
    verify(applicant, head)
    sign_in(page, applicant, PASSWORD)
    go(page, "/my/cases/new/")
    page.get_by_label("城市").select_option("qujing")
    page.get_by_label("落户途径（迁移落户时）").select_option("residence")
    page.get_by_role("button", name="开始填写").click()
    page.get_by_label("申请人姓名").fill(spouse.name)
    page.get_by_label("申请人公民身份号码").fill(spouse.id_number)  # someone else's number
    page.get_by_label("迁入地址（管辖派出所）").select_option(str(station_address.pk))
    page.get_by_label("落户方式").select_option("new")
    page.get_by_label("在当地的住所").select_option("owned")
    page.get_by_role("button", name="保存并核对").click()
    page.get_by_role("button", name="确认提交").click()
    if page.get_by_role("button", name="仍然提交").count():
        page.get_by_role("button", name="仍然提交").click()
    expect(page.get_by_role("alert").filter(has_text="申请人须是本账户实名核验的本人")).to_be_visible()
    look(page, "applicant-14-someone-else-refused")
    assert Case.objects.get(applicant=applicant).status == CaseStatus.DRAFT
