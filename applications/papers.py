"""The papers as printable A4 PDFs — 受理回执, 一次性告知书, 不予受理 / 不予办理决定书, 准予迁入证明
(or the electronic 户口准迁证) — each with the issuing authority's electronic seal and a QR code of
its verification address. Anyone holding a paper can check it there.

They are official documents, so they are in Chinese whatever language the reader browses the
portal in: their words are written here in Chinese, not as catalogue strings, and everything
particular to the paper comes from its frozen content (applications.services.papers).

Chinese text uses reportlab's built-in CID font STSong-Light (the reader supplies the glyphs), so
no font file ships with the portal; numbers and the code are set in Latin fonts, which keeps them
legible and lets the code be read aloud without confusion. The seal is drawn, not an image."""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from common.dates import chinese_date
from common.pdf import BODY, CJK, QR_SIZE, TITLE, escape, latin, qr_code, spaced_code

from .models import Paper, PaperKind

NUMBER = ParagraphStyle("number", parent=BODY, alignment=TA_CENTER, spaceAfter=5 * mm)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=13, leading=20, spaceBefore=3 * mm, spaceAfter=1.5 * mm)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=10.5, leading=14)
CODE = ParagraphStyle("code", parent=BODY, fontName="Courier-Bold", fontSize=17, leading=22)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9.5, leading=14, textColor=colors.HexColor("#52606d"))
INDENTED = ParagraphStyle("indented", parent=BODY, firstLineIndent=24)
SEAL_RED = colors.HexColor("#d0121b")
SEAL_DIAMETER = 42 * mm  # the size of a 派出所's 户口专用章
GRID = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#f0f4f8")
NONE = "—"

# The clause the no-fee statement rests on, for the cities whose text has one (see RULES.md).
FEE_CLAUSES = {"qujing": "曲政发〔2015〕82号 第（十四）条：“……严禁非法收取有关费用。”"}


