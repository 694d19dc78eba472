"""The rights a permit gives, now and with the years, and the window and term: rule-set data each
city's admin edits, shipped in version 1 of every city."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eligibility.dates import add_months
from eligibility.models import RuleSet
from eligibility.parameters import PERMIT_RIGHTS_GRADED, PERMIT_RIGHTS_NOW
from eligibility.services import parameter_update, rule_set_copy_as_draft, rule_set_publish
from residence_permits.constants import PermitRight
from residence_permits.selectors import permit_status
from tests.factories import ResidencePermitFactory, UserFactory

from .helpers import address_in, signed_in

pytestmark = pytest.mark.django_db

NEW_KEYS = (
    "residence_permit.validity_months",
    "residence_permit.endorsement_window_months",
    "residence_permit.rights_now",
    "residence_permit.rights_graded",
)


@pytest.mark.parametrize("city", ["qujing", "lincang", "dehong", "chenzhou", "jilin"])
def test_every_citys_version_1_has_the_term_the_window_and_the_rights_with_their_clauses(city):
    rule_set = RuleSet.objects.get(city=city, version=1)
    values = {p.key: p for p in rule_set.parameters.filter(key__in=NEW_KEYS).select_related("clause")}
    assert values["residence_permit.validity_months"].value == 12
    assert values["residence_permit.endorsement_window_months"].value == 1
    assert values["residence_permit.endorsement_window_months"].clause.citation.endswith("第10条")
    assert set(values["residence_permit.rights_now"].value) == set(PERMIT_RIGHTS_NOW)
    assert values["residence_permit.rights_graded"].clause.key == "residence_permit_rights"
    for parameter in values.values():
        parameter.full_clean()  # the shipped values pass the admin's own check


def test_every_right_has_a_label():
    assert set(PERMIT_RIGHTS_NOW) | set(PERMIT_RIGHTS_GRADED) == set(PermitRight.values)


def jilin_permit(residence_years_ago: float):
    today = timezone.localdate()
    return ResidencePermitFactory(
        case__address=address_in("jilin"),
        residence_since=today - datetime.timedelta(days=int(365.25 * residence_years_ago)),
    )


def test_jilins_city_minimum_allowance_comes_after_more_than_two_years():
    today = timezone.localdate()
    newer, older = jilin_permit(1.5), jilin_permit(2.2)
    rows = {
        permit: [g for g in permit_status(permit, as_of=today).rights_graded if g.label == "居住地城市低保待遇"]
        for permit in (newer, older)
    }
    assert [g.residence_reached for g in rows[newer]] == [False, False]
    assert [g.residence_reached for g in rows[older]] == [True, True]
    assert [g.insurance_years for g in rows[older]] == [None, 2]  # other rural migrants: insurance too


def test_the_holders_page_lists_the_rights_from_the_rule_set(holder):
    permit = ResidencePermitFactory(case__applicant=holder, case__address=address_in("jilin"))
    page = signed_in(holder).get(f"/my/residence/permits/{permit.pk}/").content.decode()
    for label in ("劳动就业", "基本公共教育", "基本医疗卫生服务", "计划生育服务", "公共文化服务", "证照办理服务"):
        assert label in page
    assert "居住地城市低保待遇" in page and "连续居住超过 2 年" in page and "失地农民家庭和农民工家庭" in page


def test_an_admins_new_version_changes_the_rights_and_the_window_from_its_day():
    v1 = RuleSet.objects.get(city="qujing", version=1)
    draft = rule_set_copy_as_draft(rule_set=v1, effective_from=timezone.localdate())
    parameter_update(
        parameter=draft.parameters.get(key="residence_permit.rights_graded"),
        value=[{"right": "housing_support", "residence_years": 3}],
    )
    parameter_update(parameter=draft.parameters.get(key="residence_permit.endorsement_window_months"), value=2)
    rule_set_publish(rule_set=draft, actor=UserFactory())
    permit = ResidencePermitFactory()
    status = permit_status(permit, as_of=timezone.localdate())
    assert [(g.label, g.residence_years) for g in status.rights_graded] == [("住房保障", 3)]
    assert status.window_opens == add_months(permit.valid_until, -2)


@pytest.mark.parametrize(
    "value",
    [
        [{"right": "free_housing", "residence_years": 2}],
        [{"right": "housing_support", "residence_years": "two"}],
        [{"right": "housing_support", "residence_years": 2, "colour": "red"}],
        ["housing_support"],
        {"right": "housing_support"},
    ],
)
def test_a_wrong_rights_row_is_refused_when_saved(value):
    draft = rule_set_copy_as_draft(rule_set=RuleSet.objects.get(city="jilin", version=1))
    with pytest.raises(ValidationError):
        parameter_update(parameter=draft.parameters.get(key="residence_permit.rights_graded"), value=value)
