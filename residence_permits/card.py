"""The permit as a printable card (A6 landscape PDF) with a QR code of its verification address.

《居住证暂行条例》第8条 lists what a permit carries: 姓名、性别、民族、出生日期、公民身份号码、本人相片、
常住户口所在地住址、居住地住址、证件的签发机关和签发日期. The card carries them (a space for the photo,
which the station affixes), so the full identity number is on it, as on the real card; it is served
only to the holder and to staff of the station, and a staff download is recorded. The fonts,
styles and QR drawing are those of the portal's papers (applications/papers.py)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.dates import chinese_date
from common.pdf import BODY, CJK, TITLE, escape, latin, qr_code, spaced_code
from registers.constants import Sex
from registers.identity import birth_date_of, sex_of

from .models import ResidencePermit

CARD_TITLE = ParagraphStyle("card-title", parent=TITLE, fontSize=16, leading=20, spaceAfter=1 * mm)
CARD_BODY = ParagraphStyle("card-body", parent=BODY, fontSize=7.5, leading=10)
CARD_SMALL = ParagraphStyle("card-small", parent=CARD_BODY, fontSize=6, leading=8, textColor=colors.HexColor("#52606d"))
QR = 24 * mm


def permit_pdf(permit: ResidencePermit, *, verify_url: str, hukou_address: str = "") -> bytes:
    """The card as PDF bytes; an official document is in Chinese whatever the reader's language."""
    with translation.override("zh-hans"):
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=landscape(A6),
            leftMargin=6 * mm,
            rightMargin=6 * mm,
            topMargin=5 * mm,
            bottomMargin=4 * mm,
            title=f"{_('居住证')} {permit.number}",
            author=str(permit.station),
            lang="zh-CN",
        )
        document.build(
            [
                Paragraph(escape(_("居住证")), CARD_TITLE),
                _particulars(permit, hukou_address),
                Spacer(0, 1.5 * mm),
                _verification(permit, verify_url),
            ]
        )
        return buffer.getvalue()


def _particulars(permit: ResidencePermit, hukou_address: str) -> Table:
    born = birth_date_of(permit.id_number)
    ethnicity = permit.person.ethnicity if permit.person_id else "—"
    rows = [
        (_("姓名"), escape(permit.name)),
        (_("性别 / 民族"), f"{Sex(sex_of(permit.id_number)).label} / {escape(ethnicity)}"),
        (_("出生日期"), chinese_date(born)),
        (_("公民身份号码"), latin(permit.id_number, size=8)),
        (_("户籍地址"), escape(hukou_address or "—")),
        (_("居住地址"), escape(str(permit.address))),
        (_("签发机关"), escape(str(permit.station))),
        (_("签发日期"), chinese_date(permit.issued_on)),
        (_("有效期至"), f"{chinese_date(permit.valid_until)}（{_('每年签注')}）"),
        (_("证件号码"), latin(permit.number, size=8)),
    ]
    cells = [[Paragraph(label, CARD_SMALL), Paragraph(value, CARD_BODY)] for label, value in rows]
    photo = Paragraph(_("照片"), CARD_SMALL)
    table = Table(
        [[*cells[0], photo], *[[*row, ""] for row in cells[1:]]],
        colWidths=[17 * mm, "*", 22 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), CJK, 7),
                ("SPAN", (2, 0), (2, 5)),
                ("BOX", (2, 0), (2, 5), 0.5, colors.HexColor("#9aa5b1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (2, 0), (2, 0), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
            ]
        )
    )
    return table


def _verification(permit: ResidencePermit, verify_url: str) -> Table:
    text = [
        Paragraph(f"{_('核验码')}：{latin(spaced_code(permit.code), size=9)}", CARD_BODY),
        Paragraph(escape(_("扫描二维码或访问以下网址，可核验本居住证的真伪和状态：")), CARD_SMALL),
        Paragraph(latin(verify_url, size=6), CARD_SMALL),
    ]
    drawing = qr_code(verify_url)
    drawing.scale(QR / drawing.width, QR / drawing.height)
    drawing.width, drawing.height = QR, QR
    table = Table([[drawing, text]], colWidths=[QR + 3 * mm, "*"])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#9b1c1c")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ]
        )
    )
    return table
