"""Station staff and rule admins in a real browser: a clerk works the queue, asks for a document
and approves, the applicant answers, downloads the certificate and verifies it; a supervisor
runs a batch and watches its progress (the rule admin's journey is in test_rule_admin.py)."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.constants import BatchStatus, CaseStatus
from applications.models import Batch, Case
from tests.factories import PASSWORD, CaseFactory, UserFactory, case_with_spouse
from tests.process import complete_and_check, verify

from .browser import DESKTOP, PHONE, go, look, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def a_busy_queue(applicant, station_address, family):
    """The clerk's case among others: one overdue, one due tomorrow, one waiting for documents."""
    _, head, spouse = family
    case = case_with_spouse(applicant, station_address, head=head, spouse=spouse)
    overdue, due_soon, waiting = (
        CaseFactory(submitted=True, applicant=applicant, address=station_address) for _ in range(3)
    )
    today = timezone.localdate()
    Case.objects.filter(pk=overdue.pk).update(due_date=today - datetime.timedelta(days=20))
    Case.objects.filter(pk=due_soon.pk).update(due_date=today + datetime.timedelta(days=1))
    Case.objects.filter(pk=waiting.pk).update(status=CaseStatus.AWAITING_DOCUMENTS, paused_on=today)
    return case, overdue


