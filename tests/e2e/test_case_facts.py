"""Facts as a person reads them, in a real browser: the clerk's case page of a transfer (with a
relative), of a residence permit and of an endorsement, and the applicant's review page — on a
1366 px desktop, on a 375 px phone (no sideways scroll) and, for a correction, with the keyboard."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.constants import CaseKind
from applications.models import Case
from applications.services import case_draft_create, case_draft_update, case_take
from residence_permits.services.endorsements import endorsement_apply
from tests.factories import (
    PASSWORD,
    CaseFactory,
    ResidencePermitFactory,
    ResidenceRegistrationFactory,
    case_with_spouse,
)
from tests.process import account_for

from .browser import PHONE, go, look, sign_in
from .test_keyboard import choose, tab_to, type_into

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1366, "height": 900}
INSIDES = ("{'", "applicant.", "relatives[", "尚缺事实", "_zones", "True", "False", "None")


def no_insides(page) -> None:
    text = page.locator("main").inner_text()
    for inside in INSIDES:
        assert inside not in text, f"{inside!r} shown on {page.url}"


def desk_and_phone(new_page, staff, station):
    """Two clerks of the station, one at a desk and one on a phone (a code signs in only once)."""
    desk, phone = new_page(WIDE), new_page(PHONE)
    sign_in(desk, staff(clerk=True, station=station), PASSWORD)
    sign_in(phone, staff(clerk=True, station=station), PASSWORD)
    return desk, phone


def a_permit_case(applicant_registration_days=200, registered_days_ago=20) -> Case:
    """A permit application from a registration declared to have begun long before it was made."""
    today = timezone.localdate()
    registration = ResidenceRegistrationFactory(
        since=today - datetime.timedelta(days=applicant_registration_days),
        registered_on=today - datetime.timedelta(days=registered_days_ago),
    )
    answers = {"employment_stable": True, "housing_kind": "rented", "studying": None}
    return CaseFactory(submitted=True, bare=True, registration=registration, permit_answers=answers)


def test_the_clerks_transfer_case_reads_its_facts_and_relatives_by_name(
    new_page, staff, applicant, station_address, family
):
    _, head, spouse = family
    case = case_with_spouse(applicant, station_address, head=head, spouse=spouse)
    case_take(case=case, clerk=staff(clerk=True, station=station_address.station))
    desk, phone = desk_and_phone(new_page, staff, station_address.station)
    for page, name, on_phone in (
        (desk, "facts-01-clerk-transfer", False),
        (phone, "facts-02-clerk-transfer-phone", True),
    ):
        go(page, f"/station/cases/{case.pk}/")
        main = page.locator("main")
        expect(main).to_contain_text("自有住房")
        expect(main.get_by_role("heading", name=f"随迁亲属：{spouse.name}（配偶）")).to_be_visible()
        expect(main).to_contain_text("拟迁入户")
        no_insides(page)
        look(page, name, phone=on_phone)
    desk.get_by_text("更正事实", exact=True).click()
    desk.get_by_label("当地养老保险缴费月数").fill("-5")
    desk.get_by_label("更正理由（依据的材料）").fill("依社保缴费记录")
    desk.get_by_role("button", name="更正并重新判断").click()
    expect(desk.locator("#correct")).to_contain_text("确保该值大于或等于0。")
    expect(desk.get_by_label("当地养老保险缴费月数")).to_have_value("-5")  # nothing typed is lost
    expect(desk.get_by_label("更正理由（依据的材料）")).to_have_value("依社保缴费记录")
    look(desk, "facts-03-clerk-correction-error")


def test_a_clerk_corrects_a_fact_with_the_keyboard_alone(new_page, staff, applicant, station_address, family):
    _, head, spouse = family
    case = case_with_spouse(applicant, station_address, head=head, spouse=spouse)
    clerk = staff(clerk=True, station=station_address.station)
    case_take(case=case, clerk=clerk)
    desk = new_page(WIDE)
    sign_in(desk, clerk, PASSWORD)
    go(desk, f"/station/cases/{case.pk}/")
    tab_to(desk, text="更正事实")
    desk.keyboard.press("Enter")
    choose(desk, "applicant__housing__kind", "rented")
    tab_to(desk, name="applicant__housing__lease_registered")
    desk.keyboard.press("ArrowDown")  # radios: the arrow keys move the choice (未填写 → 是)
    assert desk.evaluate("() => document.activeElement.value") == "true"
    type_into(desk, "applicant__social_insurance_months__pension", "13")
    type_into(desk, "reason", "租赁合同与房产证不符")
    tab_to(desk, text="更正并重新判断")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")
    errors = desk.locator(".correct-facts .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    expect(desk.locator("main")).to_contain_text("第 2 版事实")
    version = desk.locator("details.fact-version[open]")
    expect(version).to_contain_text("租赁住房")
    expect(version).to_contain_text("已办理租赁登记")
    expect(version).to_contain_text("13 个月")
    no_insides(desk)
    look(desk, "facts-04-clerk-corrected-by-keyboard")


def test_a_permit_case_reads_as_a_permit_and_says_where_residence_counts_from(new_page, staff):
    case = a_permit_case()
    desk, phone = desk_and_phone(new_page, staff, case.station)
    for page, name, on_phone in ((desk, "facts-05-clerk-permit", False), (phone, "facts-06-clerk-permit-phone", True)):
        go(page, f"/station/cases/{case.pk}/")
        main = page.locator("main")
        expect(main).to_contain_text("居住地址")
        expect(main).to_contain_text("居住时间的起算")
        expect(main).to_contain_text("居住登记在先")
        expect(main).to_contain_text("已居住 20 日；须居住满 30 日")
        expect(main).to_contain_text("户籍所在地（不迁移）")
        for wrong in ("迁入地", "拟迁入户", "迁出户", "需满 0 日"):
            assert wrong not in main.inner_text(), wrong
        no_insides(page)
        look(page, name, phone=on_phone)


def test_an_endorsement_case_reads_as_an_endorsement(new_page, staff):
    permit = ResidencePermitFactory(in_window=True)
    case = endorsement_apply(permit=permit, actor=permit.holder_account)
    assert case.kind == CaseKind.ENDORSEMENT
    desk, phone = desk_and_phone(new_page, staff, case.station)
    for page, name, on_phone in (
        (desk, "facts-07-clerk-endorsement", False),
        (phone, "facts-08-clerk-endorsement-phone", True),
    ):
        go(page, f"/station/cases/{case.pk}/")
        main = page.locator("main")
        expect(main).to_contain_text("签注的居住证")
        expect(main).to_contain_text(permit.number)
        expect(main).to_contain_text("在有效期内")
        for wrong in ("迁入地", "拟迁入户", "迁出户"):
            assert wrong not in main.inner_text(), wrong
        no_insides(page)
        look(page, name, phone=on_phone)


def test_the_review_page_asks_what_is_missing_as_questions(new_page, applicant, station_address, family):
    _, head, spouse = family
    owner = account_for(head, applicant)
    case = case_draft_create(
        applicant=owner, city="qujing", pathway="residence", name=head.name, id_number=head.id_number
    )
    relative = {"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse"}
    case_draft_update(case=case, actor=owner, address=station_address, facts={"applicant": {}}, relatives=[relative])
    desk, phone = new_page(WIDE), new_page(PHONE)
    for page, name, on_phone in ((desk, "facts-09-review", False), (phone, "facts-10-review-phone", True)):
        sign_in(page, owner, PASSWORD)
        go(page, f"/my/cases/{case.pk}/review/")
        main = page.locator("main")
        expect(main).to_contain_text("您在当地的住所是自有住房、租赁住房，还是没有住所？")
        expect(main).to_contain_text("信息不全")
        expect(main).to_contain_text(f"{spouse.name}（配偶）是否与您共同居住？")
        no_insides(page)
        look(page, name, phone=on_phone)
