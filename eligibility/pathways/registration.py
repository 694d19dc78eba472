"""Pathways 3 and 7 and the residence permit: students, newborns, people with no hukou, and the
居住证."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from ..dates import months_between
from ..explain import MET, NOT_MET, Cond, Trace, all_of, any_of
from ..facts import Facts
from ..rulebook import RuleBook
from .common import ZONE_ORDER, check_zone, is_true
from .settlement import legal_stable_residence

STAGE_DESTINATIONS = {
    "enrolling": "student.enrolment_destinations",
    "graduated": "student.graduate_destinations",
    "in_grassroots_service": "student.service_destinations",
    "service_ended": "student.after_service_destinations",
}
DESTINATION_NAMES = {
    "school": _("学校"),
    "employer": _("工作单位"),
    "own_residence": _("本人合法稳定住所"),
    "parents_hukou": _("父母户籍所在地"),
    "pre_enrolment_hukou": _("入学前户籍所在地"),
    "talent_agency": _("人才服务机构（劳动就业服务中心）"),
    "actual_residence": _("实际居住地"),
}


def student(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（六）: 户籍为我市的大中专院校（技校）学生，入学时可自愿选择是否将户口迁入学校。毕业后
    可将户口迁移至工作单位、本人合法稳定住所或父母户籍所在地。服务基层“四个项目”的高校毕业生在服务期间，户口可迁
    至所在县（市、区）人才服务机构，也可 … 迁至入学前户籍所在地，聘用期满后 … 将户口迁至实际居住地。
    临沧 6 / 德宏（八）: 在（我市）大中专院校（技校）就读的学生 … 毕业后 … 工作单位、本人合法稳定住所
    或入学前户籍所在地。"""
    p, s = book.params, f.applicant.student
    if s.stage is None:
        return t.check("student", "stage", Cond(None, ("applicant.student.stage",)), "")
    terms = []
    if s.stage in ("enrolling", "graduated"):
        if p["student.requires_hukou_in_city"]:
            terms.append(
                _in_city(
                    t,
                    "hukou_city",
                    f.applicant.hukou_city,
                    "applicant.hukou_city",
                    book.city,
                    _("学生户籍在本市"),
                    _("学生户籍不在本市"),
                )
            )
        if p["student.requires_school_in_city"]:
            terms.append(
                _in_city(
                    t,
                    "school_city",
                    s.school_city,
                    "applicant.student.school_city",
                    book.city,
                    _("在本市院校就读"),
                    _("不在本市院校就读"),
                )
            )
    if s.destination is None:
        terms.append(t.check("student", "destination", Cond(None, ("applicant.student.destination",)), ""))
        return all_of(*terms)
    allowed = p[STAGE_DESTINATIONS[s.stage]]
    ok = s.destination in allowed
    terms.append(
        t.check(
            "student",
            "destination",
            Cond(ok),
            _("户口迁往%(destination)s，属本阶段可迁往之处") if ok else _("本阶段户口不能迁往%(destination)s"),
            destination=DESTINATION_NAMES[s.destination],
        )
    )
    if ok and s.destination == "school":
        terms.append(
            _in_city(
                t,
                "school_city",
                s.school_city,
                "applicant.student.school_city",
                book.city,
                _("学校在本市"),
                _("学校不在本市，户口不能迁入本市学校"),
            )
        )
    if ok and s.destination == "own_residence":
        # The city's own meaning of 合法稳定住所 holds here too: where a rented home counts only
        # when the lease is registered and the owner consents (临沧 3, 德宏（五）), so it does for graduates.
        terms.append(legal_stable_residence(f, book, t, "student", strict=False, any_zone=True))
    return all_of(*terms)


def _in_city(t: Trace, key: str, value: str | None, fact: str, city: str, yes: str, no: str) -> Cond:
    cond = Cond(None, (fact,)) if value is None else Cond(value == city)
    return t.check("student", key, cond, yes if cond.met else no)