def test_a_clerk_asks_for_a_document_and_approves_and_the_applicant_verifies_the_certificate(
    new_page, staff, applicant, station_address, family
):
    case, overdue = a_busy_queue(applicant, station_address, family)
    clerk = staff(clerk=True, station=station_address.station)
    desk = new_page()
    sign_in(desk, clerk, PASSWORD)
    go(desk, "/station/queue/")
    rows = desk.locator("table.queue tbody tr")
    expect(rows.first).to_contain_text(overdue.reference)  # overdue first
    expect(rows.first).to_contain_text("超期")
    look(desk, "clerk-01-queue")
    desk.get_by_role("link", name=re.compile("^提交日期")).click()  # sortable: oldest submitted first
    expect(desk.locator("th[aria-sort=ascending]")).to_contain_text("提交日期")
    expect(rows.first).to_contain_text(case.reference)
    desk.set_viewport_size(PHONE)
    look(desk, "clerk-01b-queue-phone", phone=True)  # the rows stacked, nothing wider than the screen
    desk.set_viewport_size(DESKTOP)
    go(desk, "/station/queue/")

    desk.get_by_role("link", name=case.reference).click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(case.reference)
    look(desk, "clerk-02-case")
    desk.get_by_role("button", name="受理").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("审核中")
    desk.get_by_text("一次性告知补正材料").click()
    desk.get_by_label("结婚证", exact=True).check()
    desk.get_by_label("结婚证：需要的原因").fill("配偶随迁，须核对婚姻关系")
    look(desk, "clerk-03-request-documents")
    desk.get_by_role("button", name="发出一次性告知").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("待补充材料")

    home = new_page()
    sign_in(home, applicant, PASSWORD)
    go(home, f"/my/cases/{case.pk}/")
    request = home.get_by_role("region", name="一次性告知：请补充以下材料")
    expect(request).to_contain_text("配偶随迁，须核对婚姻关系")
    expect(request.get_by_role("listitem")).to_have_count(1)  # exactly the item asked for
    look(home, "applicant-12-document-requested")
    request.get_by_role("link", name="上传此项材料").click()
    expect(home.get_by_role("heading", level=1)).to_contain_text("结婚证")
    home.get_by_label(re.compile("^文件")).set_input_files(
        {"name": "结婚证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    home.get_by_role("button", name="上传").click()
    expect(home.get_by_text("材料已上传")).to_be_visible()
    home.get_by_label("答复说明").fill("已上传结婚证")
    home.get_by_role("button", name="补充完毕，提交答复").click()
    expect(home.get_by_text("已答复")).to_be_visible()

    desk.reload()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("审核中")
    expect(desk.get_by_text("尚不能准予")).to_be_visible()
    look(desk, "clerk-03b-checks")
    for _ in range(case.documents.count()):  # each document against its original, one by one
        desk.get_by_role("button", name="核验通过").first.click()
        expect(desk.get_by_text("已办理")).to_be_visible()
    expect(desk.get_by_role("button", name="核验通过")).to_have_count(0)  # every document checked
    expect(desk.get_by_text(f"尚待{family[2].name}本人同意")).to_be_visible()  # the spouse has not agreed

    spouse_home = new_page()
    spouse = UserFactory(email_verified=True)
    verify(spouse, family[2])
    sign_in(spouse_home, spouse, PASSWORD)
    go(spouse_home, "/my/consents/")
    expect(spouse_home.get_by_role("main")).to_contain_text(case.reference)
    look(spouse_home, "applicant-12b-consent")
    spouse_home.get_by_role("button", name="同意", exact=True).click()
    expect(spouse_home.get_by_role("status")).to_contain_text("已同意")

    desk.reload()
    desk.get_by_role("button", name="准予迁入").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("确认准予迁入")  # asks first
    desk.get_by_role("button", name="确认准予迁入").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("已办结")
    look(desk, "clerk-04-approved")

    home.reload()
    with home.expect_download() as download:
        home.get_by_role("link", name="下载证明（PDF）").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    look(home, "applicant-13-certificate")
    certificate = Case.objects.get(pk=case.pk).certificate
    go(home, f"/verify/{certificate.code}/")
    expect(home.get_by_role("status")).to_contain_text("核验通过")
    expect(home.get_by_role("main")).to_contain_text(certificate.number)
    expect(home.get_by_role("main")).not_to_contain_text(family[2].id_number)
    look(home, "public-01-verify")

    home.set_viewport_size(PHONE)  # the same pages on the applicant's phone
    look(home, "phone-13-verify", phone=True)
    go(home, f"/my/cases/{case.pk}/")
    look(home, "phone-12-certificate", phone=True)


def test_a_supervisor_starts_a_batch_and_watches_its_progress(new_page, staff, applicant, station_address, monkeypatch):
    cases = [CaseFactory(submitted=True, applicant=applicant, address=station_address) for _ in range(3)]
    supervisor = staff(supervisor=True, city="qujing")
    # The batch's Celery work is sent on commit; here the test is the worker, one case at a time,
    # so the page's polling script (static/js/batch-progress.js) is seen moving.
    sent = []
    monkeypatch.setattr("applications.services.batches.batch_send", sent.append)
    page = new_page()
    sign_in(page, supervisor, PASSWORD)
    go(page, "/station/queue/")
    for case in cases[:2]:
        page.get_by_label(f"选择 {case.reference} 加入批量审核").check()
    look(page, "supervisor-01-queue-ticked")
    page.get_by_role("button", name="批量审核所选业务").click()
    expect(page.get_by_role("main")).to_contain_text("2 件业务将加入批量审核")  # asks first
    assert not Batch.objects.exists()
    look(page, "supervisor-01b-confirm-batch")
    page.set_viewport_size(PHONE)
    look(page, "phone-supervisor-01b-confirm-batch", phone=True)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="确认开始批量审核").click()
    batch = Batch.objects.get()
    assert sent == [batch.pk]
    progress = page.locator("#batch-progress")
    expect(progress.locator("[data-field=status_display]")).to_have_text("处理中")
    expect(progress.locator("[data-field=done]")).to_have_text("0")
    expect(progress.locator("[data-field=total]")).to_have_text("2")
    look(page, "supervisor-02-batch-running")

    from applications.tasks import batch_work

    first, second = batch.items.order_by("pk").values_list("pk", flat=True)
    batch_work(batch.pk, [first])
    expect(progress.locator("[data-field=done]")).to_have_text("1")  # polled, not reloaded
    expect(progress.locator("[data-field=approved]")).to_have_text("1")
    batch_work(batch.pk, [second])
    expect(progress.locator("[data-field=status_display]")).to_have_text("已完成")
    expect(progress.locator("[data-field=done]")).to_have_text("2")
    expect(progress.locator("[data-field=approved]")).to_have_text("2")
    expect(page.locator("table tbody")).to_contain_text(cases[0].reference)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Case.objects.get(pk=cases[2].pk).status == CaseStatus.SUBMITTED  # not ticked
    look(page, "supervisor-03-batch-done")


def test_a_clerk_approves_a_renter_into_the_communitys_collective_household(
    new_page, staff, applicant, station_address
):
    """曲政发〔2015〕82号（十一）: the clerk sees that the case settles into the community's collective
    household, not yet opened; approving opens it and registers the renter there."""
    from registers.constants import HouseholdKind
    from registers.models import Membership
    from tests.factories import HouseholdFactory

    renter = HouseholdFactory().head
    verify(applicant, renter)
    case = CaseFactory(
        submitted=True,
        bare=True,
        applicant=applicant,
        person=renter,
        address=station_address,
        applicant_facts={"settle_into": "community_collective", "housing": {"kind": "rented"}},
    )
    clerk = staff(clerk=True, station=station_address.station)
    desk = new_page()
    sign_in(desk, clerk, PASSWORD)
    go(desk, f"/station/cases/{case.pk}/")
    expect(desk.locator("main")).to_contain_text("落入住所所在社区（村）的集体户：本所尚未设立，批准时设立")
    expect(desk.locator("main")).to_contain_text("曲政发〔2015〕82号 第（十一）条")
    look(desk, "clerk-collective-01-case")
    desk.get_by_role("button", name="受理").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("审核中")
    complete_and_check(case, clerk)  # every item supplied and checked against its original
    desk.reload()
    desk.get_by_role("button", name="准予迁入").click()
    desk.get_by_role("button", name="确认准予迁入").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("已办结")
    look(desk, "clerk-collective-02-approved")
    household = Membership.objects.get(person=renter, until__isnull=True).household
    assert household.kind == HouseholdKind.COLLECTIVE and household.name.endswith(f"{station_address.community}集体户")
