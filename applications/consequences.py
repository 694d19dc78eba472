"""What a decision, a withdrawal, a deletion or a batch will do, said in words before it is done:
the confirmation page (templates/confirm.html) shows it, and only a second POST with
``confirmed=1`` acts. Reads only; the services decide, and may still refuse with a CaseError."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eligibility.constants import KinRelation
from registers.models import Membership, Person

from .constants import CaseKind
from .models import Case


@dataclass(frozen=True)
class Move:
    name: str
    relation: str
    leaving: str


@dataclass
class Confirmation:
    title: str
    button: str
    effects: list[str]
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, value) pairs
    moves: list[Move] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    more_cases: int = 0


def _in_your_name(user) -> str:
    name = user.get_full_name() or user.username
    return _("决定以您（%(name)s）的名义作出，记入办理记录，不能撤销。") % {"name": name}


def _case_line(case: Case) -> tuple[str, str]:
    what = case.get_pathway_display() if case.pathway else case.get_kind_display()
    return _("业务"), f"{case.reference} · {case.name} · {what}"


# --- Approval ----------------------------------------------------------------------------------


def _household_words(household) -> str:
    return f"{household.register_number} {household.address}（{household.station}）"


def _relation_words(relation: str) -> str:
    try:
        return str(KinRelation(relation).label)
    except ValueError:
        return relation


def _settlement(case: Case, clerk) -> Confirmation:
    from .services.approval import movers_of  # the same list the approval moves

    movers = movers_of(case)
    current = {
        m.person.id_number: m
        for m in Membership.objects.filter(
            person__id_number__in=[m.id_number for m in movers], until__isnull=True
        ).select_related("person", "household__address__region", "household__address__station")
    }
    if case.target_household_id:
        joining = f"{_household_words(case.target_household)}（{case.target_household.get_kind_display()}）"
    else:
        joining = _("新立户（%(name)s 为户主）：%(address)s") % {"name": case.name, "address": case.address}
    moves = [
        Move(
            name=m.name,
            relation=_("申请人") if m.relation == "self" else _relation_words(m.relation),
            leaving=_household_words(current[m.id_number].household)
            if m.id_number in current
            else _("不在本平台户籍库（待迁出地户口迁移证）"),
        )
        for m in movers
    ]
    outside = len(current) < len(movers)
    effects = [
        _("准予 %(count)d 人迁入本市落户，见下表。") % {"count": len(movers)},
        _("将签发户口准迁证（电子）；迁出地办理迁出、收到户口迁移证后，再录入迁移证办理迁入，户籍库届时变更。")
        if outside
        else _("确认后户籍库立即变更：表中每人迁出现户籍、迁入目的户；并签发准予迁入证明（带核验码），申请人可下载。"),
    ]
    staying = [r.name for r in case.relatives.all() if not r.eligible]
    if staying:
        effects.append(_("不能随迁的亲属（%(names)s）留在原户籍。") % {"names": "、".join(staying)})
    effects.append(_in_your_name(clerk))
    return Confirmation(
        title=_("确认准予迁入"),
        button=_("确认准予迁入"),
        effects=effects,
        details=[_case_line(case), (_("拟迁入户"), joining)],
        moves=moves,
    )


CORRECTABLE = ("name", "ethnicity")  # what a correction case may change (services.approval)


def _registration(case: Case, clerk) -> Confirmation:
    """Birth, death, correction, residence permit, endorsement: one sentence for what changes."""
    facts = case.facts.get(case.kind) or {}
    if case.kind == CaseKind.NEWBORN:
        effect = _("将为新生儿 %(name)s 在 %(household)s 登记出生户口，并编配公民身份号码。") % {
            "name": facts.get("name", ""),
            "household": _household_words(case.target_household) if case.target_household_id else "—",
        }
    elif case.kind == CaseKind.DEATH:
        person = Person.objects.filter(id_number=facts.get("id_number")).first()
        effect = _("将登记 %(name)s 死亡，注销其户口。") % {
            "name": person.name if person else facts.get("id_number", "")
        }
    elif case.kind == CaseKind.CORRECTION:
        person = Person.objects.filter(id_number=facts.get("id_number")).first()
        field = facts.get("field")
        effect = _("将把户籍库中 %(name)s 的%(field)s更正为“%(value)s”。") % {
            "name": person.name if person else case.name,
            "field": Person._meta.get_field(field).verbose_name if field in CORRECTABLE else field or "",
            "value": facts.get("value", ""),
        }
    elif case.kind == CaseKind.RESIDENCE_PERMIT:
        effect = _("将为 %(name)s 签发居住证（电子），持证人可下载。") % {"name": case.name}
    else:
        effect = _("将为 %(name)s 的居住证签注，有效期随之延续。") % {"name": case.name}
    button = {
        CaseKind.RESIDENCE_PERMIT: _("确认准予签发居住证"),
        CaseKind.ENDORSEMENT: _("确认准予签注"),
    }.get(case.kind, _("确认准予办理"))
    return Confirmation(title=button, button=button, effects=[effect, _in_your_name(clerk)], details=[_case_line(case)])


def of_approval(case: Case, clerk) -> Confirmation:
    if case.kind == CaseKind.SETTLEMENT:
        return _settlement(case, clerk)
    return _registration(case, clerk)


# --- Refusal, withdrawal, deletion ----------------------------------------------------------------


def of_refusal(case: Case, clerk, *, clause: str, text: str) -> Confirmation:
    return Confirmation(
        title=_("确认不予办理"),
        button=_("确认不予办理"),
        effects=[
            _("本业务办结为“不予办理”，不再继续办理。"),
            _(
                "申请人将收到不予办理决定书，写明以下理由和依据条款，并告知救济途径："
                "可在 60 日内申请行政复议，或在 6 个月内提起行政诉讼。"
            ),
            _in_your_name(clerk),
        ],
        details=[_case_line(case), (_("依据条款"), clause), (_("不予办理的理由"), text)],
    )


def of_withdrawal(case: Case) -> Confirmation:
    return Confirmation(
        title=_("确认撤回申请"),
        button=_("确认撤回"),
        effects=[
            _("申请 %(reference)s 将撤回，派出所停止办理。") % {"reference": case.reference},
            _("撤回后不能恢复；如仍要办理，须重新提交申请。"),
            _("已提交的材料随业务留存，到期后按规定删除。"),
        ],
        details=[_case_line(case)],
    )


def of_draft_deletion(case: Case) -> Confirmation:
    documents = case.documents.count()
    return Confirmation(
        title=_("确认删除草稿"),
        button=_("确认删除"),
        effects=[
            _("草稿及已上传的 %(count)d 份材料将被删除，不能恢复。") % {"count": documents}
            if documents
            else _("草稿将被删除，不能恢复。"),
        ],
        details=[
            (_("草稿"), f"{case.get_pathway_display() if case.pathway else case.get_kind_display()} · {case.name}"),
            (_("创建于"), date_format(case.created_at.date())),
        ],
    )


# --- Batch review ---------------------------------------------------------------------------------

LISTED = 50


def of_batch(ready: QuerySet[Case], starter) -> Confirmation:
    name = starter.get_full_name() or starter.username
    count = ready.count()
    return Confirmation(
        title=_("确认开始批量审核"),
        button=_("确认开始批量审核"),
        effects=[
            _("%(count)d 件业务将加入批量审核，由后台逐件办理。") % {"count": count},
            _(
                "每件办理时重新核查：仍符合条件、材料齐全的，以您（%(name)s）的名义准予，户籍随即变更并签发证明；"
                "不再符合的退出批量并注明原因，留待人工办理。"
            )
            % {"name": name},
            _("批量开始后可以取消，已办理的业务不受影响。"),
        ],
        cases=list(ready.order_by("due_date", "submitted_at", "pk")[:LISTED]),
        more_cases=max(0, count - LISTED),
    )