def newborn(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """郴政发〔2016〕1号 四（一）: 新生儿户口登记不受附加条件限制，公安机关对于不能提供生育证或社会抚养费征收票据
    等计生证明的未落户人员，应当依法为其办理户口登记，再按有关规定通报当地卫生计生部门。 (national law everywhere)"""
    baby = f.applicant.newborn
    if baby is None:
        return t.check("newborn", "newborn", Cond(None, ("applicant.newborn.born_in_china",)), "")
    t.check("newborn", "newborn", MET, _("新生儿出生登记不受附加条件限制"))
    return t.check(
        "newborn",
        "birth_permit",
        MET,
        _("已有生育证明")
        if baby.has_birth_permit
        else _("未提供生育证或计生证明不影响出生登记，登记后通报卫生计生部门"),
    )


def unregistered(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（九）: 凡具备中华人民共和国国籍的公民（除现役军人外），都有权利和义务登记户口，任何地方
    … 都不得私设“门槛”限制落户。临沧 12、13 / 德宏（十三）: 计划外生育子女、自发移民、跨境婚姻生育子女等群体落户。"""
    person = f.applicant.unregistered
    if person.reason is None:
        return t.check("unregistered", "unregistered", Cond(None, ("applicant.unregistered.reason",)), "")
    if person.reason == "cross_border_child" and "cross_border" in book.clauses:
        detail = _("跨境婚姻子女：境内出生凭医学出生证明、结婚证申报；境外出生经派出所调查核实后申报")
        return t.check("cross_border", "unregistered", MET, detail)
    return t.check("unregistered", "unregistered", MET, _("无户口人员依法登记户口，不设附加门槛"))


def residence_permit(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """居住证暂行条例 第2条 / 德宏（十二）/ 吉市政发〔2015〕5号（十五）/ 郴州 四（二）: 离开常住户口所在地，到
    (另一县级行政区域 / 吉林市城市) 居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的。
    曲政发〔2015〕82号（十二）: 到其它街道、乡镇居住三十日以上的。临沧 10: 离开户籍所在地进入我市 … 居住的。"""
    p, a = book.params, f.applicant
    terms = []
    if not set(ZONE_ORDER) <= p["residence_permit.zones"]:
        terms.append(check_zone(t, "residence_permit", f.zone, p["residence_permit.zones"]))
    terms.append(_left_hukou_place(f, book, t))
    min_days, min_months = p["residence_permit.min_days"], p["residence_permit.min_months"]
    if a.residence_since is None:
        stay = t.check("residence_permit", "residence", Cond(None, ("applicant.residence_since",)), "")
    else:
        days, months = (f.as_of - a.residence_since).days, months_between(a.residence_since, f.as_of)
        ok = days >= 0 and days >= min_days and months >= min_months
        detail, figures = _stay_words(f, days, months, min_days, min_months) if t.explain else ("", {})
        stay = t.check("residence_permit", "residence", Cond(ok), detail, **figures)
    terms.append(stay)
    if not p["residence_permit.requires_one_of"]:
        return all_of(*terms)
    kind = a.housing.kind
    one_of = any_of(
        is_true(a.employment_stable, "applicant.employment.stable"),
        Cond(None, ("applicant.housing.kind",)) if kind is None else Cond(kind in ("owned", "rented")),
        is_true(a.studying, "applicant.studying"),
    )
    t.check(
        "residence_permit",
        "one_of",
        one_of,
        _("具备合法稳定就业、合法稳定住所、连续就读之一")
        if one_of.met
        else _("合法稳定就业、合法稳定住所、连续就读均不具备"),
    )
    return all_of(*terms, one_of)


def _stay_words(f: Facts, days: int, months: int, min_days: int, min_months: int) -> tuple:
    """How long the applicant has lived there against what the rules ask, in words a person
    reads: 已居住 7 个月（215 日）；须居住满 6 个月 — or that residence has not begun yet."""
    if days < 0:
        return _("居住自 %(since)s 起算，晚于判断日 %(as_of)s，尚未开始计算居住时间"), {
            "since": formats.date_format(f.applicant.residence_since, "DATE_FORMAT"),
            "as_of": formats.date_format(f.as_of, "DATE_FORMAT"),
        }
    lived = (
        gettext("%(months)d 个月（%(days)d 日）") % {"months": months, "days": days}
        if months
        else gettext("%(days)d 日") % {"days": days}
    )
    if min_months and min_days:
        need = gettext("%(months)d 个月且 %(days)d 日") % {"months": min_months, "days": min_days}
    elif min_months or min_days:
        need = gettext("%(n)d 个月") % {"n": min_months} if min_months else gettext("%(n)d 日") % {"n": min_days}
    else:
        return _("已居住 %(lived)s；本市规则不设居住时间要求"), {"lived": lived}
    return _("已居住 %(lived)s；须居住满 %(need)s"), {"lived": lived, "need": need}


STREET_CHECKED_BY_STATION = _(
    "须离开户籍所在地到其它街道、乡镇居住：同一县级行政区域内的街道、乡镇由派出所依居住登记核实"
)


def _left_hukou_place(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """离开户籍所在地 / 离开常住户口所在地, at each text's level (residence_permit.left_hukou_level):
    county — 另一县级行政区域 (德宏（十二）), 在我市内跨县级以上行政区域 (临沧 10; from outside the city
    too: 进入我市), and the same reading for 吉林（十五） and the national 第2条 (郴州); street — 到其它街道、
    乡镇 (曲靖（十二）), finer than any fact of the contract: within one county the street is the
    station's to check on the residence registration, so the engine refuses no one on it."""
    a, level = f.applicant, book.params["residence_permit.left_hukou_level"]
    if a.hukou_county and f.county:
        if a.hukou_county != f.county:
            return t.check("residence_permit", "left_hukou", MET, _("户籍在另一县级行政区域，已离开户籍所在地"))
        if level == "street":
            return t.check("residence_permit", "left_hukou", MET, STREET_CHECKED_BY_STATION)
        return t.check(
            "residence_permit", "left_hukou", NOT_MET, _("户籍就在居住地所在的县级行政区域，未离开户籍所在地")
        )
    if a.hukou_city is not None and a.hukou_city != book.city:
        return t.check("residence_permit", "left_hukou", MET, _("户籍不在本市，已离开户籍所在地"))
    if level == "street":
        return t.check("residence_permit", "left_hukou", MET, STREET_CHECKED_BY_STATION)
    if a.hukou_city is None:
        return t.check("residence_permit", "left_hukou", Cond(None, ("applicant.hukou_city",)), "")
    missing = tuple(
        name for name, value in (("applicant.hukou_county", a.hukou_county), ("county", f.county)) if not value
    )
    return t.check("residence_permit", "left_hukou", Cond(None, missing), "")
