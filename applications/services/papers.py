"""The papers a case's steps produce: 受理回执 on acceptance, 一次性告知书 on a request for more
materials, 不予受理 / 不予办理决定书 on refusal, 准予迁入证明 (or the electronic 户口准迁证) on
approval. Each function is called inside the caller's transaction, numbers the paper from the one
counter (next_number), gives it a verification code (common.codes) and freezes what it prints.

Everything a paper prints is written into its content in the portal's official language, so the
paper reads the same in every language, and on any later day."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation

from common.codes import new_verification_code
from eligibility.constants import DocumentKind
from eligibility.rulebook import published_rulebook
from registers.constants import HouseholdKind, RegionKind, Relation, Sex
from registers.identity import birth_date_of, sex_of
from registers.models import Membership, Person, PoliceStation

from ..constants import CITY_PREFIX, CaseKind, EventKind
from ..models import Case, DocumentRequest, Paper, PaperKind
from ..working_days import add_working_days
from .common import next_number
from .notify import notify_paper

NUMBER_PREFIX = {
    PaperKind.CERTIFICATE: "ZQ",  # 准迁
    PaperKind.RECEIPT: "SL",  # 受理
    PaperKind.NOTICE: "GZ",  # 告知
    PaperKind.REFUSAL: "BY",  # 不予
}
RECEIPT_TITLE = "受理回执"
NOTICE_TITLE = "一次性告知书"
NOT_ACCEPTED_TITLE = "不予受理决定书"
NOT_GRANTED_TITLE = "不予办理决定书"
APPROVAL_TITLE = "准予迁入证明"
PERMIT_TITLE = "户口准迁证（电子）"
AS_ORIGIN = "以迁出地户籍为准"  # what the portal's register cannot say about a person from outside

LICENSING_LAW_32 = (
    "《中华人民共和国行政许可法》第三十二条：申请材料不齐全或者不符合法定形式的，应当当场或者在五日内"
    "一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理。"
)
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
RECONSIDERATION_DAYS = 60
LITIGATION_LAW = "《中华人民共和国行政诉讼法》第四十六条"
LITIGATION_MONTHS = 6

DEFAULTS = {
    "processing.time_limit_working_days": 7,
    "processing.certificate_validity_days": 40,
}


def issue_receipt(case: Case, clerk) -> Paper:
    """受理回执: what the station received, the 容缺 promises, the time limit it promises and where
    to ask."""
    today = timezone.localdate()
    limit = _parameter(case, "processing.time_limit_working_days")
    with _official():
        content = {
            **_heading(case),
            "accepted_on": today.isoformat(),
            "received": [
                {"kind": d.get_kind_display(), "name": d.original_name}
                for d in sorted(case.documents.all(), key=lambda d: (d.uploaded_at, d.pk))
                if d.purged_at is None
            ],
            "promises": [
                {"kind": p.get_kind_display(), "due_on": p.due_on.isoformat()}
                for p in sorted(case.promises.all(), key=lambda p: (p.due_on, p.pk))
            ],
            "time_limit_working_days": limit,
            "due_date": (case.due_date or add_working_days(today, limit)).isoformat(),
            "clerk": staff_name(clerk),
        }
    return _issue(case, clerk, PaperKind.RECEIPT, RECEIPT_TITLE, content)


def issue_notice(request: DocumentRequest) -> Paper:
    """一次性告知书: every item the request lists, why, how and where to supply it, and that the
    time limit stands still until the answer (《行政许可法》第32条)."""
    case, clerk = request.case, request.requested_by
    station = _station(case.station)
    with _official():
        items = [{"kind": i.get_kind_display(), "reason": i.reason} for i in request.items.order_by("position")]
        if not items:  # a request from before the items were listed: its kinds, its message
            labels = dict(DocumentKind.choices)
            items = [{"kind": str(labels.get(k, k)), "reason": request.message} for k in request.kinds]
        content = {
            **_heading(case),
            "requested_on": timezone.localdate(request.requested_at).isoformat(),
            "items": items,
            "message": request.message,
            "repeat_reason": request.repeat_reason,
            "how": (
                f"请登录户籍迁移落户服务平台，在本业务页面逐项上传上列材料；无法提供的，逐项写明原因。"
                f"也可携带原件到{station['name']}（{station['address'] or '地址见派出所公告'}）窗口提交。"
            ),
            "clock": "自本告知书出具之日起至上列材料全部补正之日止，办理时限暂停计算；补正后继续计算。",
            "legal_basis": LICENSING_LAW_32,
            "clerk": staff_name(clerk),
        }
    return _issue(case, clerk, PaperKind.NOTICE, NOTICE_TITLE, content, request=request)


def issue_refusal(case: Case, clerk) -> Paper:
    """不予受理决定书 (refused before a clerk accepted the case) or 不予办理决定书 (after): the
    facts, the clerk's reasons, the clause and its text, and the appeal route with its bodies."""
    accepted = case.events.filter(kind=EventKind.TAKEN).exists()
    title = NOT_GRANTED_TITLE if accepted else NOT_ACCEPTED_TITLE
    region = case.station.region
    clause = case.rule_set.clauses.filter(citation=case.decision_clause).first() if case.rule_set_id else None
    with _official():
        content = {
            **_heading(case),
            "decided_on": timezone.localdate(case.decided_at or timezone.now()).isoformat(),
            "accepted": accepted,
            "decision": "不予办理" if accepted else "不予受理",
            "reasons": case.decision_text,
            "clause": {"citation": case.decision_clause, "text": clause.text if clause else ""},
            "rule_set": f"{case.rule_set.document} 第 {case.rule_set.version} 版" if case.rule_set_id else "",
            "appeal": {
                "reconsideration_body": f"{region.name}人民政府",
                "reconsideration_days": RECONSIDERATION_DAYS,
                "reconsideration_law": RECONSIDERATION_LAW,
                "court": f"{region.name}人民法院",
                "litigation_months": LITIGATION_MONTHS,
                "litigation_law": LITIGATION_LAW,
            },
            "clerk": staff_name(clerk),
        }
    return _issue(case, clerk, PaperKind.REFUSAL, title, content)


