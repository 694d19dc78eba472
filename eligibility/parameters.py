"""What each rule-set parameter means: its type, unit and allowed values.

Rule admins edit values; this table says what a value may be, so a wrong one is refused when
saved. Every city's rule set has every key (a value of null means "no such condition here").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registers.constants import Zone

from .constants import (
    INSURANCE_KINDS,
    ORIGIN_HOLDINGS,
    PERMIT_LEFT_LEVELS,
    STUDENT_DESTINATIONS,
    TALENT_KINDS,
    KinRelation,
    Pathway,
)
from .presentation import DESTINATION, HOLDINGS, TALENT  # the words of these values, written once


@dataclass(frozen=True)
class Spec:
    kind: str  # bool | int | decimal | set | choice | rights
    label: str
    unit: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    nullable: bool = False

    def clean(self, value):
        """Return the value in its stored form, or raise ValidationError."""
        if value is None:
            if self.nullable:
                return None
            raise ValidationError(_("此参数必须有值。"), code="required")
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValidationError(_("应为“是”或“否”。"), code="type")
            return value
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(_("应为整数。"), code="type")
            self._check_range(value)
            return value
        if self.kind == "decimal":
            try:
                number = Decimal(str(value))
            except (InvalidOperation, ValueError):
                raise ValidationError(_("应为数字。"), code="type") from None
            if isinstance(value, bool) or not number.is_finite():
                raise ValidationError(_("应为数字。"), code="type")
            self._check_range(number)
            return str(number)
        if self.kind == "rights":
            return [_clean_right(row, self.choices) for row in _rows(value)]
        if self.kind == "choice":
            if value not in self.choices:
                choices = self._in_words(self.choices)
                raise ValidationError(_("应为以下取值之一：%(choices)s。"), code="choice", params={"choices": choices})
            return value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("应为取值列表。"), code="type")
        unknown = sorted(set(value) - set(self.choices))
        if unknown:
            raise ValidationError(
                _("未知取值：%(values)s；可选：%(choices)s。"),
                code="choice",
                params={"values": "、".join(unknown), "choices": self._in_words(self.choices)},
            )
        return sorted(set(value), key=self.choices.index)

    def _in_words(self, values) -> str:
        return "、".join(self.label_of(v) for v in values)

    def _check_range(self, number):
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(_("不得小于 %(min)s。"), code="min", params={"min": self.minimum})
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(_("不得大于 %(max)s。"), code="max", params={"max": self.maximum})

    def label_of(self, value) -> str:
        """A choice in words (中心城区, 配偶, 养老保险…), never its key."""
        return str(VALUE_LABELS.get(value, value))

    def words(self, stored) -> str:
        """The stored value as a rule admin reads it: 是/否, 24 个月, 市辖区（中心城区）、县城…"""
        if stored is None:
            return str(_("不设此条件"))
        if self.kind == "bool":
            return str(_("是") if stored else _("否"))
        if self.kind in ("int", "decimal"):
            return f"{stored} {_amount_unit(self.unit)}".strip()
        if self.kind == "choice":
            return self.label_of(stored)
        if self.kind == "rights":
            return "；".join(right_words(row) for row in stored) or str(_("（无）"))
        return "、".join(self.label_of(v) for v in stored) or str(_("（无）"))

    def load(self, stored):
        """The value as the engine uses it (decimals as Decimal, sets as frozensets)."""
        if stored is None:
            return None
        if self.kind == "decimal":
            return Decimal(stored)
        if self.kind == "set":
            return frozenset(stored)
        return stored


def _amount_unit(unit) -> str:
    """月 reads 个月 after a number (24 个月); other units as they are."""
    return str(_("个月")) if str(unit) == "月" else str(unit)


def right_words(row: dict) -> str:
    """One graded right in words: 居住地城市低保待遇（连续居住超过 2 年、参加社会保险超过 2 年；note）."""
    more = row.get("strictly_more")
    parts = []
    for key, text in (("residence_years", _("连续居住")), ("insurance_years", _("参加社会保险"))):
        if row.get(key) is not None:
            bound = _("超过 %(n)s 年") if more else _("满 %(n)s 年")
            parts.append(f"{text}{bound % {'n': row[key]}}")
    if not parts:
        parts.append(str(_("年限由有关部门规定")))
    if row.get("note"):
        parts.append(row["note"])
    return f"{VALUE_LABELS.get(row['right'], row['right'])}（{'；'.join(str(p) for p in parts)}）"


ZONES = tuple(Zone.values)
RELATIONS = tuple(KinRelation.values)

# Residence permits: what the permit gives at once, and what grows with the years of continuous
# residence and of social insurance (RULES.md, "Residence permits"); labels in
# residence_permits.constants.PermitRight.
PERMIT_RIGHTS_NOW = (
    "employment",
    "basic_education",
    "basic_health",
    "family_planning",
    "public_culture",
    "certificates",
)
PERMIT_RIGHTS_GRADED = (
    "vocational_education_aid",
    "employment_aid",
    "housing_support",
    "elderly_care",
    "social_welfare",
    "social_assistance",
    "city_minimum_allowance",
    "children_exams",
)
# Every choice a parameter may hold, in words: the admin shows these, never the keys.
VALUE_LABELS = {
    **dict(Zone.choices),
    **dict(KinRelation.choices),
    "pension": _("养老保险"),
    "medical": _("医疗保险"),
    "unemployment": _("失业保险"),
    **DESTINATION,
    **HOLDINGS,
    **TALENT,
    "street": _("离开户籍所在的街道、乡镇"),
    "county": _("离开户籍所在的县级行政区域"),
    # the permit's rights (the same words as residence_permits.constants.PermitRight)
    "employment": _("劳动就业"),
    "basic_education": _("基本公共教育"),
    "basic_health": _("基本医疗卫生服务"),
    "family_planning": _("计划生育服务"),
    "public_culture": _("公共文化服务"),
    "certificates": _("证照办理服务"),
    "vocational_education_aid": _("中等职业教育资助"),
    "employment_aid": _("就业援助（扶持）"),
    "housing_support": _("住房保障"),
    "elderly_care": _("养老服务"),
    "social_welfare": _("社会福利"),
    "social_assistance": _("社会救助"),
    "city_minimum_allowance": _("居住地城市低保待遇"),
    "children_exams": _("随迁子女在当地参加中考和高考"),
}
RIGHT_ROW_KEYS = frozenset({"right", "residence_years", "insurance_years", "strictly_more", "note"})


def _rows(value) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ValidationError(
            _('应为列表，每项形如 {"right": "social_assistance", "residence_years": 2}。'), code="type"
        )
    return value


def _clean_right(row: dict, choices: tuple[str, ...]) -> dict:
    """One graded right: the years of continuous residence and of social insurance it waits for
    (null: set by the departments, not yet a figure), whether it needs strictly more (超过) rather
    than at least (以上) that many years, and a note on who it is for."""
    unknown = sorted(set(row) - RIGHT_ROW_KEYS)
    if unknown or row.get("right") not in choices:
        raise ValidationError(
            _("未知字段或权利：%(values)s；权利可选：%(choices)s。"),
            code="choice",
            params={"values": ", ".join(unknown) or str(row.get("right")), "choices": ", ".join(choices)},
        )
    for key in ("residence_years", "insurance_years"):
        years = row.get(key)
        if years is not None and (isinstance(years, bool) or not isinstance(years, int) or not 0 <= years <= 50):
            raise ValidationError(_("年限应为 0 至 50 的整数，或留空。"), code="type")
    if not isinstance(row.get("strictly_more", False), bool) or not isinstance(row.get("note", ""), str):
        raise ValidationError(_("strictly_more 应为 true 或 false，note 应为文字。"), code="type")
    return {
        "right": row["right"],
        "residence_years": row.get("residence_years"),
        "insurance_years": row.get("insurance_years"),
        "strictly_more": row.get("strictly_more", False),
        "note": row.get("note", "")[:200],
    }


def _zones(label):
    return Spec("set", label, choices=ZONES)


def _relations(label):
    return Spec("set", label, choices=RELATIONS)


SPECS: dict[str, Spec] = {
    **{f"{p}.available": Spec("bool", format_lazy("{}{}", _("开放途径："), label)) for p, label in Pathway.choices},
    # 1. residence / employment
    "residence.owned_zones": _zones(_("自有住房可落户的区域")),
    "residence.rented_zones": _zones(_("租赁住房可落户的区域")),
    "residence.employment_zones": _zones(_("仅凭合法稳定就业即可落户的区域")),
    "residence.strict_zones": _zones(_("须同时具备住所、就业和社保的区域（如市区）")),
    "residence.rental_requires_registration": Spec("bool", _("租赁住房须在房管部门登记备案")),
    "residence.rental_requires_owner_consent": Spec("bool", _("租赁住房落户须经产权人同意")),
    "residence.rental_requires_actual_residence": Spec("bool", _("租赁住房落户须已实际居住")),
    "residence.collective_zones": _zones(_("租房人员可落入社区（村）集体户的区域")),
    "residence.strict_min_lease_months": Spec("int", _("市区租赁住房最短租期"), _("月"), minimum=0, maximum=240),
    "residence.strict_insurance_kinds": Spec("set", _("市区须参加的社会保险险种"), choices=INSURANCE_KINDS),
    "residence.strict_insurance_all_kinds": Spec("bool", _("须同时参加所列全部险种（否则任一即可）")),
    "residence.strict_insurance_months": Spec("int", _("市区社会保险最短缴费月数"), _("月"), minimum=0, maximum=600),
    "residence.relatives": _relations(_("可随迁的共同居住亲属")),
    "residence.strict_relatives": _relations(_("市区可随迁的共同居住亲属")),
    "residence.children_unmarried": Spec("bool", _("随迁子女须未婚")),
    # 2. family reunion
    "family_reunion.zones": _zones(_("可投靠落户的区域")),
    "family_reunion.relations": _relations(_("可投靠的亲属关系（三代以内直系亲属）")),
    "family_reunion.area_standard_m2": Spec(
        "decimal", _("住房困难家庭人均住房面积标准"), _("平方米/人"), minimum=0, maximum=200, nullable=True
    ),
    "family_reunion.area_exempt_relations": _relations(_("不受人均住房面积限制的关系")),
    "family_reunion.area_exempt_minor_children": Spec("bool", _("未成年子女不受人均住房面积限制")),
    # 3. students
    "student.requires_hukou_in_city": Spec("bool", _("学生户籍须在本市")),
    "student.requires_school_in_city": Spec("bool", _("学校须在本市")),
    "student.enrolment_destinations": Spec("set", _("入学时户口可迁往"), choices=STUDENT_DESTINATIONS),
    "student.graduate_destinations": Spec("set", _("毕业后户口可迁往"), choices=STUDENT_DESTINATIONS),
    "student.service_destinations": Spec("set", _("“四个项目”服务期间户口可迁往"), choices=STUDENT_DESTINATIONS),
    "student.after_service_destinations": Spec("set", _("服务期满后户口可迁往"), choices=STUDENT_DESTINATIONS),
    # 4. military families
    "military_family.home_zones": _zones(_("现役军人所购住房所在区域（城镇）")),
    # 5. rural return
    "rural_return.zones": _zones(_("可迁回的原籍地区域")),
    "rural_return.holdings": Spec("set", _("原籍地须具备的生产生活资料（任一）"), choices=ORIGIN_HOLDINGS),
    # 6. talent
    "talent.kinds": Spec("set", _("可凭证书落户的人才类别"), choices=TALENT_KINDS),
    "talent.zones": _zones(_("人才可落户的区域")),
    "talent.relatives": _relations(_("人才可随迁的共同居住亲属")),
    # residence permits
    "residence_permit.min_days": Spec("int", _("申领居住证最短居住天数"), _("日"), minimum=0, maximum=3650),
    "residence_permit.min_months": Spec("int", _("申领居住证最短居住月数"), _("月"), minimum=0, maximum=120),
    "residence_permit.requires_one_of": Spec("bool", _("须具备稳定就业、稳定住所、连续就读之一")),
    "residence_permit.zones": _zones(_("可申领居住证的区域")),
    "residence_permit.left_hukou_level": Spec(
        "choice",
        _("申领居住证须离开户籍所在地的层级"),
        choices=PERMIT_LEFT_LEVELS,
    ),
    "residence_permit.validity_months": Spec(
        "int", _("居住证有效期限（每次签注延长同样期限）"), _("月"), minimum=1, maximum=120
    ),
    "residence_permit.endorsement_window_months": Spec(
        "int", _("有效期满前可办理签注的期间"), _("月"), minimum=1, maximum=6
    ),
    "residence_permit.rights_now": Spec("set", _("居住证持有人即享有的权利"), choices=PERMIT_RIGHTS_NOW),
    "residence_permit.rights_graded": Spec(
        "rights", _("随连续居住年限和参加社会保险年限逐步享有的权利"), choices=PERMIT_RIGHTS_GRADED
    ),
    # procedure
    "processing.time_limit_working_days": Spec("int", _("办理时限"), _("工作日"), minimum=1, maximum=60),
    "processing.extension_working_days": Spec("int", _("疑难案件可延长"), _("工作日"), minimum=0, maximum=60),
    "processing.acceptance_limit_working_days": Spec(
        "int", _("受理或一次性告知补正的期限"), _("工作日"), minimum=1, maximum=20
    ),
    "processing.certificate_validity_days": Spec("int", _("准予迁入证明有效期"), _("日"), minimum=1, maximum=365),
}
