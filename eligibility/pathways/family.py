"""Pathways 2, 4 and 5: family reunion, military families, return to the rural place of origin
and urban-rural marriage."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from ..dates import age_on
from ..explain import Cond, Trace, all_of, any_of
from ..facts import Facts
from ..rulebook import RuleBook
from .common import check_flag, check_zone, is_false
from .settlement import RELATION_NAMES


def family_reunion(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（五）: 三代以内共同居住的直系亲属，可在实际居住地投靠落户，不受年龄限制。
    临沧 5 / 德宏（七）: … 除本人、配偶、未成年子女、父母外，其他直系亲属投靠落户时，需满足人均住房面积不低于
    当地对住房困难家庭规定的标准。"""
    p, joining = book.params, f.applicant.joining
    zone = check_zone(t, "family_reunion", f.zone, p["family_reunion.zones"])
    if joining.relation is None:
        relation = t.check("family_reunion", "relation", Cond(None, ("applicant.joining.relation",)), "")
    else:
        ok = joining.relation in p["family_reunion.relations"]
        relation = t.check(
            "family_reunion",
            "relation",
            Cond(ok),
            _("投靠关系：%(relation)s，属三代以内直系亲属")
            if ok
            else _("投靠关系：%(relation)s，不属三代以内直系亲属"),
            relation=RELATION_NAMES[joining.relation],
        )
    together = check_flag(
        t,
        "family_reunion",
        "co_resident",
        joining.co_resident,
        "applicant.joining.co_resident",
        _("与被投靠人共同居住"),
        _("未与被投靠人共同居住"),
    )
    terms = [zone, relation, together]
    if p["family_reunion.area_standard_m2"] is not None:
        terms.append(_housing_area(f, book, t))
    return all_of(*terms)


def _housing_area(f: Facts, book: RuleBook, t: Trace) -> Cond:
    p, relation, housing = book.params, f.applicant.joining.relation, f.applicant.housing
    exempt_relation = (
        Cond(None, ("applicant.joining.relation",))
        if relation is None
        else Cond(relation in p["family_reunion.area_exempt_relations"])
    )
    minor_child = Cond(False)
    if p["family_reunion.area_exempt_minor_children"] and relation in (None, "child"):
        birth = f.applicant.birth_date
        minor_child = Cond(None, ("applicant.birth_date",)) if birth is None else Cond(age_on(birth, f.as_of) < 18)
    exempt = any_of(exempt_relation, minor_child)
    if exempt.met is True:
        return t.check("family_reunion", "housing_area", exempt, _("本人、配偶、未成年子女、父母投靠不受住房面积限制"))
    standard = p["family_reunion.area_standard_m2"]
    if housing.area_m2 is None or housing.occupants is None:
        facts = tuple(
            name
            for name, value in (
                ("applicant.housing.area_m2", housing.area_m2),
                ("applicant.housing.occupants", housing.occupants),
            )
            if value is None
        )
        return t.check("family_reunion", "housing_area", any_of(exempt, Cond(None, facts)), "")
    per_person = housing.area_m2 / housing.occupants
    return t.check(
        "family_reunion",
        "housing_area",
        any_of(exempt, Cond(per_person >= standard)),
        _("人均住房面积 %(area).2f 平方米，标准不低于 %(standard)s 平方米"),
        area=per_person,
        standard=standard,
    )