def paper_pdf(paper: Paper, *, verify_url: str) -> bytes:
    """The paper as A4 PDF bytes, with a QR code of ``verify_url``."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=14 * mm,
        title=f"{paper.title} {paper.number}",
        author=_content(paper, "authority") or _station(paper)["name"],
        lang="zh-CN",
        displayDocTitle=True,
    )
    document.build(
        [
            Paragraph(escape(paper.title), TITLE),
            Paragraph(f"编号：{latin(paper.number)}", NUMBER),
            *RENDERERS[paper.kind](paper),
            Spacer(0, 6 * mm),
            _closing(paper, verify_url),
            *(
                [Spacer(0, 4 * mm), Paragraph(escape(fee_statement(paper.case.city)), SMALL)]
                if paper.kind == PaperKind.CERTIFICATE
                else []
            ),
        ]
    )
    return buffer.getvalue()


def certificate_pdf(certificate: Paper, *, verify_url: str) -> bytes:
    """The 准予迁入证明 (or 户口准迁证) as A4 PDF bytes."""
    return paper_pdf(certificate, verify_url=verify_url)


def fee_statement(city: str) -> str:
    statement = "本证明免费出具，办理户口迁移不收取任何费用。"
    clause = FEE_CLAUSES.get(city)
    return f"{statement}依据{clause}" if clause else statement


# --- One renderer per kind ------------------------------------------------------------------


def _receipt(paper: Paper) -> list[Flowable]:
    c = paper.content
    station = _station(paper)
    flowables = [
        *_facts(
            [
                ("受理编号", latin(c.get("reference", ""))),
                ("申请人", escape(c.get("applicant", ""))),
                ("申请事项", escape(c.get("applied_for", ""))),
                ("迁入地", escape(c.get("destination", ""))),
                ("受理日期", chinese_date(c.get("accepted_on"))),
            ]
        ),
        Paragraph(
            escape(
                f"{c.get('applicant', '')}：你提交的{c.get('applied_for', '')}申请，本所已于"
                f"{chinese_date(c.get('accepted_on'))}受理。收到的材料如下："
            ),
            INDENTED,
        ),
        _table(
            ["序号", "材料", "文件"],
            [[str(n), r["kind"], r["name"]] for n, r in enumerate(c.get("received", []), start=1)] or [["", "无", ""]],
            [12 * mm, 62 * mm, None],
        ),
    ]
    if c.get("promises"):
        flowables += [
            Paragraph("容缺受理：以下材料由申请人签署承诺，于承诺日期前补交：", HEADING),
            _table(
                ["序号", "材料", "承诺补交日期"],
                [[str(n), p["kind"], chinese_date(p["due_on"])] for n, p in enumerate(c["promises"], start=1)],
                [12 * mm, 62 * mm, None],
            ),
        ]
    flowables += [
        Spacer(0, 3 * mm),
        Paragraph(
            escape(
                f"办理时限：自受理之日起{c.get('time_limit_working_days', '')}个工作日内办结，即"
                f"{chinese_date(c.get('due_date'))}前；要求补正材料期间不计入办理时限。"
            ),
            INDENTED,
        ),
        Paragraph(escape(f"经办民警：{c.get('clerk', '')}"), BODY),
        *_contact(station),
    ]
    return flowables


def _notice(paper: Paper) -> list[Flowable]:
    c = paper.content
    flowables = [
        Paragraph(escape(f"{c.get('applicant', '')}："), BODY),
        Paragraph(
            escape(
                f"你提交的{c.get('applied_for', '')}申请（受理编号 {c.get('reference', '')}），经审查，申请材料不齐全"
                "或者不符合法定形式。依照《中华人民共和国行政许可法》第三十二条，现一次告知你需要补正的全部内容："
            ),
            INDENTED,
        ),
        _table(
            ["序号", "需补正的材料", "需要的原因"],
            [[str(n), i["kind"], i["reason"]] for n, i in enumerate(c.get("items", []), start=1)],
            [12 * mm, 52 * mm, None],
        ),
        Spacer(0, 2 * mm),
    ]
    if c.get("message"):
        flowables.append(Paragraph(escape(f"说明：{_sentence(c['message'])}"), BODY))
    if c.get("repeat_reason"):
        flowables.append(Paragraph(escape(f"再次告知的理由：{c['repeat_reason']}"), BODY))
    flowables += [
        Paragraph(escape(f"补正方式：{c.get('how', '')}"), BODY),
        Paragraph(escape(f"办理时限：{c.get('clock', '')}"), BODY),
        Paragraph(escape(f"告知日期：{chinese_date(c.get('requested_on'))}　经办民警：{c.get('clerk', '')}"), BODY),
        *_contact(_station(paper)),
        Spacer(0, 2 * mm),
        Paragraph(escape(c.get("legal_basis", "")), SMALL),
    ]
    return flowables


def _refusal(paper: Paper) -> list[Flowable]:
    c = paper.content
    clause, appeal = c.get("clause") or {}, c.get("appeal") or {}
    decision = c.get("decision", "不予办理")
    quoted = f"：“{clause['text']}”" if clause.get("text") else ""
    return [
        *_facts(
            [
                ("申请人", escape(c.get("applicant", ""))),
                ("受理编号", latin(c.get("reference", ""))),
                ("申请事项", escape(c.get("applied_for", ""))),
                ("迁入地", escape(c.get("destination", ""))),
            ]
        ),
        Paragraph(escape(f"{c.get('applicant', '')}："), BODY),
        Paragraph(escape(f"你申请的{c.get('applied_for', '')}，经审查：{_sentence(c.get('reasons', ''))}"), INDENTED),
        Paragraph(
            escape(f"依据{clause.get('citation', '')}{quoted}，本所决定{decision}。"),
            INDENTED,
        ),
        Paragraph(
            escape(
                f"如不服本决定，可以自收到本决定书之日起{appeal.get('reconsideration_days', 60)}日内，依照"
                f"{appeal.get('reconsideration_law', '')}向{appeal.get('reconsideration_body', '')}申请行政复议；"
                f"也可以自收到本决定书之日起{appeal.get('litigation_months', 6)}个月内，依照"
                f"{appeal.get('litigation_law', '')}向{appeal.get('court', '')}提起行政诉讼。"
            ),
            INDENTED,
        ),
        Paragraph(escape(f"决定日期：{chinese_date(c.get('decided_on'))}　承办民警：{c.get('clerk', '')}"), BODY),
        *_contact(_station(paper)),
    ]


def _certificate(paper: Paper) -> list[Flowable]:
    c = paper.content
    lines = [
        ("迁入地址", c.get("destination")),
        ("迁移原因", c.get("reason")),
        ("签发机关", c.get("authority") or _station(paper)["name"]),
        ("受理派出所", _station(paper)["name"]),
        ("承办人", c.get("clerk")),
        ("签发日期", chinese_date(paper.issued_on)),
    ]
    if paper.valid_until:
        lines.append(("有效期至", f"{chinese_date(paper.valid_until)}（逾期作废，不能据此办理迁入）"))
    flowables = [
        _persons_table(c.get("persons", [])),
        Spacer(0, 5 * mm),
        Paragraph("经审核，上列人员符合迁入条件，准予迁入。", BODY),
    ]
    if c.get("origin_outside") or paper.case.origin_outside:
        flowables.append(
            Paragraph("迁入人员须凭本证到迁出地公安机关办理户口迁出手续，迁出后由受理派出所办理落户。", BODY)
        )
    flowables += [Paragraph(f"{label}：{escape(str(value))}", BODY) for label, value in lines if value]
    return flowables


RENDERERS: dict[str, Callable[[Paper], list[Flowable]]] = {
    PaperKind.RECEIPT: _receipt,
    PaperKind.NOTICE: _notice,
    PaperKind.REFUSAL: _refusal,
    PaperKind.CERTIFICATE: _certificate,
}


# --- Shared pieces --------------------------------------------------------------------------


def _content(paper: Paper, key: str) -> str:
    return paper.content.get(key) or ""


def _station(paper: Paper) -> dict:
    station = paper.content.get("station") or {}
    return {
        "name": station.get("name") or str(paper.case.station),
        **{k: station.get(k, "") for k in ("address", "phone")},
    }


def _contact(station: dict) -> list[Flowable]:
    """The station, where it is and how to call it: a line each, as a citizen looks them up."""
    where = "　".join(
        f"{label}：{station[key]}" for key, label in (("address", "地址"), ("phone", "电话")) if station.get(key)
    )
    return [Paragraph(escape(line), BODY) for line in (f"受理单位：{station['name']}", where) if line]


def _sentence(text: str) -> str:
    """A clerk's text as a sentence of the paper: ended with a full stop unless it has one."""
    text = (text or "").strip()
    return text if not text or text[-1] in "。！？；”" else f"{text}。"


