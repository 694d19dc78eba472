"""What anyone without an account can learn: the certificate PDF and its check by code, and the
status lookup by reference and the last six characters of the identity number — and no more."""

import base64
import datetime
import re
import zlib

import pytest
from django.core.cache import cache
from django.utils import timezone

from applications.papers import certificate_pdf, fee_statement
from applications.services import case_approve, case_draft_create, case_take
from common.dates import chinese_date
from common.pdf import spaced_code
from tests.factories import CaseFactory
from tests.process import complete_and_check

pytestmark = pytest.mark.django_db

VERIFY_URL = "https://hukou.example.cn/verify/ABCDEFGHJKLM/"


@pytest.fixture(autouse=True)
def empty_cache():
    """The throttles count in the shared cache: every test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case(applicant_user, station_address, family):
    _, head, spouse = family
    return CaseFactory(
        submitted=True, bare=True, applicant=applicant_user, address=station_address, person=head, spouse=spouse
    )


@pytest.fixture
def approved_case(case, clerk):
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)
    return case_approve(case=case, clerk=clerk)


# --- The certificate PDF --------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    """The strings the pages show, in drawing order and run together (so a line wrapped in two
    still reads whole). reportlab writes page streams ASCII85- and Flate-encoded, text in its
    Latin fonts as single bytes and text in the CID font as UTF-16BE."""
    latin_fonts = set(re.findall(rb"/Encoding /WinAnsiEncoding /Name /(\w+)", pdf))
    shown, font = [], None
    for stream in re.findall(rb"stream\r?\n(.*?)~>\s*endstream", pdf, re.S):
        content = zlib.decompress(base64.a85decode(stream))
        for match in re.finditer(rb"/(\w+) [\d.]+ Tf|\(((?:[^()\\]|\\.)*)\) Tj", content, re.S):
            if match[1] is not None:
                font = match[1]
            else:
                raw = _unescape(match[2])
                shown.append(raw.decode("latin-1") if font in latin_fonts else raw.decode("utf-16-be"))
    return "".join(shown)


def _unescape(literal: bytes) -> bytes:
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    return re.sub(
        rb"\\(?:([0-7]{1,3})|(.))",
        lambda m: bytes([int(m[1], 8)]) if m[1] else simple.get(m[2], m[2]),
        literal,
        flags=re.S,
    )


def test_the_certificate_pdf_shows_the_number_the_persons_and_the_code(approved_case, family):
    _, head, spouse = family
    certificate = approved_case.certificate

    pdf = certificate_pdf(certificate, verify_url=VERIFY_URL)

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "准予迁入证明" in text
    assert certificate.number in text
    for person in (head, spouse):  # the real form carries the full number, as the permit card does
        assert person.name in text and person.id_number in text
    assert str(approved_case.station) in text
    assert certificate.destination in text
    assert chinese_date(timezone.localdate(certificate.issued_at)) in text
    assert spaced_code(certificate.code) in text  # ABCD EFGH JKLM
    assert VERIFY_URL in text
    assert "不收取任何费用" in text and "曲政发〔2015〕82号" in text and "严禁非法收取有关费用" in text


def test_the_no_fee_statement_cites_only_a_city_whose_text_has_the_clause():
    assert "曲政发〔2015〕82号" in fee_statement("qujing")
    assert fee_statement("jilin") == "本证明免费出具，办理户口迁移不收取任何费用。"


def test_dates_on_the_certificate_read_the_chinese_way():
    assert chinese_date(datetime.date(2026, 11, 22)) == "2026年11月22日"
    assert chinese_date(datetime.date(2027, 1, 5)) == "2027年1月5日"


# --- Checking a certificate by its code -----------------------------------------------------


def test_the_qr_code_address_shows_what_a_verifier_needs_and_no_more(client, approved_case, family):
    """Issue 13, item 8: the title, number, station, date and whether it is valid; the persons
    masked, names included; never the street address."""
    _, head, spouse = family
    certificate = approved_case.certificate

    response = client.get(f"/verify/{certificate.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "核验通过" in page
    for essential in (certificate.title, certificate.number, str(approved_case.station)):
        assert essential in page
    assert chinese_date(timezone.localdate(certificate.issued_at)) in page
    assert f"{head.name[0]}*、{spouse.name[0]}*" in page
    for person in (head, spouse):  # neither the full names nor any part of the numbers
        assert person.name not in page and person.id_number[-4:] not in page
    assert certificate.destination not in page  # nor the address


def test_a_code_typed_in_lower_case_with_spaces_is_found(client, approved_case, family):
    code = approved_case.certificate.code
    typed = f"  {code[:4].lower()} {code[4:8].lower()}  {code[8:]} "

    response = client.get("/verify/", {"code": typed})

    assert response.status_code == 200
    assert approved_case.certificate.number in response.content.decode()


def test_an_unknown_code_is_reported_as_not_found(client, approved_case):
    response = client.get("/verify/ZZZZ-ZZZZ-ZZZZ/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "未找到该核验码" in page and 'role="alert"' in page
    assert approved_case.certificate.number not in page


def test_the_empty_form_asks_for_a_code_with_a_label(client):
    page = client.get("/verify/").content.decode()

    assert '<label for="id_code">' in page and "未找到" not in page


def test_codes_cannot_be_enumerated_from_one_address(client, approved_case):
    for _ in range(30):
        assert client.get("/verify/", {"code": "ABCDEFGHJKLM"}).status_code in (200, 404)

    refused = client.get(f"/verify/{approved_case.certificate.code}/")

    assert refused.status_code == 429
    assert "查询过于频繁" in refused.content.decode()
    assert approved_case.certificate.number not in refused.content.decode()
    assert client.get(f"/verify/{approved_case.certificate.code}/", REMOTE_ADDR="10.1.2.3").status_code == 200


# --- Looking up a case's status -------------------------------------------------------------


def lookup(client, reference, digits, **extra):
    return client.post("/status/", {"reference": reference, "id_last6": digits}, **extra)


def test_the_right_digits_show_the_status_and_the_steps_without_names(client, case, clerk, family):
    _, head, spouse = family
    case_take(case=case, clerk=clerk)

    response = lookup(client, case.reference.lower(), head.id_number[-6:])

    page = response.content.decode()
    assert response.status_code == 200
    assert case.reference in page and "审核中" in page
    assert chinese_date(timezone.localdate(case.submitted_at)) in page
    assert chinese_date(case.due_date) in page
    assert "提交申请" in page and "民警受理" in page
    for private in (head.name, spouse.name, head.id_number, clerk.username, str(case.station)):
        assert private not in page


def test_a_decided_case_shows_the_decision(client, approved_case, family):
    _, head, _ = family

    page = lookup(client, approved_case.reference, head.id_number[-6:]).content.decode()

    assert "已办结" in page and "准予迁入" in page
    assert chinese_date(timezone.localdate(approved_case.decided_at)) in page


def normalized(response, reference) -> str:
    """The page without what differs by design: the form's CSRF token and the echoed reference."""
    page = response.content.decode().replace(f'value="{reference}"', 'value="REFERENCE"')
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_wrong_digits_and_an_unknown_reference_get_the_identical_answer(client, case, family):
    _, head, _ = family
    right = head.id_number[-6:]
    wrong = f"{(int(right[:5]) + 1) % 100000:05d}{right[5]}"
    unknown = "QJ-2026-999999"

    wrong_digits = lookup(client, case.reference, wrong)
    no_such_case = lookup(client, unknown, wrong)

    assert wrong_digits.status_code == no_such_case.status_code == 404
    assert "未找到与所填信息相符的业务" in wrong_digits.content.decode()
    assert normalized(wrong_digits, case.reference) == normalized(no_such_case, unknown)