def military_family(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（七）/ 临沧 7 / 德宏（九）: 对现役军人的配偶、子女不具备随军落户条件，或者不愿意随军
    落户的，如与现役军人父母或（外）祖父母共同居住的，可以投靠落户。现役军人在城镇购买的合法稳定住所，其实际
    居住的直系亲属可以申请落户。"""
    m = f.applicant.military
    kin = (
        Cond(None, ("applicant.military.relation",)) if m.relation is None else Cond(m.relation in ("spouse", "child"))
    )
    t.check("military_family", "relation", kin, _("系现役军人的配偶或子女") if kin.met else _("非现役军人的配偶或子女"))
    no_suijun = any_of(
        is_false(m.meets_suijun, "applicant.military.meets_suijun"),
        is_false(m.wants_suijun, "applicant.military.wants_suijun"),
    )
    t.check(
        "military_family",
        "suijun",
        no_suijun,
        _("不具备随军条件或不愿随军") if no_suijun.met else _("具备随军条件且愿意随军：随军落户按国家有关政策执行"),
    )
    elders = check_flag(
        t,
        "military_family",
        "lives_with_elders",
        m.lives_with_serviceman_elders,
        "applicant.military.lives_with_serviceman_elders",
        _("与现役军人父母或（外）祖父母共同居住"),
        _("未与现役军人父母或（外）祖父母共同居住"),
    )
    home = check_flag(
        t,
        "military_family",
        "serviceman_home",
        m.lives_in_serviceman_home,
        "applicant.military.lives_in_serviceman_home",
        _("实际居住在现役军人在城镇购买的住房"),
        _("未居住在现役军人在城镇购买的住房"),
    )
    if home.met is not False:
        home = all_of(home, check_zone(t, "military_family", f.zone, book.params["military_family.home_zones"]))
    return any_of(all_of(kin, no_suijun, elders), home)


def rural_return(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（八）/ 临沧 4 / 德宏（六）: 农业转移人口在城镇落户后，因不适应城镇生活已返原籍地务农，
    或者 … 返乡创业的，如本人或者其家庭成员（含其父母、配偶、子女）在农村原籍地具备土地承包经营权、(曲靖:
    合法稳定住所、)宅基地使用权等基本生产生活资料且实际居住，可将户口迁回农村原籍地。"""
    p, r = book.params, f.applicant.rural_return
    zone = check_zone(t, "rural_return", f.zone, p["rural_return.zones"])
    settled = check_flag(
        t,
        "rural_return",
        "settled_in_town",
        r.settled_in_town,
        "applicant.rural_return.settled_in_town",
        _("曾在城镇落户"),
        _("未曾在城镇落户"),
    )
    if r.reason is None:
        reason = t.check("rural_return", "reason", Cond(None, ("applicant.rural_return.reason",)), "")
    else:
        ok = r.reason in ("farming", "business")
        reason = t.check(
            "rural_return",
            "reason",
            Cond(ok),
            _("已返原籍地务农或返乡创业") if ok else _("非返乡务农或创业"),
        )
    if r.origin_holdings is None:
        holdings = t.check("rural_return", "holdings", Cond(None, ("applicant.rural_return.origin_holdings",)), "")
    else:
        held = [h for h in r.origin_holdings if h in p["rural_return.holdings"]]
        holdings = t.check(
            "rural_return",
            "holdings",
            Cond(bool(held)),
            _("原籍地具备基本生产生活资料") if held else _("原籍地不具备本市认可的基本生产生活资料"),
        )
    lives = check_flag(
        t,
        "rural_return",
        "lives_at_origin",
        r.lives_at_origin,
        "applicant.rural_return.lives_at_origin",
        _("在原籍地实际居住"),
        _("未在原籍地实际居住"),
    )
    return all_of(zone, settled, reason, holdings, lives)


def marriage(f: Facts, book: RuleBook, t: Trace) -> Cond:
    """曲政发〔2015〕82号（八）/ 临沧 4 / 德宏（六）: 户籍在城镇的人员与户籍在农村的人员结婚，
    可在夫妻实际居住地落户。"""
    m = f.applicant.marriage
    missing = tuple(
        name
        for name, value in (
            ("applicant.marriage.applicant_hukou", m.applicant_hukou),
            ("applicant.marriage.spouse_hukou", m.spouse_hukou),
        )
        if value is None
    )
    if missing:
        mixed = t.check("marriage", "urban_rural", Cond(None, missing), "")
    else:
        ok = m.applicant_hukou != m.spouse_hukou
        mixed = t.check(
            "marriage",
            "urban_rural",
            Cond(ok),
            _("夫妻一方户籍在城镇、一方在农村") if ok else _("夫妻户籍同在城镇或同在农村，不属城乡婚姻"),
        )
    lives = check_flag(
        t,
        "marriage",
        "lives_at_destination",
        m.couple_lives_at_destination,
        "applicant.marriage.couple_lives_at_destination",
        _("夫妻在此实际居住"),
        _("夫妻未在此实际居住"),
    )
    return all_of(mixed, lives)
