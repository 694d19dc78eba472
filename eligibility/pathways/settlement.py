"""Pathway 1 (residence / employment) and pathway 6 (talent), and the relatives who come along."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from ..dates import months_between
from ..explain import MET, NOT_MET, Cond, Trace, all_of, any_of
from ..facts import Facts, Relative
from ..rulebook import RuleBook
from .common import check_flag, check_zone

INSURANCE_NAMES = {"pension": _("养老保险"), "medical": _("医疗保险"), "unemployment": _("失业保险")}
INSURANCE_FACTS = tuple((kind, f"applicant.social_insurance_months.{kind}") for kind in INSURANCE_NAMES)


def residence(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """Settling on a legal stable residence (or, where a city allows it, on stable employment).

    曲政发〔2015〕82号（四）: 在各县（市、区）城区、产业园区、建制镇（含乡）有合法稳定住所（含租赁）或有合法
    稳定就业的人员 … 可以在当地申请登记常住户口。
    临沧 2、3 / 德宏（四）（五）: 合法稳定住所（含租赁）; 租赁须办理租赁登记备案并征得房屋产权人同意。
    郴政发〔2016〕1号 三（一）: 中心城区 — 合法稳定就业并有合法稳定住所（含租赁），同时参加城镇社会保险;
    三（二）: 其他县级市市区、县人民政府驻地镇和其他建制镇 — 合法稳定住所（含租赁）。
    吉市政发〔2015〕5号（十二）: 市内 — 合法稳定住所（含租赁房屋两年以上）、合法稳定职业，并同时参加养老、
    医疗、失业保险一年以上; （十一）: 五县（市）城区、县政府驻地镇和其他建制镇 — 合法稳定住所（含租赁房屋）。
    """
    p = book.params
    if f.applicant.settle_into == "community_collective":
        return _residence_collective(f, book, t)
    if f.zone in p["residence.strict_zones"]:
        return _residence_strict(f, book, t)
    zones = p["residence.owned_zones"] | p["residence.rented_zones"] | p["residence.employment_zones"]
    zone = check_zone(t, "residence", f.zone, zones)
    if zone.met is not True:
        return zone
    home = legal_stable_residence(f, book, t, "residence", strict=False)
    if f.zone not in p["residence.employment_zones"]:
        return home
    job = check_flag(
        t,
        "residence",
        "employment",
        f.applicant.employment_stable,
        "applicant.employment.stable",
        _("有合法稳定就业"),
        _("无合法稳定就业"),
    )
    return any_of(home, job)


def _residence_collective(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（十一）: 每个社区（村、居委会）都应向辖区派出所申请设立集体户，专门解决辖区内租房人员及其
    家属的落户问题. A renter (and family) settles into the collective household of the community or
    village committee where the rented home lies, without the owner's consent: the household is the
    community's, not the owner's. Cities whose texts have no such clause open it nowhere."""
    p = book.params
    zones = p["residence.collective_zones"]
    clause = "collective_household" if "collective_household" in book.clauses else "residence"
    if not zones:
        return t.check(clause, "collective", NOT_MET, _("本市规则未设租房人员落入社区（村）集体户：请选择在住所落户"))
    zone = check_zone(t, clause, f.zone, zones)
    kind = f.applicant.housing.kind
    renter = Cond(None, ("applicant.housing.kind",)) if kind is None else Cond(kind == "rented")
    t.check(
        clause,
        "housing",
        renter,
        _("在辖区内租房居住：可落入所在社区（村）的集体户，无须房屋产权人同意")
        if renter.met
        else _("社区（村）集体户专门解决辖区内租房人员及其家属的落户；非租房人员请选择在住所落户"),
    )
    return all_of(zone, renter)


def _residence_strict(f: Facts, book: RuleBook, t: Trace) -> Cond:
    p = book.params
    check_zone(t, "residence_strict", f.zone, p["residence.strict_zones"])
    home = legal_stable_residence(f, book, t, "residence_strict", strict=True)
    job = check_flag(
        t,
        "residence_strict",
        "employment",
        f.applicant.employment_stable,
        "applicant.employment.stable",
        _("有合法稳定就业（职业）"),
        _("无合法稳定就业（职业）"),
    )
    return all_of(home, job, _insurance(f, book, t))


