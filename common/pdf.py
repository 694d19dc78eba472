"""What every PDF the portal prints shares: the CJK font, the body and title styles, text made safe
for ReportLab's paragraphs, Latin runs, the QR code and the spaced verification code.

ReportLab's built-in STSong-Light (an Adobe CID font every PDF reader has) prints the Chinese, so
no font file is shipped or fetched."""

from xml.sax.saxutils import escape as _xml_escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus.flowables import Flowable

CJK = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK))

BODY = ParagraphStyle("body", fontName=CJK, fontSize=12, leading=18, wordWrap="CJK")
TITLE = ParagraphStyle("title", parent=BODY, fontSize=26, leading=34, alignment=TA_CENTER, spaceAfter=2 * mm)
QR_SIZE = 38 * mm


def escape(text: str) -> str:
    """Paragraphs read a little XML: a stray & or < in an address must not break the page."""
    return _xml_escape(text)


def latin(text: str, *, size: int | float = 12, font: str = "Helvetica") -> str:
    """A run of Latin letters and digits (a number, a code, an address) in a Latin font."""
    return f'<font name="{font}" size="{size}">{escape(text)}</font>'


def qr_code(value: str, size: float = QR_SIZE) -> Flowable:
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def spaced_code(code: str) -> str:
    """ABCDEFGHJKLM → ABCD EFGH JKLM: easier to read out and to type; the check strips the spaces."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
