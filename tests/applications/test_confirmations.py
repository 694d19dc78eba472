"""No surprise clicks: approving, refusing, withdrawing, deleting a draft, starting a batch and
publishing rules first answer with a page saying what will happen, and change nothing; the form
on that page posts the same fields again with confirmed=1, and only that acts."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.constants import CaseStatus
from applications.models import Batch, Case, Certificate
from applications.services import (
    case_draft_create,
    case_take,
    document_upload,
)
from eligibility.constants import RuleSetStatus
from eligibility.models import RuleSet
from eligibility.services import rule_set_copy_as_draft
from registers.models import Membership
from tests.factories import CaseFactory, UserFactory, sign_in_verified
from tests.process import complete_and_check, verify

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class _ConfirmForm(HTMLParser):
    """The confirmation page's form, read as a browser would: its action and hidden fields."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self.buttons, self.links, self._in_form = None, [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "confirm-actions" in (attrs.get("class") or ""):
            self.action, self._in_form = attrs.get("action"), True
        elif self._in_form and tag == "input" and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif self._in_form and tag == "a":
            self.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def confirm_form(html: str) -> _ConfirmForm:
    parser = _ConfirmForm()
    parser.feed(html)
    assert parser.action, "no confirmation form on the page"
    return parser


def post_back(client, html: str):
    """Press the page's 确认 button: post its hidden fields (csrf aside, as the test client has none)."""
    form = confirm_form(html)
    data = {}
    for name, value in form.fields:
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return client.post(form.action, data)


@pytest.fixture
def applicant(applicant_user):
    applicant_user.email_verified = True
    applicant_user.save()
    return applicant_user


@pytest.fixture
def case(applicant, station_address, family, clerk):
    _, head, spouse = family
    return CaseFactory(
        in_review=True,
        decidable=True,
        files=True,
        applicant=applicant,
        address=station_address,
        person=head,
        spouse=spouse,
        clerk=clerk,
    )


def snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.events.count(),
        Certificate.objects.filter(case=case).exists(),
        sorted(Membership.objects.filter(until__isnull=True).values_list("person_id", "household_id")),
    )


def test_approving_first_says_who_moves_from_where_to_where_and_changes_nothing(
    client, case, clerk, family, station_address
):
    old_household, head, spouse = family
    sign_in_verified(client, clerk)
    before = snapshot(case)
    response = client.post(f"/station/cases/{case.pk}/approve/")
    assert response.status_code == 200
    page = response.content.decode()
    assert snapshot(case) == before
    assert "确认准予迁入" in page and "准予迁入证明" in page
    moves = page.split('class="moves"')[1].split("</table>")[0]
    for name in (head.name, spouse.name):
        assert name in moves
    assert moves.count(old_household.register_number) == 2  # both leave the old household
    destination = page.split("<dt>拟迁入户</dt>")[1].split("</dd>")[0]  # said once: everyone goes there
    assert "新立户" in destination and head.name in destination and str(station_address) in destination
    assert clerk.username in page or clerk.get_full_name() in page  # decided in the clerk's name
    assert "<script" not in page.replace('<script src="/static/js/portal.js" defer></script>', "")  # no JS needed
    form = confirm_form(page)
    assert form.action == f"/station/cases/{case.pk}/approve/" and ("confirmed", "1") in form.fields
    assert form.links == [f"/station/cases/{case.pk}/"]  # 返回: back to the case, as it was

    response = post_back(client, page)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED and case.certificate is not None
    assert Membership.objects.get(person=spouse, until__isnull=True).household != old_household


def test_refusing_first_shows_the_clause_the_reason_and_the_appeal_route(client, case, clerk, family):
    sign_in_verified(client, clerk)
    clause = "曲政发〔2015〕82号 第（四）条"
    reason = "房产证系伪造。\n经不动产登记中心核实无此证号。"
    before = snapshot(case)
    page = client.post(f"/station/cases/{case.pk}/refuse/", {"clause": clause, "text": reason}).content.decode()
    assert snapshot(case) == before
    assert "确认不予办理" in page and clause in page and "经不动产登记中心核实无此证号" in page
    assert "行政复议" in page and "行政诉讼" in page
    assert ("text", reason) in confirm_form(page).fields  # the reason travels back whole, line break and all

    post_back(client, page)
    case.refresh_from_db()
    assert case.status == CaseStatus.REFUSED and case.decision_clause == clause and case.decision_text == reason
    assert Membership.objects.get(person=family[2], until__isnull=True).household == family[0]


def test_a_refusal_without_a_reason_is_not_confirmed_but_explained(client, case, clerk):
    sign_in_verified(client, clerk)
    response = client.post(
        f"/station/cases/{case.pk}/refuse/", {"clause": "曲政发〔2015〕82号 第（四）条"}, follow=True
    )
    page = response.content.decode()
    assert "确认不予办理" not in page and "不予办理的理由" in page
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_REVIEW


def test_withdrawing_first_says_it_cannot_be_undone(client, case, applicant):
    client.force_login(applicant)
    before = snapshot(case)
    page = client.post(f"/my/cases/{case.pk}/withdraw/").content.decode()
    assert snapshot(case) == before
    assert "确认撤回" in page and "不能恢复" in page and case.reference in page
    assert confirm_form(page).links == [f"/my/cases/{case.pk}/"]
    post_back(client, page)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN


