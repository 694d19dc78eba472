"""A case's facts as a person reads them: each fact of the contract with its label, the question
that asks for it, and its value in words (自有住房, 已办理租赁登记, 13 个月, 2026年12月1日), grouped as
落户地 / 申请人 / each relative by name. The clerk's case page, the applicant's review page, the
self-check, the papers and the admin all read facts through here, in the reader's language.

Paths are the contract's (``applicant.housing.kind``); a relative's are ``relatives[0].co_resident``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registers.constants import City, Sex, Zone

from .constants import KinRelation, Pathway

# --- What each fact is --------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    question: str
    kind: str = "text"  # text | choice | many | bool | date | months | number | county
    words: dict = field(default_factory=dict)  # choice/many: value → words; bool: True/False → words
    unit: str = ""  # number: 平方米, 人


def _yes_no(label, question, yes=None, no=None) -> Fact:
    return Fact(label, question, "bool", {True: yes or _("是"), False: no or _("否")})


HOUSING = {"owned": _("自有住房"), "rented": _("租赁住房"), "none": _("无住所")}
HUKOU_CITY = {**dict(City.choices), "other": _("其他地方")}
TALENT = {
    "graduate": _("大中专/职业院校毕业生"),
    "skilled": _("技术和技能人才"),
    "returned_overseas": _("留学回国人员"),
    "professional_title": _("专业技术资格"),
    "honour": _("荣誉称号"),
    "model_migrant_worker": _("优秀农民工"),
}
MILITARY = {"spouse": _("配偶"), "child": _("子女"), "other_lineal": _("其他直系亲属")}
RURAL_REASON = {"farming": _("返乡务农"), "business": _("返乡创业"), "none": _("其他")}
HOLDINGS = {"land_contract": _("土地承包经营权"), "homestead": _("宅基地使用权"), "residence": _("合法稳定住所")}
STAGE = {
    "enrolling": _("入学"),
    "graduated": _("毕业"),
    "in_grassroots_service": _("“四个项目”服务期间"),
    "service_ended": _("服务期满"),
}
DESTINATION = {
    "school": _("学校"),
    "employer": _("工作单位"),
    "own_residence": _("本人合法稳定住所"),
    "parents_hukou": _("父母户籍所在地"),
    "pre_enrolment_hukou": _("入学前户籍所在地"),
    "talent_agency": _("人才服务机构"),
    "actual_residence": _("实际居住地"),
}
URBAN_RURAL = {"urban": _("城镇"), "rural": _("农村")}
UNREGISTERED = {
    "outside_policy_birth": _("政策外生育"),
    "out_of_wedlock": _("非婚生育"),
    "adopted": _("收养"),
    "foundling": _("弃婴"),
    "migrant": _("自发移民/安置移民"),
    "cross_border_child": _("跨境婚姻子女"),
    "other": _("其他"),
}
SETTLE_INTO = {"address": _("在住所落户"), "community_collective": _("落入住所所在社区（村）的集体户")}
KIN = dict(KinRelation.choices)

FACTS: dict[str, Fact] = {
    "city": Fact(_("拟落户城市"), _("您准备在哪个城市落户？"), "choice", dict(City.choices)),
    "zone": Fact(_("落户区域"), _("您准备落户的地方属于哪类区域？"), "choice", dict(Zone.choices)),
    "county": Fact(_("居住地所在县（市、区）"), _("您居住的地方属于哪个县（市、区）？"), "county"),
    "as_of": Fact(_("判断日期"), _("按哪一天的规则判断？"), "date"),
    "pathway": Fact(_("落户途径"), _("您申请哪一种落户途径？"), "choice", dict(Pathway.choices)),
    "applicant.birth_date": Fact(_("出生日期"), _("您的出生日期是哪一天？"), "date"),
    "applicant.hukou_city": Fact(_("现户籍所在地"), _("您的户口现在在哪里？"), "choice", HUKOU_CITY),
    "applicant.hukou_county": Fact(_("现户籍所在县（市、区）"), _("您的户口现在在哪个县（市、区）？"), "county"),
    "applicant.settle_into": Fact(
        _("落户方式"), _("您准备在住所落户，还是落入所在社区（村）的集体户？"), "choice", SETTLE_INTO
    ),
    "applicant.housing.kind": Fact(
        _("住所"), _("您在当地的住所是自有住房、租赁住房，还是没有住所？"), "choice", HOUSING
    ),
    "applicant.housing.lease_registered": _yes_no(
        _("租赁登记备案"),
        _("租赁合同是否已在房管部门登记备案？"),
        _("已办理租赁登记"),
        _("未办理租赁登记"),
    ),
    "applicant.housing.lease_since": Fact(_("租住起始日"), _("您从哪一天起租住这处住房？"), "date"),
    "applicant.housing.owner_consent": _yes_no(
        _("产权人同意落户"), _("房屋产权人是否同意您在此落户？"), _("产权人同意"), _("产权人不同意")
    ),
    "applicant.housing.area_m2": Fact(_("住房面积"), _("这处住房的面积是多少平方米？"), "number", unit=_("平方米")),
    "applicant.housing.occupants": Fact(_("迁入后居住人数"), _("迁入后这处住房共住多少人？"), "number", unit=_("人")),
    "applicant.employment.stable": _yes_no(
        _("合法稳定就业"), _("您在当地是否有合法稳定的就业？"), _("有合法稳定就业"), _("无合法稳定就业")
    ),
    "applicant.social_insurance_months.pension": Fact(_("养老保险缴费"), _("您在当地缴纳养老保险多少个月？"), "months"),
    "applicant.social_insurance_months.medical": Fact(_("医疗保险缴费"), _("您在当地缴纳医疗保险多少个月？"), "months"),
    "applicant.social_insurance_months.unemployment": Fact(
        _("失业保险缴费"), _("您在当地缴纳失业保险多少个月？"), "months"
    ),
    "applicant.residence_since": Fact(_("居住起始日"), _("您从哪一天起在当地居住？"), "date"),
    "applicant.studying": _yes_no(_("连续就读"), _("您是否在当地连续就读？"), _("在当地连续就读"), _("未在当地就读")),
    "applicant.talent": Fact(_("人才类别"), _("您属于哪些人才类别？"), "many", TALENT),
    "applicant.joining.relation": Fact(_("与被投靠人的关系"), _("您是被投靠亲属的什么人？"), "choice", KIN),
    "applicant.joining.co_resident": _yes_no(
        _("与被投靠人共同居住"), _("您是否与被投靠的亲属共同居住？"), _("共同居住"), _("未共同居住")
    ),
    "applicant.military.relation": Fact(_("与现役军人的关系"), _("您是现役军人的什么人？"), "choice", MILITARY),
    "applicant.military.meets_suijun": _yes_no(_("符合随军条件"), _("您是否符合国家规定的随军条件？")),
    "applicant.military.wants_suijun": _yes_no(_("愿意随军"), _("您是否愿意随军？")),
    "applicant.military.lives_with_serviceman_elders": _yes_no(
        _("与军人父母或（外）祖父母共同居住"), _("您是否与军人的父母或（外）祖父母共同居住？")
    ),
    "applicant.military.lives_in_serviceman_home": _yes_no(
        _("居住在军人购买的城镇住房"), _("您是否居住在军人于城镇购买的住房？")
    ),
    "applicant.rural_return.settled_in_town": _yes_no(_("曾在城镇落户"), _("您以前是否在城镇落过户？")),
    "applicant.rural_return.reason": Fact(
        _("返乡原因"), _("您返回原籍是为了务农、创业，还是其他原因？"), "choice", RURAL_REASON
    ),
    "applicant.rural_return.origin_holdings": Fact(
        _("原籍地具备"), _("您（或父母、配偶、子女）在原籍地有哪些权益或住所？"), "many", HOLDINGS
    ),
    "applicant.rural_return.lives_at_origin": _yes_no(_("在原籍地实际居住"), _("您是否在原籍地实际居住？")),
    "applicant.student.stage": Fact(_("所处阶段"), _("您现在是入学、毕业，还是在基层服务？"), "choice", STAGE),
    "applicant.student.school_city": Fact(_("学校所在地"), _("您的学校在哪里？"), "choice", HUKOU_CITY),
    "applicant.student.destination": Fact(_("户口拟迁往"), _("您的户口准备迁往哪里？"), "choice", DESTINATION),
    "applicant.marriage.applicant_hukou": Fact(
        _("本人户籍"), _("您的户口是城镇户口还是农村户口？"), "choice", URBAN_RURAL
    ),
    "applicant.marriage.spouse_hukou": Fact(
        _("配偶户籍"), _("您配偶的户口是城镇户口还是农村户口？"), "choice", URBAN_RURAL
    ),
    "applicant.marriage.couple_lives_at_destination": _yes_no(
        _("夫妻在此实际居住"), _("你们夫妻是否在落户地实际居住？")
    ),
    "applicant.unregistered.reason": Fact(_("无户口原因"), _("没有户口是什么原因？"), "choice", UNREGISTERED),
    "applicant.unregistered.born_in_china": _yes_no(_("在中国境内出生"), _("是否在中国境内出生？")),
    "applicant.keeps_rural_rights": _yes_no(
        _("保留农村权益"), _("您是否仍有土地承包、宅基地或集体收益分配权益？（不影响落户）")
    ),
    "applicant.newborn.born_in_china": _yes_no(_("在中国境内出生"), _("孩子是否在中国境内出生？")),
    "applicant.newborn.has_birth_permit": _yes_no(_("有生育证明"), _("是否有生育证明？（非必需）")),
    "relatives[].relation": Fact(_("与申请人的关系"), _("%(who)s是您的什么人？"), "choice", KIN),
    "relatives[].minor": _yes_no(_("未成年"), _("%(who)s是否未满 18 周岁？"), _("未成年"), _("已成年")),
    "relatives[].married": _yes_no(_("婚姻状况"), _("%(who)s是否已婚？"), _("已婚"), _("未婚")),
    "relatives[].co_resident": _yes_no(
        _("与申请人共同居住"), _("%(who)s是否与您共同居住？"), _("共同居住"), _("未共同居住")
    ),
}

# Endorsement cases keep the permit they endorse, not the contract's facts.
ENDORSEMENT = {
    "permit": Fact(_("居住证号码"), "", "text"),
    "valid_until": Fact(_("签注前有效期至"), "", "date"),
    "late": _yes_no(_("申请时"), "", _("已过有效期（补签注）"), _("在有效期内")),
}

# Births, deaths and corrections keep the few facts the station needs, under the case's kind.
_SEX = dict(Sex.choices)
RECORDS = {
    "newborn": (
        _("新生儿"),
        {
            "name": Fact(_("新生儿姓名"), ""),
            "sex": Fact(_("性别"), "", "choice", _SEX),
            "birth_date": Fact(_("出生日期"), "", "date"),
            "register_number": Fact(_("落户的户号"), ""),
            "born_in_china": FACTS["applicant.newborn.born_in_china"],
            "has_birth_permit": FACTS["applicant.newborn.has_birth_permit"],
        },
    ),
    "death": (
        _("死亡登记"),
        {
            "id_number": Fact(_("死者公民身份号码"), "", "id_number"),
            "date": Fact(_("死亡日期"), "", "date"),
            "register_number": Fact(_("死者所在户的户号"), ""),
        },
    ),
    "correction": (
        _("更正登记项目"),
        {
            "field": Fact(_("更正项目"), "", "choice", {"name": _("姓名"), "ethnicity": _("民族")}),
            "value": Fact(_("更正为"), ""),
            "register_number": Fact(_("本人所在户的户号"), ""),
        },
    ),
}

_RELATIVE = re.compile(r"^relatives\[(\d+)\]\.(\w+)$")
DESTINATION_FACTS = ("city", "zone", "county", "applicant.settle_into")


def _key(path: str) -> str:
    match = _RELATIVE.match(path)
    return f"relatives[].{match.group(2)}" if match else path


def fact(path: str) -> Fact | None:
    return FACTS.get(_key(path))


def fact_label(path: str) -> str:
    known = fact(path)
    return str(known.label) if known else path


# --- Values as words ----------------------------------------------------------------------------


def chinese_or_local_date(value) -> str:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return formats.date_format(value, "DATE_FORMAT")


def _region_name(code: str) -> str:
    from registers.models import Region

    region = Region.objects.filter(code=code).select_related("parent").first()
    if region is None:
        return code
    return f"{region.parent.name if region.parent else ''}{region.name}"


def value_words(known: Fact | None, value) -> str:
    """One value in words, in the active language."""
    if value is None or value == "" or value == []:
        return gettext("未填写")
    if known is None:
        return str(value)
    if known.kind == "bool":
        return str(known.words.get(bool(value), value))
    if known.kind == "choice":
        return str(known.words.get(value, value))
    if known.kind == "many":
        return gettext("、").join(str(known.words.get(v, v)) for v in value)
    if known.kind == "date":
        return chinese_or_local_date(value)
    if known.kind == "months":
        return gettext("%(n)s 个月") % {"n": formats.number_format(value)}
    if known.kind == "number":
        return f"{formats.number_format(value)} {known.unit}"
    if known.kind == "id_number":
        from registers.identity import mask_id_number

        return mask_id_number(str(value))
    if known.kind == "county":
        return _region_name(str(value))
    return str(value)


def fact_value(path: str, value) -> str:
    return value_words(fact(path), value)


# --- Facts grouped as a person reads them -------------------------------------------------------


@dataclass
class Group:
    title: str
    rows: list[tuple[str, str]]


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, object]]:
    pairs = []
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            pairs += _flatten(value, path)
        else:
            pairs.append((path, value))
    return pairs


def _ordered(pairs) -> list[tuple[str, object]]:
    order = {path: index for index, path in enumerate(FACTS)}
    return sorted(pairs, key=lambda pair: order.get(_key(pair[0]), len(order)))


def relative_title(index: int, relation: str | None, names=()) -> str:
    relation_words = str(KIN.get(relation, relation or "")) if relation else ""
    name = names[index] if index < len(names) else ""
    if name:
        return gettext("%(name)s（%(relation)s）") % {"name": name, "relation": relation_words} if relation else name
    return gettext("第 %(n)d 位随迁亲属（%(relation)s）") % {"n": index + 1, "relation": relation_words}


# A residence permit is not a settlement: its place is where the person lives, and its residence
# counts from the registration (居住证暂行条例).
PERMIT_LABELS = {
    "city": _("居住地城市"),
    "zone": _("居住地区域"),
    "applicant.residence_since": _("居住时间起算日"),
}


def present_facts(facts: dict | None, *, relative_names=(), permit: bool = False) -> list[Group]:
    """The facts as groups of (label, value in words): 落户地 (居住地 for a permit), 申请人, then
    each relative."""
    facts = facts or {}
    groups = []
    if "endorsement" in facts:
        rows = [(str(f.label), value_words(f, facts["endorsement"].get(k))) for k, f in ENDORSEMENT.items()]
        return [Group(gettext("签注"), rows)]
    for kind, (title, known) in RECORDS.items():
        if isinstance(facts.get(kind), dict):
            record = facts[kind]
            rows = [(str(f.label), value_words(f, record.get(k))) for k, f in known.items() if k in record]
            groups.append(Group(str(title), rows))
    if groups:
        return groups
    pairs = _ordered(
        (path, value)
        for path, value in _flatten({k: v for k, v in facts.items() if k != "relatives"})
        if path not in ("pathway", "as_of") and path in FACTS
    )
    labels = PERMIT_LABELS if permit else {}

    def row(path, value):
        return str(labels.get(path) or fact_label(path)), fact_value(path, value)

    at_place = [p in DESTINATION_FACTS or ".housing." in p for p, _v in pairs]
    place = [row(p, v) for (p, v), here in zip(pairs, at_place, strict=True) if here]
    person = [row(p, v) for (p, v), here in zip(pairs, at_place, strict=True) if not here]
    if place:
        groups.append(Group(gettext("居住地") if permit else gettext("落户地"), place))
    if person:
        groups.append(Group(gettext("申请人"), person))
    for index, relative in enumerate(facts.get("relatives") or ()):
        rows = [
            (fact_label(f"relatives[{index}].{k}"), fact_value(f"relatives[{index}].{k}", v))
            for k, v in relative.items()
            if k != "relation"
        ]
        if rows:  # a relative with no fact beyond the relation is listed with the relatives already
            who = relative_title(index, relative.get("relation"), relative_names)
            groups.append(Group(gettext("随迁亲属：%(who)s") % {"who": who}, rows))
    return groups


# --- Missing facts as questions -----------------------------------------------------------------


def fact_question(path: str, *, relatives=(), relative_names=()) -> str:
    """The question that asks for one missing fact; a relative's names the relative."""
    known = fact(path)
    if known is None:
        return path
    match = _RELATIVE.match(path)
    if not match:
        return str(known.question)
    index = int(match.group(1))
    relative = relatives[index] if index < len(relatives) else None
    relation = relative.get("relation") if isinstance(relative, dict) else getattr(relative, "relation", None)
    if isinstance(relative, dict) and relative.get("name") and not relative_names:
        relative_names = [""] * index + [relative["name"]]
    return str(known.question) % {"who": relative_title(index, relation, relative_names)}


def missing_questions(paths, *, relatives=(), relative_names=()) -> list[str]:
    return list(
        dict.fromkeys(fact_question(p, relatives=relatives, relative_names=relative_names) for p in paths or ())
    )
