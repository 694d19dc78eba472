"""The rule admin's workflow in the Django admin: copy, edit a parameter, preview, publish."""

import datetime
import json

import pytest
from django.urls import reverse

from eligibility.constants import RuleSetStatus
from eligibility.models import RuleSet

pytestmark = pytest.mark.django_db

EVALUATE = "/api/v1/eligibility/evaluate"


@pytest.fixture
def rule_admin(client, django_user_model):
    from accounts.constants import Role
    from accounts.services import user_create
    from tests.factories import sign_in_verified

    user = user_create(username="rules", password="Rules-2026-admin", role=Role.RULE_ADMIN)
    sign_in_verified(client, user)
    return user


def change_form_data(rule_set: RuleSet, **parameter_values) -> dict:
    """What the admin's change form posts: the rule set's fields and both inline formsets."""
    data = {
        "city": rule_set.city,
        "document": rule_set.document,
        "title": rule_set.title,
        "version": rule_set.version,
        "effective_from": rule_set.effective_from.isoformat(),
        "effective_to": rule_set.effective_to.isoformat() if rule_set.effective_to else "",
        "notes": rule_set.notes,
    }
    for prefix, rows in (
        ("clauses", rule_set.clauses.order_by("id")),
        ("parameters", rule_set.parameters.order_by("key")),
        ("checklist", rule_set.checklist.order_by("pathway", "position", "id")),
    ):
        rows = list(rows)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": len(rows),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-rule_set"] = rule_set.pk
            if prefix == "checklist":
                data.update(
                    {f"{prefix}-{i}-{name}": getattr(row, name) for name in ("pathway", "document", "when", "position")}
                )
                data[f"{prefix}-{i}-required"] = "on" if row.required else ""
            elif prefix == "clauses":
                data.update(
                    {
                        f"{prefix}-{i}-key": row.key,
                        f"{prefix}-{i}-citation": row.citation,
                        f"{prefix}-{i}-text": row.text,
                    }
                )
            else:
                value = parameter_values.get(row.key, row.value)
                data.update(
                    {
                        f"{prefix}-{i}-key": row.key,
                        f"{prefix}-{i}-value": json.dumps(value),
                        f"{prefix}-{i}-clause": row.clause_id or "",
                    }
                )
    return data


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


def test_a_parameter_edited_in_the_admin_changes_answers_from_its_effective_date_on(client, rule_admin):
    changelist = reverse("admin:eligibility_ruleset_changelist")
    v1 = RuleSet.objects.get(city="jilin", version=1)
    client.post(changelist, {"action": "copy_as_draft", "_selected_action": [v1.pk]})
    draft = RuleSet.objects.get(city="jilin", version=2)
    assert draft.status == RuleSetStatus.DRAFT

    data = change_form_data(draft, **{"residence.strict_min_lease_months": 12})
    data["effective_from"] = "2027-01-01"
    response = client.post(reverse("admin:eligibility_ruleset_change", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert draft.parameters.get(key="residence.strict_min_lease_months").value == 12

    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk], "confirmed": "1"})
    draft.refresh_from_db()
    assert draft.status == RuleSetStatus.PUBLISHED

    before = lease_check(client, "2026-12-31", "2025-10-31")
    after = lease_check(client, "2027-01-01", "2025-11-01")
    assert (before["rule_set"]["version"], before["results"][0]["eligible"]) == (1, False)
    assert (after["rule_set"]["version"], after["results"][0]["eligible"]) == (2, True)


def test_the_admin_refuses_a_wrong_parameter_value_with_a_message(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    client.post(
        reverse("admin:eligibility_ruleset_changelist"), {"action": "copy_as_draft", "_selected_action": [v1.pk]}
    )
    draft = RuleSet.objects.get(city="jilin", version=2)
    data = change_form_data(draft, **{"residence.strict_min_lease_months": -4})
    response = client.post(reverse("admin:eligibility_ruleset_change", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "不得小于 0" in response.content.decode()
    assert draft.parameters.get(key="residence.strict_min_lease_months").value == 24


def test_a_published_rule_set_is_read_only_in_the_admin(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    page = client.get(reverse("admin:eligibility_ruleset_change", args=[v1.pk])).content.decode()
    assert 'name="parameters-0-value"' not in page
    assert "吉市政发〔2015〕5号 第（十二）条" in page


def test_publishing_an_overlapping_version_shows_why(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    client.post(
        reverse("admin:eligibility_ruleset_changelist"), {"action": "copy_as_draft", "_selected_action": [v1.pk]}
    )
    draft = RuleSet.objects.get(city="jilin", version=2)
    draft.effective_from, draft.effective_to = datetime.date(2014, 6, 1), datetime.date(2015, 6, 1)
    draft.save()
    response = client.post(
        reverse("admin:eligibility_ruleset_changelist"),
        {"action": "publish", "_selected_action": [draft.pk], "confirmed": "1"},
        follow=True,
    )
    assert "日期重叠" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RuleSetStatus.DRAFT


def test_the_preview_evaluates_facts_against_a_draft(client, rule_admin):
    v1 = RuleSet.objects.get(city="jilin", version=1)
    url = reverse("admin:eligibility_ruleset_preview", args=[v1.pk])
    assert client.get(url).status_code == 200
    facts = {
        "city": "jilin",
        "zone": "central_urban",
        "as_of": "2026-11-22",
        "pathway": "residence",
        "applicant": {
            "housing": {"kind": "owned"},
            "employment": {"stable": True},
            "social_insurance_months": {"pension": 11, "medical": 12, "unemployment": 12},
        },
    }
    page = client.post(url, {"facts": json.dumps(facts)}).content.decode()
    assert "不符合" in page and "养老保险 11 个月" in page


def test_the_preview_explains_malformed_json_and_bad_facts(client, rule_admin):
    url = reverse("admin:eligibility_ruleset_preview", args=[RuleSet.objects.get(city="jilin", version=1).pk])
    assert "JSON 格式错误" in client.post(url, {"facts": "{oops"}).content.decode()
    assert "zone" in client.post(url, {"facts": '{"city": "jilin", "zone": "moon"}'}).content.decode()


def test_an_applicant_cannot_reach_the_rule_admin(client, django_user_model):
    from accounts.services import user_create

    client.force_login(user_create(username="someone", password="Someone-2026-x"))
    url = reverse("admin:eligibility_ruleset_preview", args=[RuleSet.objects.get(city="jilin", version=1).pk])
    assert client.get(url).status_code == 302