def test_deleting_a_draft_first_says_it_and_its_documents_will_be_gone(client, applicant):
    draft = case_draft_create(applicant=applicant, city="qujing", pathway="residence", name="张三")
    upload = SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")
    document_upload(case=draft, actor=applicant, kind="id_card", upload=upload)
    client.force_login(applicant)
    page = client.post(f"/my/cases/{draft.pk}/delete/").content.decode()
    assert Case.objects.filter(pk=draft.pk).exists()
    assert "确认删除" in page and "1 份材料" in page and "不能恢复" in page
    assert confirm_form(page).links == [f"/my/cases/{draft.pk}/edit/"]
    response = post_back(client, page)
    assert response["Location"] == "/my/cases/" and not Case.objects.filter(pk=draft.pk).exists()


def test_starting_a_batch_first_says_how_many_cases_will_be_decided_in_your_name(
    client, clerk, applicant, station_address
):
    ready = [CaseFactory(submitted=True, applicant=applicant, address=station_address) for _ in range(3)]
    sign_in_verified(client, clerk)
    page = client.post("/station/batches/new/", {"cases": [ready[0].pk, ready[1].pk]}).content.decode()
    assert not Batch.objects.exists()
    assert "2 件业务将加入批量审核" in page and ready[0].reference in page and ready[2].reference not in page
    assert "以您" in page and confirm_form(page).links == ["/station/queue/"]
    page_all = client.post("/station/batches/new/", {"all": "1"}).content.decode()
    assert "3 件业务将加入批量审核" in page_all and not Batch.objects.exists()

    response = post_back(client, page)
    batch = Batch.objects.get()
    assert response["Location"] == f"/station/batches/{batch.pk}/"
    assert sorted(batch.items.values_list("case_id", flat=True)) == [ready[0].pk, ready[1].pk]


def test_a_batch_of_nothing_ready_says_why_without_asking(client, clerk):
    sign_in_verified(client, clerk)
    page = client.post("/station/batches/new/", {"all": "1"}, follow=True).content.decode()
    assert "没有可以批量审核的业务" in page and "确认开始批量审核" not in page


def test_a_decided_case_is_not_asked_about_again(client, case, clerk):
    sign_in_verified(client, clerk)
    client.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"})
    page = client.post(f"/station/cases/{case.pk}/approve/", follow=True).content.decode()
    assert "确认准予迁入" not in page and 'class="confirm' not in page


@pytest.fixture
def rule_admin(client):
    from accounts.constants import Role
    from accounts.services import user_create

    user = user_create(username="rules", password="Rules-2026-admin", role=Role.RULE_ADMIN)
    return sign_in_verified(client, user)


def test_publishing_rules_first_says_from_when_they_govern_and_what_is_screened_again(
    rule_admin, applicant, station_address
):
    """The approver's page says what publishing does before the one button that does it."""
    from django.test import Client

    from accounts.constants import Role
    from accounts.services import user_create
    from eligibility.services import publication_request

    open_case = CaseFactory(submitted=True, applicant=applicant, address=station_address)
    v1 = RuleSet.objects.get(city="qujing", version=1)
    draft = rule_set_copy_as_draft(rule_set=v1)
    draft.effective_from = open_case.submitted_at.date() - datetime.timedelta(days=1)
    draft.save()
    drafter = user_create(username="drafter", password="Rules-2026-admin", role=Role.RULE_ADMIN)
    publication_request(rule_set=draft, user=drafter, note="请审批")
    url = f"/admin/eligibility/ruleset/{draft.pk}/publication/"
    page = rule_admin.get(url).content.decode()
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT
    assert "批准并发布" in page
    assert f"{draft.effective_from:%Y年%-m月%-d日}" in page and "长期有效" in page
    assert "现行第 1 版" in page
    assert "在办业务 1 件将按本版本重新预审" in page

    response = rule_admin.post(url, {"step": "approve"})
    assert response.status_code == 302
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.PUBLISHED
    assert Client().get(url).status_code == 302  # signed out: to the sign-in page


def test_the_api_decides_without_a_confirmation_page(client, case, clerk):
    sign_in_verified(client, clerk)
    response = client.post(f"/api/v1/cases/{case.pk}/approve/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.COMPLETED


def test_an_applicant_cannot_reach_the_staff_confirmation(client, case, applicant):
    client.force_login(applicant)
    assert client.post(f"/station/cases/{case.pk}/approve/").status_code == 403
    other = UserFactory(email_verified=True)
    client.force_login(other)
    assert client.post(f"/my/cases/{case.pk}/withdraw/").status_code == 404
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_REVIEW


def test_a_correction_first_says_what_the_register_will_read(client, applicant, clerk, station_address):
    from tests.factories import HouseholdFactory

    household = HouseholdFactory(address=station_address)
    person = household.head
    verify(applicant, person)
    client.force_login(applicant)
    client.post("/my/cases/new/", {"kind": "correction", "city": "qujing"})
    case = Case.objects.latest("pk")
    edit = {
        "name": person.name,
        "id_number": person.id_number,
        "field": "ethnicity",
        "value": "彝族",
        "register_number": household.register_number,
    }
    assert client.post(f"/my/cases/{case.pk}/edit/", edit).status_code == 302
    client.post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})
    case_take(case=Case.objects.get(pk=case.pk), clerk=clerk)
    complete_and_check(Case.objects.get(pk=case.pk), clerk)
    sign_in_verified(client, clerk)
    page = client.post(f"/station/cases/{case.pk}/approve/").content.decode()
    assert f"将把户籍库中 {person.name} 的民族更正为“彝族”" in page and "确认准予办理" in page
    person.refresh_from_db()
    assert person.ethnicity != "彝族"
    post_back(client, page)
    person.refresh_from_db()
    assert person.ethnicity == "彝族"