def issue_certificate(case: Case, clerk, movers) -> Paper:
    """准予迁入证明, or the electronic 户口准迁证 when someone moving is not in the portal's register:
    each person as the register (or the application) knows them, where they move from and to, why,
    who issued it, and until when it may be used to move in."""
    current = Membership.objects.filter(
        person__id_number__in=[m.id_number for m in movers], until__isnull=True
    ).select_related("person", "household__address__region")
    return issue_certificate_content(
        case, clerk, certificate_content(case, clerk, movers, {m.person.id_number: m for m in current})
    )


def certificate_content(case: Case, clerk, movers, current: dict[str, Membership]) -> dict:
    """What the certificate prints, from the movers' current memberships (by identity number) as
    they stand before the move; issue it with issue_certificate_content."""
    today = timezone.localdate()
    validity = _parameter(case, "processing.certificate_validity_days")
    relatives = {r.id_number: r for r in case.relatives.all()}
    persons = {number: m.person for number, m in current.items()}
    outside = [m.id_number for m in movers if m.id_number not in current]
    if outside:
        persons |= {p.id_number: p for p in Person.objects.filter(id_number__in=outside)}
    valid_until = today + datetime.timedelta(days=validity)
    with _official():
        return {
            **_heading(case),
            "persons": [
                _mover(
                    case,
                    m,
                    persons.get(m.id_number),
                    getattr(current.get(m.id_number), "household", None),
                    relatives.get(m.id_number),
                )
                for m in movers
            ],
            "destination": str(case.address or case.station),
            "reason": case.get_pathway_display() if case.pathway else case.get_kind_display(),
            "origin_outside": bool(outside),
            "clerk": staff_name(clerk),
            "issued_on": today.isoformat(),
            "valid_until": valid_until.isoformat(),
            "validity_days": validity,
        }


def issue_certificate_content(case: Case, clerk, content: dict) -> Paper:
    title = PERMIT_TITLE if content["origin_outside"] else APPROVAL_TITLE
    valid_until = datetime.date.fromisoformat(content["valid_until"])
    return _issue(case, clerk, PaperKind.CERTIFICATE, title, content, valid_until=valid_until)


def issuing_authority(station: PoliceStation) -> str:
    """The authority a station's papers are sealed by: 曲靖市公安局麒麟分局南宁派出所 for a station
    of a city district, 陆良县公安局中枢派出所 for one of a county."""
    region = station.region
    short = station.name.removeprefix(region.name) or station.name
    if region.kind == RegionKind.URBAN_DISTRICT and region.parent is not None:
        bureau = f"{region.parent.name}公安局{region.name.removesuffix('区')}分局"
    else:
        bureau = f"{region.name}公安局"
    return f"{bureau}{short}"


