"""The papers in the browser: the applicant opens each paper of their case from the case page and
downloads its PDF; the station opens them from its case page; anyone checks them on the one
verification page — on a desktop and on a phone, each page looked at by axe-core."""

from pathlib import Path

import pytest

from applications.models import DocumentRequest, RequestedItem
from applications.services import movers_of
from applications.services.papers import issue_certificate, issue_notice, issue_refusal
from tests.factories import PASSWORD, CaseFactory
from tests.process import consent_everyone, verify

from .browser import PHONE, go, look, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def papers(applicant, station_address, family, staff):
    """A case with a spouse, accepted, asked for a document, and (for the look of it) refused and
    given its certificate: one paper of each kind."""
    _, head, spouse = family
    station = station_address.station
    station.address, station.phone = "曲靖市麒麟区南宁北路100号", "0874-3123456"
    station.save()
    clerk = staff(clerk=True, station=station, first_name="李建国")
    verify(applicant, head)
    case = CaseFactory(
        in_review=True,
        applicant=applicant,
        person=head,
        address=station_address,
        spouse=spouse,
        spouse_papers=(),
        checked=False,
        screen=False,
        clerk=clerk,
    )
    consent_everyone(case)
    request = DocumentRequest.objects.create(
        case=case, kinds=["marriage_certificate"], message="补", requested_by=clerk
    )
    RequestedItem.objects.create(request=request, position=1, kind="marriage_certificate", reason="配偶随迁")
    case.decision_clause, case.decision_text = "曲政发〔2015〕82号 第（四）条", "材料不实"
    return (
        case,
        clerk,
        [
            case.papers.get(kind="receipt"),  # issued on acceptance
            issue_notice(request),
            issue_refusal(case, clerk),
            issue_certificate(case, clerk, movers_of(case)),
        ],
    )


def test_the_applicant_and_the_station_open_every_paper_and_anyone_checks_it(new_page, applicant, papers):
    case, clerk, issued = papers
    home = new_page(WIDE)
    sign_in(home, applicant, PASSWORD)
    go(home, f"/my/cases/{case.pk}/")
    look(home, "papers-01-case")
    for paper in issued:
        home.get_by_role("link", name=paper.get_kind_display()).click()
        assert home.get_by_role("heading", level=2).first.inner_text() == paper.title
        look(home, f"papers-02-{paper.kind}")
        with home.expect_download() as download:
            home.get_by_role("link", name="下载文书（PDF）").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        go(home, f"/my/cases/{case.pk}/")

    desk = new_page(WIDE)
    sign_in(desk, clerk, PASSWORD)
    go(desk, f"/station/cases/{case.pk}/")
    desk.get_by_role("link", name="准予迁入证明").click()
    assert case.id_number in desk.get_by_role("main").inner_text()
    look(desk, "papers-03-station-certificate")

    phone = new_page(PHONE)
    for paper in issued:
        go(phone, f"/verify/{paper.code}/")
        assert "核验通过" in phone.get_by_role("status").inner_text()
        main = phone.get_by_role("main").inner_text()
        assert paper.number in main and case.name not in main and case.id_number not in main
        look(phone, f"papers-04-verify-{paper.kind}", phone=True)
    sign_in(phone, applicant, PASSWORD)
    go(phone, f"/my/cases/{case.pk}/papers/{issued[-1].pk}/")
    look(phone, "papers-05-phone-certificate", phone=True)