def legal_stable_residence(
    f: Facts, book: RuleBook, t: Trace, clause: str, *, strict: bool, any_zone: bool = False
) -> Cond:
    """合法稳定住所: owned, or rented on the city's terms (registration, consent, lease length).
    ``any_zone``: a clause that names the residence but not where it must be (a graduate's 本人合法稳定住所)."""
    p, housing = book.params, f.applicant.housing
    if housing.kind is None:
        return t.check(clause, "housing", Cond(None, ("applicant.housing.kind",)), "")
    if housing.kind == "none":
        return t.check(clause, "housing", NOT_MET, _("在当地无合法稳定住所"))
    allowed = strict or any_zone or f.zone in p[f"residence.{housing.kind}_zones"]
    if housing.kind == "owned":
        return t.check(
            clause,
            "housing",
            Cond(allowed),
            _("有自有合法稳定住所") if allowed else _("该区域不接受以自有住房落户"),
        )
    if not allowed:
        return t.check(clause, "housing", NOT_MET, _("该区域不接受以租赁住房落户"))
    terms = [t.check(clause, "housing", MET, _("租赁住房属合法稳定住所（含租赁）"))]
    if p["residence.rental_requires_registration"]:
        terms.append(
            check_flag(
                t,
                clause,
                "lease_registered",
                housing.lease_registered,
                "applicant.housing.lease_registered",
                _("租赁已在房管部门登记备案"),
                _("租赁未在房管部门登记备案"),
            )
        )
    if p["residence.rental_requires_owner_consent"]:
        terms.append(
            check_flag(
                t,
                clause,
                "owner_consent",
                housing.owner_consent,
                "applicant.housing.owner_consent",
                _("房屋产权人同意落户"),
                _("房屋产权人未同意落户"),
            )
        )
    if p["residence.rental_requires_actual_residence"]:
        terms.append(_lives_there(f, t, clause))
    required = p["residence.strict_min_lease_months"] if strict else 0
    if required:
        terms.append(_lease_length(f, t, clause, required))
    return all_of(*terms)


def _lives_there(f: Facts, t: Trace, clause: str) -> Cond:
    """临沧 3 / 德宏（五）: 实际居住在城镇范围内租赁性质的合法稳定住所 — the renter lives there already
    (residence began on or before the day judged), not from a lease that starts later."""
    since = f.applicant.residence_since
    if since is None:
        return t.check(clause, "actual_residence", Cond(None, ("applicant.residence_since",)), "")
    ok = since <= f.as_of
    return t.check(
        clause,
        "actual_residence",
        Cond(ok),
        _("自 %(since)s 起实际居住在该租赁住所") if ok else _("尚未实际居住在该租赁住所（%(since)s 起才居住）"),
        since=formats.date_format(since, "DATE_FORMAT"),
    )


def _lease_length(f: Facts, t: Trace, clause: str, required: int) -> Cond:
    since = f.applicant.housing.lease_since
    if since is None:
        return t.check(clause, "lease_months", Cond(None, ("applicant.housing.lease_since",)), "")
    months = months_between(since, f.as_of)
    return t.check(
        clause,
        "lease_months",
        Cond(months >= required),
        _("租赁满 %(months)d 个月，需满 %(required)d 个月"),
        months=months,
        required=required,
    )


def _insurance(f: Facts, book: RuleBook, t: Trace) -> Cond:
    p, paid = book.params, f.applicant.insurance
    kinds, required = p["residence.strict_insurance_kinds"], p["residence.strict_insurance_months"]
    parts = []
    for kind, fact in INSURANCE_FACTS:
        if kind in kinds:
            months = getattr(paid, kind)
            parts.append(Cond(None, (fact,)) if months is None else MET if months >= required else NOT_MET)
    combine = all_of if p["residence.strict_insurance_all_kinds"] else any_of
    cond = combine(*parts)
    if not t.explain:
        return cond
    shown = gettext("、").join(
        gettext("%(kind)s %(months)d 个月") % {"kind": gettext(INSURANCE_NAMES[k]), "months": getattr(paid, k)}
        for k in INSURANCE_NAMES
        if k in kinds and getattr(paid, k) is not None
    )
    rule = (
        _("已缴：%(shown)s；须同时参加%(kinds)s，各满 %(required)d 个月")
        if p["residence.strict_insurance_all_kinds"]
        else _("已缴：%(shown)s；须参加%(kinds)s之一，满 %(required)d 个月")
    )
    return t.check(
        "residence_strict",
        "social_insurance",
        cond,
        rule,
        shown=shown or gettext("无"),
        kinds=gettext("、").join(gettext(INSURANCE_NAMES[k]) for k in INSURANCE_NAMES if k in kinds),
        required=required,
    )


