"""更正事实 on the clerk's case page: the case's facts in words (never a dict), and a correction
through typed fields with the reason — a wrong value comes back in Chinese with everything kept."""

import pytest
from django.test import Client

from applications.constants import EventKind
from applications.models import FactsVersion
from applications.services import case_take
from registers.constants import Zone
from tests.factories import AddressFactory, CaseFactory, UserFactory, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken():
    address = AddressFactory(zone=Zone.CENTRAL_URBAN)
    case = CaseFactory(submitted=True, applicant=UserFactory(), address=address)
    clerk = UserFactory(clerk=True, station=address.station)
    case_take(case=case, clerk=clerk)
    return case, sign_in_verified(Client(), clerk)


def _post(client, case, **fields):
    data = {"reason": "", **{k.replace(".", "__"): v for k, v in fields.items()}}
    return client.post(f"/station/cases/{case.pk}/correct/", data)


def test_the_case_page_reads_facts_as_words_and_offers_typed_fields(taken):
    case, clerk = taken
    page = clerk.get(f"/station/cases/{case.pk}/").content.decode()
    assert "{&#x27;applicant&#x27;" not in page and "facts-json" not in page
    assert "<dt>住所</dt><dd>自有住房</dd>" in page
    assert 'name="applicant__housing__kind"' in page and 'name="applicant__employment__stable"' in page
    assert 'type="radio"' in page and 'name="path"' not in page and "如 2024-01-01" not in page


def test_a_typed_correction_with_its_reason_judges_again_and_is_kept(taken):
    case, clerk = taken
    response = _post(
        clerk,
        case,
        **{
            "applicant.housing.kind": "rented",
            "applicant.housing.lease_registered": "true",
            "applicant.housing.lease_since": "2024-01-01",
            "applicant.employment.stable": "",
        },
        reason="租赁合同与房产证不符",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    housing = case.facts["applicant"]["housing"]
    assert housing == {"kind": "rented", "lease_registered": True, "lease_since": "2024-01-01"}
    version = FactsVersion.objects.get(case=case, number=2)
    assert version.reason == "租赁合同与房产证不符" and version.created_by.station_id == case.station_id
    messages = list(case.events.filter(kind=EventKind.FACT_CORRECTED).values_list("message", flat=True))
    assert "住所：自有住房 → 租赁住房（租赁合同与房产证不符）" in messages
    assert "租赁登记备案：未填写 → 已办理租赁登记（租赁合同与房产证不符）" in messages
    page = clerk.get(f"/station/cases/{case.pk}/").content.decode()
    assert "第 2 版事实" in page and "<dt>租住起始日</dt><dd>2024年1月1日</dd>" in page


def test_a_wrong_value_is_refused_in_chinese_and_nothing_typed_is_lost(taken):
    case, clerk = taken
    response = _post(
        clerk,
        case,
        **{"applicant.housing.kind": "rented", "applicant.social_insurance_months.pension": "十三"},
        reason="依社保缴费记录",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "输入整数。" in page  # Django's own message, in the page's language
    assert 'value="十三"' in page and "依社保缴费记录" in page
    assert '<option value="rented" selected>' in page
    assert 'id="correct" open' in page
    case.refresh_from_db()
    assert case.facts["applicant"]["housing"] == {"kind": "owned"}
    assert not FactsVersion.objects.filter(case=case, number=2).exists()


def test_no_change_or_no_reason_is_said_in_chinese(taken):
    case, clerk = taken
    page = _post(clerk, case, **{"applicant.housing.kind": "owned"}, reason="核对无误").content.decode()
    assert "没有更改任何事实" in page
    page = _post(clerk, case, **{"applicant.housing.kind": "rented"}).content.decode()
    assert "该字段是必填项。" in page
    case.refresh_from_db()
    assert case.facts["applicant"]["housing"] == {"kind": "owned"}


def test_the_admin_shows_a_cases_facts_in_words(taken):
    case, _ = taken
    from accounts.services import user_create

    account = user_create(username="sup-qujing", password="x-Demo-2026", role="supervisor", city=case.city)
    supervisor = sign_in_verified(Client(), account)
    response = supervisor.get(f"/admin/applications/case/{case.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 200, page[-3000:]
    assert "<li>住所：自有住房</li>" in page and "<li>落户区域：市辖区（中心城区）</li>" in page
    assert "{&#x27;applicant&#x27;" not in page and "&quot;applicant&quot;" not in page