def test_a_draft_is_never_found(client, applicant_user, family):
    _, head, _ = family
    draft = case_draft_create(
        applicant=applicant_user, city="qujing", pathway="residence", name=head.name, id_number=head.id_number
    )
    type(draft).objects.filter(pk=draft.pk).update(reference="QJ-2026-424242")  # even were one to carry a number

    response = lookup(client, "QJ-2026-424242", head.id_number[-6:])

    assert response.status_code == 404
    assert "未找到与所填信息相符的业务" in response.content.decode()


def test_malformed_digits_are_explained_at_the_field(client, case):
    response = lookup(client, case.reference, "12ab")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and "最后一位为数字或 X" in page


def test_the_lookup_is_throttled_per_address(client, case, family):
    _, head, _ = family
    for n in range(10):
        assert lookup(client, f"QJ-2026-9999{n:02d}", "000000").status_code == 404

    refused = lookup(client, case.reference, head.id_number[-6:])

    assert refused.status_code == 429
    assert "查询过于频繁" in refused.content.decode() and "审核中" not in refused.content.decode()
    assert refused["Retry-After"] == "600"
    assert f'value="{case.reference}"' in refused.content.decode()  # the form keeps what was typed
    assert lookup(client, case.reference, head.id_number[-6:], REMOTE_ADDR="10.1.2.3").status_code == 200


def test_strangers_guessing_a_reference_do_not_lock_its_owner_out(client, case, family):
    """Counted per reference *and* client address (issue 13, item 4): guesses from other
    addresses use up their own allowance, not the owner's; one address gets five tries per case."""
    _, head, _ = family
    for n in range(20):
        lookup(client, case.reference, f"{n:05d}0", REMOTE_ADDR=f"10.0.0.{n}")
    for n in range(5):
        assert lookup(client, case.reference, f"{n:05d}1", REMOTE_ADDR="10.0.2.2").status_code == 404

    assert lookup(client, case.reference, head.id_number[-6:], REMOTE_ADDR="10.0.2.2").status_code == 429
    assert lookup(client, case.reference, head.id_number[-6:], REMOTE_ADDR="10.0.1.1").status_code == 200


def test_the_lookup_makes_as_many_queries_for_seven_steps_as_for_two(client, case, family):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, head, _ = family

    def steps_and_queries(steps):
        for _ in range(steps - case.events.count()):
            case.events.create(kind="document_checked")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page = lookup(client, case.reference, head.id_number[-6:]).content.decode()
        return page.count("<li><time"), len(queries)

    two, seven = steps_and_queries(2), steps_and_queries(7)
    assert (two[0], seven[0]) == (2, 7)
    assert seven[1] == two[1] <= 3
