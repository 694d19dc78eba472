from django.db import models
from django.utils.translation import gettext_lazy as _


class City(models.TextChoices):
    """The five cities the portal serves; the values are the contract's city ids."""

    QUJING = "qujing", _("曲靖市")
    LINCANG = "lincang", _("临沧市")
    DEHONG = "dehong", _("德宏傣族景颇族自治州")
    CHENZHOU = "chenzhou", _("郴州市")
    JILIN = "jilin", _("吉林市")


class Zone(models.TextChoices):
    """Where in a city an address lies, in the sense of the eligibility contract."""

    CENTRAL_URBAN = "central_urban", _("市辖区（中心城区）")
    COUNTY_TOWN = "county_town", _("县城（县级市城区、县政府驻地镇）")
    DESIGNATED_TOWN = "designated_town", _("其他建制镇")
    TOWNSHIP = "township", _("乡")
    INDUSTRIAL_PARK = "industrial_park", _("产业园区")
    RURAL = "rural", _("村")


class RegionKind(models.TextChoices):
    PREFECTURE = "prefecture", _("地级市（州）")
    URBAN_DISTRICT = "urban_district", _("市辖区")
    COUNTY_CITY = "county_city", _("县级市")
    COUNTY = "county", _("县")


class HouseholdKind(models.TextChoices):
    FAMILY = "family", _("家庭户")
    COLLECTIVE = "collective", _("集体户")


class Relation(models.TextChoices):
    """A member's relation to the head of the household (与户主关系)."""

    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDPARENT = "grandparent", _("祖父母/外祖父母")
    GRANDCHILD = "grandchild", _("孙子女/外孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER_RELATIVE = "other_relative", _("其他亲属")
    COLLECTIVE_MEMBER = "collective_member", _("集体户成员")


class JoinReason(models.TextChoices):
    BIRTH = "birth", _("出生")
    MOVE_IN = "move_in", _("迁入")
    CORRECTION = "correction", _("更正")


class LeaveReason(models.TextChoices):
    MOVE_OUT = "move_out", _("迁出")
    DEATH = "death", _("死亡")
    CORRECTION = "correction", _("更正")


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
