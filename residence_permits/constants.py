from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationReason(models.TextChoices):
    WORK = "work", _("务工就业")
    STUDY = "study", _("就学")
    FAMILY = "family", _("投亲、随迁家属")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申报")
    COUNTER = "counter", _("窗口代为登记")


class PermitState(models.TextChoices):
    """A permit's state on a day, computed from its dates, never stored."""

    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("逾期未签注，使用功能中止")
    CANCELLED = "cancelled", _("已注销")


class CancelReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("离开本市")
    SETTLED = "settled", _("已在居住地落户")
    DIED = "died", _("死亡")


class PermitEventKind(models.TextChoices):
    ISSUED = "issued", _("签发居住证")
    ENDORSED = "endorsed", _("签注")
    ENDORSED_LATE = "endorsed_late", _("补办签注，居住年限重新起算")
    ADDRESS_CHANGED = "address_changed", _("变更居住地址")
    CANCELLED = "cancelled", _("注销")


class NotificationKind(models.TextChoices):
    ENDORSEMENT_DUE = "endorsement_due", _("签注提醒")


class PermitRight(models.TextChoices):
    """The rights a permit carries (the keys of the rule-set parameters residence_permit.rights_now
    and residence_permit.rights_graded)."""

    EMPLOYMENT = "employment", _("劳动就业")
    BASIC_EDUCATION = "basic_education", _("基本公共教育")
    BASIC_HEALTH = "basic_health", _("基本医疗卫生服务")
    FAMILY_PLANNING = "family_planning", _("计划生育服务")
    PUBLIC_CULTURE = "public_culture", _("公共文化服务")
    CERTIFICATES = "certificates", _("证照办理服务")
    VOCATIONAL_EDUCATION_AID = "vocational_education_aid", _("中等职业教育资助")
    EMPLOYMENT_AID = "employment_aid", _("就业援助（扶持）")
    HOUSING_SUPPORT = "housing_support", _("住房保障")
    ELDERLY_CARE = "elderly_care", _("养老服务")
    SOCIAL_WELFARE = "social_welfare", _("社会福利")
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")
    CITY_MINIMUM_ALLOWANCE = "city_minimum_allowance", _("居住地城市低保待遇")
    CHILDREN_EXAMS = "children_exams", _("随迁子女在当地参加中考和高考")


PERMIT_PREFIX = "JZ"  # 居住证 numbers: QJ-JZ-2026-000001