def talent(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """吉市政发〔2015〕5号（十三）: 大中专和职业院校毕业生、技术和技能人才、留学回国人员等各类人才在全市各类
    城镇落户不受稳定住所和稳定职业等限制，凭毕（结）业证书或相关专业证书即可办理落户手续。"""
    p = book.params
    zone = check_zone(t, "talent", f.zone, p["talent.zones"])
    kinds = f.applicant.talent
    if kinds is None:
        held = t.check("talent", "talent", Cond(None, ("applicant.talent",)), "")
    else:
        matched = [k for k in kinds if k in p["talent.kinds"]]
        held = t.check(
            "talent",
            "talent",
            Cond(bool(matched)),
            _("属可凭证书落户的人才类别：%(kinds)s") if matched else _("未提供可凭证书落户的人才类别"),
            kinds="、".join(matched),
        )
    return all_of(zone, held)


# --- Relatives coming along ----------------------------------------------------------------

RELATION_NAMES = {
    "spouse": _("配偶"),
    "child": _("子女"),
    "parent": _("父母"),
    "grandparent": _("祖父母/外祖父母"),
    "grandchild": _("孙子女/外孙子女"),
    "great_grandparent": _("曾祖父母"),
    "great_grandchild": _("曾孙子女"),
    "sibling": _("兄弟姐妹"),
    "other": _("其他亲属"),
}


def relatives_coming_along(f: Facts, book: RuleBook, pathway: str, applicant: Cond, *, explain: bool) -> list[dict]:
    """Each relative's own verdict: the applicant qualifies, and the relative is one the clause
    lets come along (共同居住生活的 … 配偶、未婚子女、父母(等)), living with the applicant."""
    p = book.params
    if pathway == "talent":
        allowed, clause = p["talent.relatives"], "talent"
    elif f.applicant.settle_into == "community_collective" and "collective_household" in book.clauses:
        allowed, clause = p["residence.relatives"], "collective_household"
    elif f.zone in p["residence.strict_zones"]:
        allowed, clause = p["residence.strict_relatives"], "residence_strict"
    else:
        allowed, clause = p["residence.relatives"], "residence"
    unmarried = p["residence.children_unmarried"]
    citation = book.clauses[clause][0]
    answers = []
    for index, relative in enumerate(f.relatives):
        cond, reason = _relative(relative, allowed, unmarried, applicant)
        answer = {"index": index, "relation": relative.relation, "eligible": cond.met is True, "clause": citation}
        if cond.met is None:
            answer["missing"] = [
                f"relatives[{index}].{m}" if not m.startswith(("applicant", "zone")) else m for m in cond.missing
            ]
        if explain:  # batch mode builds no text: translating is most of the cost of a verdict
            answer["detail"] = gettext(reason) % {"name": gettext(RELATION_NAMES[relative.relation])}
            if cond.met is None:
                answer["detail"] = _relative_missing(index, f.relatives, answer["missing"])
        answers.append(answer)
    return answers


def _relative_missing(index: int, relatives, missing: list[str]) -> str:
    """What is still needed to decide one relative, naming the relative (the applicant's own
    missing facts are asked for with the applicant's conditions)."""
    from ..explain import missing_message

    own = [m for m in missing if m.startswith("relatives[")]
    if not own:
        return gettext("申请人的条件尚待补充，亲属能否随迁随之而定")
    return missing_message(own, relatives=[{"relation": r.relation} for r in relatives])


def _relative(relative: Relative, allowed, unmarried_children: bool, applicant: Cond) -> tuple[Cond, str]:
    """The relative's verdict and why, as an untranslated message (its %(name)s the relation)."""
    if relative.relation not in allowed:
        return NOT_MET, _("%(name)s不在可随迁亲属范围内")
    together = Cond(None, ("co_resident",)) if relative.co_resident is None else Cond(relative.co_resident)
    single = MET
    if relative.relation == "child" and unmarried_children:
        if relative.married is not None:
            single = Cond(not relative.married)
        elif relative.minor:
            single = MET  # a minor cannot be married
        else:
            single = Cond(None, ("married",))
    cond = all_of(applicant, together, single)
    if cond.met:
        return cond, _("%(name)s，共同居住，可随申请人落户")
    if applicant.met is False:
        return cond, _("申请人不符合落户条件，亲属不能随迁")
    if together.met is False:
        return cond, _("%(name)s未与申请人共同居住")
    if single.met is False:
        return cond, _("已婚子女不在可随迁范围内")
    return cond, _("尚缺事实，无法判断")
