"""Issue 13, item 7: uploads that could attack the clerk who opens them. A PDF with active content
and an image that would decompress to gigabytes are refused at upload with a Chinese message
(common/uploads.py); every document is served as a download, nosniff, under a sandbox CSP."""

import io
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from reportlab.pdfgen import canvas

from applications.models import Document
from applications.services import CaseError, case_draft_create, document_upload
from tests.factories import DocumentFactory, UserFactory, sign_in_verified

pytestmark = pytest.mark.django_db


def clean_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "ID card scan")
    page.save()
    return buffer.getvalue()


OPEN_ACTION_JS = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
ESCAPED_NAME = OPEN_ACTION_JS.replace(b"/JavaScript/JS", b"/J#61vaScript/J#53")
LAUNCH = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>>>endobj\ntrailer<<>>\n%%EOF\n"
EMBEDDED = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>endobj\ntrailer<<>>\n%%EOF\n"


def in_object_stream(payload: bytes) -> bytes:
    """The script's dictionary inside a compressed (Flate) object stream, as PDF 1.5 allows."""
    body = zlib.compress(payload)
    return (
        b"%PDF-1.5\n3 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
        + str(len(body)).encode()
        + b">>stream\n"
        + body
        + b"\nendstream endobj\ntrailer<<>>\n%%EOF\n"
    )


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` (what a decompression bomb does)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 30001))
        + chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (1200, 800), 255).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def draft():
    applicant = UserFactory(email_verified=True)
    return applicant, case_draft_create(applicant=applicant, city="qujing", pathway="residence")


def upload(draft, name, content):
    applicant, case = draft
    return document_upload(case=case, actor=applicant, kind="id_card", upload=SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "content",
    [OPEN_ACTION_JS, ESCAPED_NAME, LAUNCH, EMBEDDED, in_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>")],
    ids=["open-action-javascript", "escaped-names", "launch", "embedded-file", "in-an-object-stream"],
)
def test_a_pdf_with_active_content_is_refused_with_a_chinese_message(draft, content):
    with pytest.raises(CaseError) as refused:
        upload(draft, "scan.pdf", content)

    assert "不予接收" in str(refused.value)
    assert not Document.objects.exists()


def test_an_image_just_past_the_bound_is_refused_too(draft):
    with pytest.raises(CaseError, match="图片尺寸过大"):
        upload(draft, "wide.png", png_header(12000, 100))
    with pytest.raises(CaseError, match="图片尺寸过大"):
        upload(draft, "big.png", png_header(9000, 9000))


def test_a_plain_pdf_and_a_normal_scan_are_kept(draft):
    assert upload(draft, "scan.pdf", clean_pdf()).content_type == "application/pdf"
    assert upload(draft, "scan.png", small_png()).content_type == "image/png"


def test_a_decompression_bomb_is_refused_from_its_header_without_being_decoded(draft):
    started = time.monotonic()
    with pytest.raises(CaseError) as refused:
        upload(draft, "bomb.png", png_header(30000, 30000))

    assert "图片尺寸过大" in str(refused.value)
    assert time.monotonic() - started < 2  # 900 million pixels were never decoded
    assert not Document.objects.exists()


def test_the_upload_page_shows_the_refusal(draft):
    applicant, case = draft
    browser = Client()
    browser.force_login(applicant)

    page = browser.post(
        f"/my/cases/{case.pk}/documents/",
        {"kind": "id_card", "file": SimpleUploadedFile("scan.pdf", OPEN_ACTION_JS, content_type="application/pdf")},
    )

    assert page.status_code == 200 and "不予接收" in page.content.decode()


def test_documents_are_served_as_downloads_nosniff_under_a_sandbox_csp(settings, tmp_path, draft):
    settings.MEDIA_ROOT = tmp_path
    applicant, case = draft
    document = upload(draft, "scan.pdf", clean_pdf())
    browser = Client()
    browser.force_login(applicant)

    response = browser.get(f"/my/cases/{case.pk}/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_the_clerk_downloads_documents_the_same_way(settings, tmp_path):
    from tests.factories import AddressFactory, CaseFactory

    settings.MEDIA_ROOT = tmp_path
    address = AddressFactory(zone="central_urban")
    applicant = UserFactory(email_verified=True)
    case = CaseFactory(submitted=True, bare=True, applicant=applicant, address=address)
    document = DocumentFactory(case=case, file=SimpleUploadedFile("x.pdf", clean_pdf()))
    clerk = UserFactory(clerk=True, station=address.station)

    response = sign_in_verified(Client(), clerk).get(f"/station/cases/{case.pk}/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