def _facts(rows: list[tuple[str, str]]) -> list[Flowable]:
    table = Table(
        [[Paragraph(label, CELL), Paragraph(value or NONE, CELL)] for label, value in rows],
        colWidths=[28 * mm, None],
    )
    table.setStyle(_grid_style(header=False) + [("BACKGROUND", (0, 0), (0, -1), HEADER_FILL)])
    return [table, Spacer(0, 4 * mm)]


def _table(header: list[str], rows: list[list[str]], widths: list) -> Table:
    data = [[Paragraph(h, CELL) for h in header]] + [[Paragraph(escape(v or ""), CELL) for v in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(_grid_style())
    return table


def _grid_style(*, header: bool = True) -> list:
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    return style + ([("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL)] if header else [])


def _persons_table(persons: list[dict]) -> Table:
    """Each person on two rows: who they are, then the 迁出地 across the width."""
    header = ["序号", "姓名", "性别", "出生日期", "民族", "公民身份号码", "与户主关系"]
    data = [[Paragraph(h, CELL) for h in header]]
    spans = []
    for n, p in enumerate(persons, start=1):
        row = len(data)
        data.append(
            [
                Paragraph(str(n), CELL),
                Paragraph(escape(p.get("name", "")), CELL),
                Paragraph(escape(p.get("sex") or NONE), CELL),
                Paragraph(chinese_date(p.get("birth_date")), CELL),
                Paragraph(escape(p.get("ethnicity") or NONE), CELL),
                Paragraph(latin(p.get("id_number", ""), size=10, font="Courier"), CELL),
                Paragraph(escape(p.get("relation_to_head") or NONE), CELL),
            ]
        )
        data.append(
            ["", Paragraph(escape(f"现户籍地址（迁出地）：{p.get('origin_address') or NONE}"), CELL)] + [""] * 5
        )
        spans += [("SPAN", (1, row + 1), (-1, row + 1)), ("SPAN", (0, row), (0, row + 1))]
    table = Table(data, colWidths=[12 * mm, 20 * mm, 13 * mm, 29 * mm, 18 * mm, 44 * mm, None], repeatRows=1)
    table.setStyle(_grid_style() + spans)
    return table


class SignatureAndSeal(Flowable):
    """The issuing authority and the date, right-aligned, under the authority's seal."""

    def __init__(self, authority: str, day: str):
        super().__init__()
        self.authority, self.day = authority, day

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, SEAL_DIAMETER + 1 * mm
        return self.width, self.height

    def draw(self):
        canvas, right, middle = self.canv, self.width - 1 * mm, self.height / 2
        size = min(12.0, (self.width - 2 * mm) / max(len(self.authority), 1))  # a long name in smaller type
        canvas.setFont(CJK, size)
        canvas.setFillColor(colors.black)
        canvas.drawRightString(right, middle + 2 * mm, self.authority)
        canvas.drawRightString(right, middle - 6 * mm, self.day)
        text_width = max(canvas.stringWidth(t, CJK, size) for t in (self.authority, self.day))
        draw_seal(canvas, right - text_width / 2, middle, SEAL_DIAMETER / 2, self.authority)


def draw_seal(canvas, cx: float, cy: float, radius: float, authority: str, label: str = "户口专用章") -> None:
    """A round official seal: a red ring, a five-pointed star in the middle, the authority's name
    along the upper arc and the seal's use under the star. Slightly translucent, as ink over
    print, so the date beneath stays readable."""
    canvas.saveState()
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillColor(SEAL_RED)
    canvas.setStrokeAlpha(0.88)
    canvas.setFillAlpha(0.88)
    ring = radius * 0.075
    canvas.setLineWidth(ring)
    canvas.circle(cx, cy, radius - ring / 2, stroke=1, fill=0)
    _star(canvas, cx, cy, radius * 0.28)
    _arc_text(canvas, cx, cy, radius - ring * 1.9, authority)
    size = radius * 0.19
    canvas.setFont(CJK, size)
    canvas.drawCentredString(cx, cy - radius * 0.58, label)
    canvas.restoreState()


def _star(canvas, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382
    path = canvas.beginPath()
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        angle = math.radians(90 + i * 36)
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _arc_text(canvas, cx: float, cy: float, outer: float, text: str) -> None:
    """The characters upright to the ring, their tops toward it, spread over the upper arc
    (at most 230°, centred on the top) and smaller the longer the name."""
    count = max(len(text), 1)
    size = min(outer * 0.3, math.radians(230) * outer * 0.8 / (count * 1.08))
    baseline = outer - size * 0.92
    step = math.degrees(size * 1.08 / baseline)
    first = 90 + step * (count - 1) / 2
    canvas.setFont(CJK, size)
    for i, char in enumerate(text):
        angle = first - i * step
        canvas.saveState()
        canvas.translate(cx, cy)
        canvas.rotate(angle - 90)
        canvas.drawCentredString(0, baseline, char)
        canvas.restoreState()


def _closing(paper: Paper, verify_url: str) -> Table:
    """The foot of every paper, kept on one page: the verification block on the left, the
    authority, the date and the seal on the right."""
    authority = _content(paper, "authority") or _station(paper)["name"]
    table = Table(
        [[_verification_block(paper.code, verify_url), SignatureAndSeal(authority, chinese_date(paper.issued_on))]],
        colWidths=[100 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _verification_block(code: str, verify_url: str) -> Table:
    text = [
        Paragraph("核验码", SMALL),
        Paragraph(escape(spaced_code(code)), CODE),
        Spacer(0, 1 * mm),
        Paragraph("扫描二维码，或访问以下网址输入核验码，可核验本文书的真伪：", SMALL),
        Paragraph(latin(verify_url, size=7.5), SMALL),
    ]
    table = Table([[qr_code(verify_url), text]], colWidths=[QR_SIZE + 4 * mm, "*"])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#9b1c1c")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table
