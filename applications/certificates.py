"""The certificate as a printable A4 PDF: 准予迁入证明, or the electronic 户口准迁证 for moves from
outside the portal's register. Anyone holding the paper can check it at the address in its QR code.

Chinese text uses reportlab's built-in CID font STSong-Light (the reader supplies the glyphs), so
no font file ships with the portal; numbers and the code are set in Latin fonts, which keeps them
legible and lets the code be read aloud without confusion."""

from __future__ import annotations

import datetime
import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from .models import Certificate

CJK = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK))

BODY = ParagraphStyle("body", fontName=CJK, fontSize=12, leading=18, wordWrap="CJK")
TITLE = ParagraphStyle("title", parent=BODY, fontSize=26, leading=34, alignment=TA_CENTER, spaceAfter=4 * mm)
NUMBER = ParagraphStyle("number", parent=BODY, alignment=TA_CENTER, spaceAfter=8 * mm)
CODE = ParagraphStyle("code", parent=BODY, fontName="Courier-Bold", fontSize=26, leading=32)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9.5, leading=14, textColor=colors.HexColor("#52606d"))
QR_SIZE = 38 * mm

# The clause the no-fee statement rests on, for the cities whose text has one (see RULES.md).
FEE_CLAUSES = {"qujing": "曲政发〔2015〕82号 第（十四）条：“……严禁非法收取有关费用。”"}


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate as A4 PDF bytes, with a QR code of ``verify_url``. An official document is
    in Chinese whatever language the reader browses the portal in."""
    with translation.override("zh-hans"):
        return _render(certificate, verify_url)


def _render(certificate: Certificate, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=f"{certificate.title} {certificate.number}",
        author=str(certificate.case.station),
        lang="zh-CN",
        displayDocTitle=True,
    )
    document.build(
        [
            Paragraph(_escape(certificate.title), TITLE),
            Paragraph(f"{_('编号')}：{_latin(certificate.number)}", NUMBER),
            _holders_table(certificate.holders),
            Spacer(0, 6 * mm),
            *[Paragraph(line, BODY) for line in _particulars(certificate)],
            Spacer(0, 8 * mm),
            _verification_block(certificate.code, verify_url),
            Spacer(0, 8 * mm),
            Paragraph(_escape(fee_statement(certificate.case.city)), SMALL),
        ]
    )
    return buffer.getvalue()


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def spaced_code(code: str) -> str:
    """ABCDEFGHJKLM → ABCD EFGH JKLM: easier to read out and to type; the check strips the spaces."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def fee_statement(city: str) -> str:
    statement = _("本证明免费出具，办理户口迁移不收取任何费用。")
    clause = FEE_CLAUSES.get(city)
    return f"{statement}{_('依据')}{clause}" if clause else statement


def _particulars(certificate: Certificate) -> list[str]:
    issued_on = timezone.localdate(certificate.issued_at)
    lines = [
        _escape(_("经审核，上列人员符合迁入条件，准予迁入。")),
        f"{_('迁入地')}：{_escape(certificate.destination)}",
        f"{_('受理派出所')}：{_escape(str(certificate.case.station))}",
        f"{_('签发日期')}：{chinese_date(issued_on)}",
    ]
    if certificate.case.origin_outside:
        lines.insert(1, _escape(_("迁入人员须到迁出地公安机关办理户口迁出手续，迁出后由受理派出所办理落户。")))
    return lines


def _holders_table(holders: list[dict]) -> Table:
    rows = [[_("序号"), _("姓名"), _("公民身份号码")]]
    rows += [[str(n), h["name"], h["id_number"]] for n, h in enumerate(holders, start=1)]
    table = Table(rows, colWidths=["10%", "30%", "*"], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), CJK, 12),
                ("FONT", (2, 1), (2, -1), "Courier", 12),  # the masked numbers: fixed width lines them up
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f4f8")),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#9aa5b1")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _verification_block(code: str, verify_url: str) -> Table:
    text = [
        Paragraph(_("核验码"), BODY),
        Paragraph(_escape(spaced_code(code)), CODE),
        Spacer(0, 2 * mm),
        Paragraph(_escape(_("扫描二维码或访问以下网址，输入核验码，可核验本证明的真伪：")), SMALL),
        Paragraph(_latin(verify_url, size=9), SMALL),
    ]
    table = Table([[_qr_code(verify_url), text]], colWidths=[QR_SIZE + 6 * mm, "*"])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#9b1c1c")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def _qr_code(value: str) -> Flowable:
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _latin(text: str, *, size: int = 12) -> str:
    return f'<font name="Helvetica" size="{size}">{_escape(text)}</font>'


def _escape(text: str) -> str:
    """Paragraphs read a little XML: a stray & or < in an address must not break the page."""
    return escape(text)
