"""What each rule-set parameter means: its type, unit and allowed values.

Rule admins edit values; this table says what a value may be, so a wrong one is refused when
saved. Every city's rule set has every key (a value of null means "no such condition here").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registers.constants import Zone

from .constants import (
    INSURANCE_KINDS,
    ORIGIN_HOLDINGS,
    STUDENT_DESTINATIONS,
    TALENT_KINDS,
    KinRelation,
    Pathway,
)


@dataclass(frozen=True)
class Spec:
    kind: str  # bool | int | decimal | set
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
                raise ValidationError(_("应为 true 或 false。"), code="type")
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
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("应为取值列表。"), code="type")
        unknown = sorted(set(value) - set(self.choices))
        if unknown:
            raise ValidationError(
                _("未知取值：%(values)s；可选：%(choices)s。"),
                code="choice",
                params={"values": ", ".join(unknown), "choices": ", ".join(self.choices)},
            )
        return sorted(set(value), key=self.choices.index)

    def _check_range(self, number):
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(_("不得小于 %(min)s。"), code="min", params={"min": self.minimum})
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(_("不得大于 %(max)s。"), code="max", params={"max": self.maximum})

    def load(self, stored):
        """The value as the engine uses it (decimals as Decimal, sets as frozensets)."""
        if stored is None:
            return None
        if self.kind == "decimal":
            return Decimal(stored)
        if self.kind == "set":
            return frozenset(stored)
        return stored


ZONES = tuple(Zone.values)
RELATIONS = tuple(KinRelation.values)


def _zones(label):
    return Spec("set", label, choices=ZONES)


def _relations(label):
    return Spec("set", label, choices=RELATIONS)


SPECS: dict[str, Spec] = {
    **{f"{p}.available": Spec("bool", f"开放途径：{p}") for p in Pathway.values},
    # 1. residence / employment
    "residence.owned_zones": _zones("自有住房可落户的区域"),
    "residence.rented_zones": _zones("租赁住房可落户的区域"),
    "residence.employment_zones": _zones("仅凭合法稳定就业即可落户的区域"),
    "residence.strict_zones": _zones("须同时具备住所、就业和社保的区域（如市区）"),
    "residence.rental_requires_registration": Spec("bool", "租赁住房须在房管部门登记备案"),
    "residence.rental_requires_owner_consent": Spec("bool", "租赁住房落户须经产权人同意"),
    "residence.strict_min_lease_months": Spec("int", "市区租赁住房最短租期", "月", minimum=0, maximum=240),
    "residence.strict_insurance_kinds": Spec("set", "市区须参加的社会保险险种", choices=INSURANCE_KINDS),
    "residence.strict_insurance_all_kinds": Spec("bool", "须同时参加所列全部险种（否则任一即可）"),
    "residence.strict_insurance_months": Spec("int", "市区社会保险最短缴费月数", "月", minimum=0, maximum=600),
    "residence.relatives": _relations("可随迁的共同居住亲属"),
    "residence.strict_relatives": _relations("市区可随迁的共同居住亲属"),
    "residence.children_unmarried": Spec("bool", "随迁子女须未婚"),
    # 2. family reunion
    "family_reunion.zones": _zones("可投靠落户的区域"),
    "family_reunion.relations": _relations("可投靠的亲属关系（三代以内直系亲属）"),
    "family_reunion.area_standard_m2": Spec(
        "decimal", "住房困难家庭人均住房面积标准", "平方米/人", minimum=0, maximum=200, nullable=True
    ),
    "family_reunion.area_exempt_relations": _relations("不受人均住房面积限制的关系"),
    "family_reunion.area_exempt_minor_children": Spec("bool", "未成年子女不受人均住房面积限制"),
    # 3. students
    "student.requires_hukou_in_city": Spec("bool", "学生户籍须在本市"),
    "student.requires_school_in_city": Spec("bool", "学校须在本市"),
    "student.enrolment_destinations": Spec("set", "入学时户口可迁往", choices=STUDENT_DESTINATIONS),
    "student.graduate_destinations": Spec("set", "毕业后户口可迁往", choices=STUDENT_DESTINATIONS),
    "student.service_destinations": Spec("set", "“四个项目”服务期间户口可迁往", choices=STUDENT_DESTINATIONS),
    "student.after_service_destinations": Spec("set", "服务期满后户口可迁往", choices=STUDENT_DESTINATIONS),
    # 4. military families
    "military_family.home_zones": _zones("现役军人所购住房所在区域（城镇）"),
    # 5. rural return
    "rural_return.zones": _zones("可迁回的原籍地区域"),
    "rural_return.holdings": Spec("set", "原籍地须具备的生产生活资料（任一）", choices=ORIGIN_HOLDINGS),
    # 6. talent
    "talent.kinds": Spec("set", "可凭证书落户的人才类别", choices=TALENT_KINDS),
    "talent.zones": _zones("人才可落户的区域"),
    "talent.relatives": _relations("人才可随迁的共同居住亲属"),
    # residence permits
    "residence_permit.min_days": Spec("int", "申领居住证最短居住天数", "日", minimum=0, maximum=3650),
    "residence_permit.min_months": Spec("int", "申领居住证最短居住月数", "月", minimum=0, maximum=120),
    "residence_permit.requires_one_of": Spec("bool", "须具备稳定就业、稳定住所、连续就读之一"),
    # procedure
    "processing.time_limit_working_days": Spec("int", "办理时限", "工作日", minimum=1, maximum=60),
    "processing.extension_working_days": Spec("int", "疑难案件可延长", "工作日", minimum=0, maximum=60),
}
