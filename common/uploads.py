"""What an uploaded file must not carry, checked before it is kept and later opened by a clerk.

- A PDF may not hold active content: scripts (/JavaScript, /JS), actions that launch programs or
  send data (/Launch, /SubmitForm, /ImportData, /GoToE), embedded files, rich media or XFA forms.
  Names are read with their ``#xx`` escapes undone, and the streams (where a PDF 1.5 object stream
  hides its dictionaries) are inflated, within a bound, and read too.
- An image may not claim more pixels than a document scan needs: the size is read from its header
  (Pillow opens lazily), so a decompression bomb is refused without being decoded.

Both raise the domain error with a message for the applicant."""

from __future__ import annotations

import re
import zlib

from django.utils.translation import gettext as _

from .errors import DomainError

ACTIVE_PDF_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"SubmitForm",
        b"ImportData",
        b"GoToE",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
    }
)
PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9._+-]|#[0-9A-Fa-f]{2}){1,64})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
MAX_INFLATED = 32 * 1024 * 1024  # bytes of inflated streams read, in all, per file

MAX_IMAGE_SIDE = 10_000
MAX_IMAGE_PIXELS = 40_000_000  # a 600 dpi A3 scan is about 7000 × 10000


def _names(data: bytes) -> set[bytes]:
    return {re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), m[1]) for m in PDF_NAME.finditer(data)}


def _inflated_streams(data: bytes):
    budget = MAX_INFLATED
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(match[1], budget)
        except zlib.error:
            continue  # not Flate (an image's DCT, say): nothing to read inside
        budget -= len(chunk)
        yield chunk


def pdf_active_content(data: bytes) -> set[str]:
    """The names of active content the PDF holds (empty when none)."""
    found = _names(data) & ACTIVE_PDF_NAMES
    for chunk in _inflated_streams(data):
        found |= _names(chunk) & ACTIVE_PDF_NAMES
    return {name.decode() for name in found}


def check_pdf(data: bytes) -> None:
    if pdf_active_content(data):
        raise DomainError(
            _(
                "该 PDF 含有脚本、附件或自动执行的操作，出于安全原因不予接收。"
                "请用“打印为 PDF”另存一份普通 PDF，或上传扫描件。"
            )
        )


def check_image(upload) -> None:
    """Refuse an image whose header claims too many pixels, before anything is decoded."""
    from PIL import Image, UnidentifiedImageError

    too_large = _("图片尺寸过大：每边不超过 %(side)d 像素、总像素不超过 4000 万，请缩小后重新上传。") % {
        "side": MAX_IMAGE_SIDE
    }
    upload.seek(0)
    try:
        with Image.open(upload) as image:  # reads the header only
            width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own bound, far above ours, also from the header
        raise DomainError(too_large) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise DomainError(_("无法识别该图片，请重新扫描或拍照后上传。")) from None
    finally:
        upload.seek(0)
    if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise DomainError(too_large)


def check_upload(upload, content_type: str) -> None:
    """The checks for the upload's kind (recognised by its content, not its name)."""
    if content_type == "application/pdf":
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        check_pdf(data)
    elif content_type.startswith("image/"):
        check_image(upload)