def staff_name(user) -> str:
    return user.get_full_name() or user.username


# --- Pieces ---------------------------------------------------------------------------------


def _issue(case: Case, clerk, kind: str, title: str, content: dict, **fields) -> Paper:
    paper = Paper.objects.create(
        case=case,
        kind=kind,
        title=title,
        number=_number(kind, case.city, timezone.localdate()),
        code=new_verification_code(),
        issued_by=clerk,
        content=content,
        **fields,
    )
    notify_paper(paper)  # the applicant hears of it, with the paper's link
    return paper


def _number(kind: str, city: str, day: datetime.date) -> str:
    prefix = f"{CITY_PREFIX[city]}-{NUMBER_PREFIX[kind]}-{day.year}"
    return f"{prefix}-{next_number(prefix):06d}"


def _heading(case: Case) -> dict:
    """What every paper of the case says: whose case, which, what for, and the station."""
    return {
        "reference": case.reference or "",
        "applicant": case.name,
        "applied_for": case.get_pathway_display() if case.kind == CaseKind.SETTLEMENT else case.get_kind_display(),
        "destination": str(case.address or case.station or ""),
        "station": _station(case.station),
        "authority": issuing_authority(case.station),
        "city": case.city,
    }


def _station(station: PoliceStation) -> dict:
    return {"name": station.name, "address": station.address, "phone": station.phone}


def _mover(case: Case, mover, person, household, relative) -> dict:
    """One person of a certificate: the register's record when they are in it, else what their
    identity number says and the 迁出地 the application gives."""
    sex = person.sex if person else sex_of(mover.id_number)
    birth_date = person.birth_date if person else birth_date_of(mover.id_number)
    if household is not None:
        origin = str(household.address)
    else:
        origin = (relative.origin_address if relative else "") or case.origin_address or AS_ORIGIN
    return {
        "name": mover.name,
        "sex": str(Sex(sex).label),
        "birth_date": birth_date.isoformat(),
        "ethnicity": person.ethnicity if person and household is not None else AS_ORIGIN,
        "id_number": mover.id_number,
        "relation_to_head": str(_relation_to_head(case, mover).label),
        "origin_address": origin,
    }


def _relation_to_head(case: Case, mover) -> Relation:
    """As the move will record it (approval._relation_to_head): the applicant heads a new
    household and the relatives are what they are to them; in a collective household everyone is
    a member; joining another's household, the relation is the register's to fix."""
    from .approval import KIN_TO_HEAD  # approval issues the certificate through this module

    household = case.target_household
    if household is not None and household.kind == HouseholdKind.COLLECTIVE:
        return Relation.COLLECTIVE_MEMBER
    applicant_heads = household is None or household.head.id_number == case.id_number
    if not applicant_heads:
        return Relation.OTHER_RELATIVE
    if mover.relation == "self":
        return Relation.HEAD
    return Relation(KIN_TO_HEAD.get(mover.relation, Relation.OTHER_RELATIVE))


def _parameter(case: Case, key: str):
    """A processing parameter of the case's rule set, read once per case object for every paper
    (a published one's from its rule book, cached for the life of the process)."""
    rule_set_id, values = case.__dict__.get("_paper_parameters", (None, None))
    if values is None or rule_set_id != case.rule_set_id:
        values = {}
        rule_set = case.rule_set if case.rule_set_id else None
        if rule_set is not None and rule_set.is_published:  # never edited: its rule book, loaded once
            values = published_rulebook(rule_set.pk, rule_set.effective_to).params
        elif rule_set is not None:
            values = dict(rule_set.parameters.filter(key__in=DEFAULTS).values_list("key", "value"))
        case.__dict__["_paper_parameters"] = (case.rule_set_id, values)
    value = values.get(key)
    return DEFAULTS[key] if value is None else value


def _official():
    """Labels (kinds, sexes, relations) in the portal's official language, as the paper prints them."""
    return translation.override(settings.LANGUAGE_CODE)


__all__ = [
    "certificate_content",
    "issue_certificate",
    "issue_certificate_content",
    "issue_notice",
    "issue_refusal",
    "issue_receipt",
    "issuing_authority",
    "staff_name",
]
