"""The rule admin's workflow in the Django admin: copy, edit parameters with controls fit for their
kind (never JSON), try a case in the self-check's form, publish with a second rule admin's approval."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from accounts.constants import Role
from accounts.services import user_create
from eligibility.constants import RuleSetStatus
from eligibility.models import PublicationRequest, PublicationStatus, RuleSet
from eligibility.parameters import SPECS
from eligibility.services import publication_approve, publication_request
from tests.factories import sign_in_verified

from .admin_forms import as_post, form_fields

pytestmark = pytest.mark.django_db

EVALUATE = "/api/v1/eligibility/evaluate"
PASSWORD = "Rules-2026-admin"


def rule_admin_client(client, username, city=""):
    user = user_create(username=username, password=PASSWORD, role=Role.RULE_ADMIN)
    if city:
        user.city = city
        user.save(update_fields=["city"])
    sign_in_verified(client, user)
    return user


@pytest.fixture
def rule_admin(client):
    return rule_admin_client(client, "rules")


def change_url(rule_set):
    return reverse("admin:eligibility_ruleset_change", args=[rule_set.pk])


def publication_url(rule_set):
    return reverse("admin:eligibility_ruleset_publication", args=[rule_set.pk])


def jilin_draft(client):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    client.post(
        reverse("admin:eligibility_ruleset_changelist"), {"action": "copy_as_draft", "_selected_action": [v1.pk]}
    )
    return RuleSet.objects.get(city="jilin", version=2)


def page_post(client, rule_set) -> dict[str, list[str]]:
    """What a browser posts when the change form is submitted as the page shows it."""
    html = client.get(change_url(rule_set)).content.decode()
    return as_post(form_fields(html, "ruleset_form"))


def prefix_of(data, rule_set, key) -> str:
    """The inline form prefix of one parameter (parameters-7 …), found by its row id."""
    pk = str(rule_set.parameters.get(key=key).pk)
    (name,) = [n for n, v in data.items() if n.startswith("parameters-") and n.endswith("-id") and v == [pk]]
    return name.removesuffix("-id")


def save(client, rule_set, data):
    return client.post(change_url(rule_set), {**data, "_continue": ["1"]})


def stored(rule_set):
    return {p.key: p.value for p in rule_set.parameters.all()}


# --- Widgets fit for each kind, and the stored form the engine reads ---------------------------


def test_the_change_form_shows_words_not_json_and_every_kind_has_its_control(client, rule_admin):
    draft = jilin_draft(client)
    page = client.get(change_url(draft)).content.decode()
    assert '["central_urban"' not in page and "&quot;central_urban&quot;" not in page
    assert "开放途径：直系亲属投靠落户" in page and "开放途径：family_reunion" not in page
    assert 'type="checkbox" name="parameters-' in page and 'role="switch"' in page  # yes/no
    assert "市辖区（中心城区）</label>" in page and "配偶</label>" in page  # zones and relatives by name
    assert 'type="number"' in page and "个月</span>" in page and "工作日</span>" in page  # numbers with units
    assert "离开户籍所在的县级行政区域</label>" in page  # a choice in words
    assert "居住地城市低保待遇" in page  # the graded rights, one line each
    assert "（不引用条款：本地规定）" in page and "吉市政发〔2015〕5号" in page  # clauses pickable
    assert "勾选适用的各项" in page and "填写 0 至 240 之间的数" in page  # help texts


def test_saving_the_form_unchanged_keeps_every_stored_value(client, rule_admin):
    draft = jilin_draft(client)
    before = stored(draft)
    response = save(client, draft, page_post(client, draft))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored(draft) == before


def test_each_kind_round_trips_to_the_stored_form_the_engine_reads(client, rule_admin):
    draft = jilin_draft(client)
    data = page_post(client, draft)
    p = {key: prefix_of(data, draft, key) for key in SPECS}
    data[f"{p['residence.rented_zones']}-value"] = ["township", "central_urban"]  # zones (set)
    data[f"{p['residence.relatives']}-value"] = ["spouse", "child"]  # relatives (set)
    data[f"{p['residence.strict_min_lease_months']}-value"] = ["12"]  # months (int)
    data[f"{p['residence_permit.min_days']}-value"] = ["15"]  # days (int)
    data.pop(f"{p['talent.available']}-value", None)  # a switch turned off (bool)
    data[f"{p['residence.children_unmarried']}-value"] = ["on"]  # a switch turned on
    data[f"{p['family_reunion.area_standard_m2']}-value"] = ["12.5"]  # decimal
    data[f"{p['residence_permit.left_hukou_level']}-value"] = ["street"]  # choice
    rights = f"{p['residence_permit.rights_graded']}-value"
    first_blank = int(data[f"{rights}-rows"][0]) - 2
    data[f"{rights}-0-right"] = [""]  # the first line removed
    data[f"{rights}-{first_blank}-right"] = ["housing_support"]  # a line added
    data[f"{rights}-{first_blank}-residence_years"] = ["3"]
    data[f"{rights}-{first_blank}-strictly_more"] = ["on"]
    response = save(client, draft, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    values = stored(draft)
    assert values["residence.rented_zones"] == ["central_urban", "township"]  # in the spec's order
    assert values["residence.relatives"] == ["spouse", "child"]
    assert values["residence.strict_min_lease_months"] == 12 and values["residence_permit.min_days"] == 15
    assert values["talent.available"] is False and values["residence.children_unmarried"] is True
    assert values["family_reunion.area_standard_m2"] == "12.5"
    assert values["residence_permit.left_hukou_level"] == "street"
    graded = values["residence_permit.rights_graded"]
    assert graded[0]["right"] == "employment_aid" and len(graded) == 9
    assert graded[-1] == {
        "right": "housing_support",
        "residence_years": 3,
        "insurance_years": None,
        "strictly_more": True,
        "note": "",
    }
    # exactly what the service would have stored for the same values
    for key, value in values.items():
        assert SPECS[key].clean(value) == value, key


def test_a_parameter_edited_in_the_admin_changes_answers_from_its_effective_date_on(client, rule_admin):
    draft = jilin_draft(client)
    data = page_post(client, draft)
    data[f"{prefix_of(data, draft, 'residence.strict_min_lease_months')}-value"] = ["12"]
    data["effective_from"] = ["2027-01-01"]
    assert save(client, draft, data).status_code == 302
    other = user_create(username="second", password=PASSWORD, role=Role.RULE_ADMIN)
    publication_approve(
        publication=publication_request(rule_set=draft, user=rule_admin, note="租期改为 12 个月"), user=other
    )
    before = lease_check(client, "2026-12-31", "2025-10-31")
    after = lease_check(client, "2027-01-01", "2025-11-01")
    assert (before["rule_set"]["version"], before["results"][0]["eligible"]) == (1, False)
    assert (after["rule_set"]["version"], after["results"][0]["eligible"]) == (2, True)


def lease_check(client, as_of, lease_since):
    facts = {
        "city": "jilin",
        "zone": "central_urban",
        "as_of": as_of,
        "pathway": "residence",
        "applicant": {
            "housing": {"kind": "rented", "lease_since": lease_since},
            "employment": {"stable": True},
            "social_insurance_months": {"pension": 30, "medical": 30, "unemployment": 30},
        },
    }
    return client.post(EVALUATE, data=json.dumps(facts), content_type="application/json").json()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("residence.strict_min_lease_months", ["-4"], "不得小于 0"),
        ("residence.strict_min_lease_months", ["abc"], "请填写整数，如 12。"),
        ("residence.strict_min_lease_months", [""], "请填写一个数。"),
        ("processing.time_limit_working_days", ["61"], "不得大于 60"),
        ("family_reunion.area_standard_m2", ["十五"], "请填写数字，如 15 或 12.5。"),
        ("residence.owned_zones", ["moon"], "请从所列各项中选择。"),
        ("residence_permit.left_hukou_level", [""], "请选择一项。"),
    ],
)
def test_a_wrong_value_gets_a_field_error_in_chinese_and_nothing_is_saved(client, rule_admin, key, value, message):
    draft = jilin_draft(client)
    before = stored(draft)
    data = page_post(client, draft)
    data[f"{prefix_of(data, draft, key)}-value"] = value
    response = save(client, draft, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "JSON" not in page
    assert stored(draft) == before


def test_a_wrong_graded_right_year_is_refused_in_words(client, rule_admin):
    draft = jilin_draft(client)
    data = page_post(client, draft)
    rights = f"{prefix_of(data, draft, 'residence_permit.rights_graded')}-value"
    data[f"{rights}-0-residence_years"] = ["99"]
    page = save(client, draft, data).content.decode()
    assert "年限应为 0 至 50 的整数" in page


def test_a_draft_awaiting_approval_is_read_only_and_a_stale_save_changes_nothing(client, rule_admin):
    """The approver approves what they read: once publication is asked, the draft is frozen."""
    draft = jilin_draft(client)
    data = page_post(client, draft)
    publication_request(rule_set=draft, user=rule_admin, note="请审批")
    page = client.get(change_url(draft)).content.decode()
    assert "审批期间不能修改" in page and 'name="parameters-0-value"' not in page
    data[f"{prefix_of(data, draft, 'residence.strict_min_lease_months')}-value"] = ["6"]
    save(client, draft, data)
    assert draft.parameters.get(key="residence.strict_min_lease_months").value == 24


def test_a_published_rule_set_reads_in_words(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    page = client.get(change_url(v1)).content.decode()
    assert 'name="parameters-0-value"' not in page
    assert "吉市政发〔2015〕5号 第（十二）条" in page
    assert "县城（县级市城区、县政府驻地镇）、其他建制镇" in page and "24 个月" in page
    values = re.findall(r'<td class="field-words"[^>]*>(.*?)</td>', page, re.S)  # data-label: its column's name
    assert len(values) == len(SPECS)
    shown = " ".join(values)
    assert "central_urban" not in shown and "True" not in shown and "False" not in shown and "[" not in shown


# --- 试算 as the self-check's form -------------------------------------------------------------


def test_the_trial_is_a_form_with_an_example_for_the_drafts_own_city(client, rule_admin):
    v1 = RuleSet.objects.get(city="qujing", version=1)
    url = reverse("admin:eligibility_ruleset_preview", args=[v1.pk])
    page = client.get(url).content.decode()
    assert "按曲靖市的规则填好一个示例" in page and "吉林" not in page
    assert "JSON" not in page and "<textarea" not in page
    fields = as_post(form_fields(page, "trial_form"))
    owned = v1.parameters.get(key="residence.owned_zones").value
    assert fields["zone"] == [owned[0]] and fields["applicant__housing__kind"] == ["owned"]

    answer = client.post(f"{url}?pathway=residence&as_of=2026-12-01", fields).content.decode()
    assert "合法稳定住所/就业落户：符合" in answer and "按 2026年12月1日 判断" in answer

    fields["applicant__housing__kind"] = ["none"]
    fields["applicant__employment__stable"] = ["false"]
    answer = client.post(f"{url}?pathway=residence&as_of=2026-12-01", fields).content.decode()
    assert "合法稳定住所/就业落户：不符合" in answer


def test_the_trial_asks_the_missing_facts_as_questions(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    url = reverse("admin:eligibility_ruleset_preview", args=[v1.pk]) + "?pathway=residence&as_of=2026-12-01"
    management = {"relatives-TOTAL_FORMS": "3", "relatives-INITIAL_FORMS": "0"}
    page = client.post(url, {"zone": "central_urban", **management}).content.decode()
    assert "还需补充信息才能判断" in page
    assert "尚需回答：在当地的住所、在当地有合法稳定就业、当地养老保险缴费月数" in page  # the self-check's questions


def test_the_trial_refuses_a_bad_date_in_chinese(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    url = reverse("admin:eligibility_ruleset_preview", args=[v1.pk])
    page = client.get(url, {"pathway": "residence", "as_of": "someday"}).content.decode()
    assert "请按 2027-01-01 的格式填写日期。" in page


def test_an_applicant_cannot_reach_the_rule_admin(client):
    client.force_login(user_create(username="someone", password="Someone-2026-x"))
    url = reverse("admin:eligibility_ruleset_preview", args=[RuleSet.objects.get(city="jilin", version=1).pk])
    assert client.get(url).status_code == 302
    assert client.get(publication_url(RuleSet.objects.get(city="jilin", version=1))).status_code == 302


# --- 四眼原则: two rule admins to publish -------------------------------------------------------


def test_publishing_is_refused_to_the_drafter_and_done_by_a_second_rule_admin(client, rule_admin, django_user_model):
    draft = jilin_draft(client)
    url = publication_url(draft)
    assert "提交发布申请" in client.get(url).content.decode()
    client.post(url, {"step": "request", "note": "租期改为 12 个月，依据市政府新文件"})
    publication = PublicationRequest.objects.get(rule_set=draft)
    assert publication.status == PublicationStatus.PENDING and publication.requested_by == rule_admin

    # The drafter cannot approve their own request: the page offers no approval, and a forged post is refused.
    page = client.get(url).content.decode()
    assert "批准并发布" not in page and "撤回发布申请" in page
    page = client.post(url, {"step": "approve", "reason": ""}, follow=True).content.decode()
    assert "四眼原则：提出发布申请的人不能自己批准" in page
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT

    # A second rule admin approves: only now is it published, and both steps are recorded.
    from django.test import Client

    second = Client()
    approver = rule_admin_client(second, "second")
    page = second.get(url).content.decode()
    assert "批准并发布" in page and "租期改为 12 个月" in page
    page = second.post(url, {"step": "approve", "reason": "已核对参数与试算"}, follow=True).content.decode()
    assert "已批准并发布：吉林市 吉市政发〔2015〕5号 v2（已发布）" in page
    draft.refresh_from_db()
    publication.refresh_from_db()
    assert draft.status == RuleSetStatus.PUBLISHED and draft.published_at is not None
    assert publication.status == PublicationStatus.APPROVED
    assert (publication.decided_by, publication.reason) == (approver, "已核对参数与试算")
    history = client.get(url).content.decode()
    assert "rules" in history and "second" in history and "已批准并发布" in history


def test_a_second_rule_admin_may_refuse_with_a_reason_and_the_draft_stays_editable(client, rule_admin):
    draft = jilin_draft(client)
    publication_request(rule_set=draft, user=rule_admin, note="请审批")
    from django.test import Client

    second = Client()
    rule_admin_client(second, "second")
    page = second.post(publication_url(draft), {"step": "refuse", "reason": ""}).content.decode()
    assert "退回时请写明理由。" in second.get(publication_url(draft)).content.decode() or "退回时请写明理由" in page
    assert PublicationRequest.objects.get().status == PublicationStatus.PENDING
    second.post(publication_url(draft), {"step": "refuse", "reason": "最短租期与文件不符"})
    publication = PublicationRequest.objects.get()
    assert publication.status == PublicationStatus.REFUSED and publication.reason == "最短租期与文件不符"
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT
    assert 'name="parameters-0-value"' in client.get(change_url(draft)).content.decode()
    assert "最短租期与文件不符" in client.get(publication_url(draft)).content.decode()


def test_a_rule_admin_of_another_city_cannot_approve(client, rule_admin):
    draft = jilin_draft(client)
    publication_request(rule_set=draft, user=rule_admin, note="请审批")
    from django.test import Client

    other = Client()
    rule_admin_client(other, "qujing_rules", city="qujing")
    assert other.get(publication_url(draft)).status_code == 404  # not their city's rules
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT


def test_the_database_refuses_a_decision_by_the_one_who_asked(client, rule_admin):
    from django.db import IntegrityError, transaction

    draft = jilin_draft(client)
    publication = publication_request(rule_set=draft, user=rule_admin, note="请审批")
    publication.status, publication.decided_by = PublicationStatus.APPROVED, rule_admin
    with pytest.raises(IntegrityError), transaction.atomic():
        publication.save()


def test_an_overlapping_version_is_not_published_and_the_request_stays_pending(client, rule_admin):
    draft = jilin_draft(client)
    draft.effective_from, draft.effective_to = datetime.date(2014, 6, 1), datetime.date(2015, 6, 1)
    draft.save()
    publication_request(rule_set=draft, user=rule_admin, note="请审批")
    from django.test import Client

    second = Client()
    rule_admin_client(second, "second")
    page = second.post(publication_url(draft), {"step": "approve"}, follow=True).content.decode()
    assert "日期重叠" in page
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT
    assert PublicationRequest.objects.get().status == PublicationStatus.PENDING


def test_the_request_needs_a_note(client, rule_admin):
    draft = jilin_draft(client)
    page = client.post(publication_url(draft), {"step": "request", "note": ""}).content.decode()
    assert "请写明改了什么、为什么" in page
    assert not PublicationRequest.objects.exists()


def test_the_rule_set_list_shows_each_drafts_approval_state_in_a_fixed_number_of_queries(client, rule_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eligibility.services import rule_set_copy_as_draft

    changelist = reverse("admin:eligibility_ruleset_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(changelist).content.decode()
        return len(captured), page

    for city in ("jilin", "qujing"):
        draft = rule_set_copy_as_draft(rule_set=RuleSet.objects.get(city=city, version=1))
        publication_request(rule_set=draft, user=rule_admin, note="请审批")
    few, page = queries()
    assert page.count("待审批（rules 申请）") == 2
    for city in ("lincang", "dehong", "chenzhou"):
        draft = rule_set_copy_as_draft(rule_set=RuleSet.objects.get(city=city, version=1))
        publication_request(rule_set=draft, user=rule_admin, note="请审批")
    more, page = queries()
    assert page.count("待审批（rules 申请）") == 5 and more == few


def test_no_reading_note_names_a_key():
    """解读说明 are read by rule admins: words, not keys such as residence.relatives or null."""
    from eligibility.models import Parameter

    keyed = [
        (p.rule_set.city, p.key)
        for p in Parameter.objects.select_related("rule_set")
        if re.search("[a-z_]{4,}", p.note)
    ]
    assert keyed == []


def test_whoever_drafted_or_changed_the_draft_cannot_approve_it_either(client, rule_admin):
    """四眼原则 holds for the draft's authors, not only for the one who asked: here the author
    edits, a colleague asks, and the author's approval is refused; a third rule admin approves."""
    from django.test import Client

    draft = jilin_draft(client)  # copied by rule_admin (recorded in the draft's history)
    data = page_post(client, draft)
    data[f"{prefix_of(data, draft, 'residence.strict_min_lease_months')}-value"] = ["12"]
    assert save(client, draft, data).status_code == 302
    colleague = Client()
    rule_admin_client(colleague, "colleague")
    colleague.post(publication_url(draft), {"step": "request", "note": "请审批"})
    assert PublicationRequest.objects.get().requested_by.username == "colleague"

    page = client.get(publication_url(draft)).content.decode()
    assert "批准并发布" not in page and "您创建或修改过此草稿" in page
    page = client.post(publication_url(draft), {"step": "approve"}, follow=True).content.decode()
    assert "四眼原则：您创建或修改过此草稿，不能审批它" in page
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.DRAFT

    third = Client()
    rule_admin_client(third, "third")
    third.post(publication_url(draft), {"step": "approve"})
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.PUBLISHED
