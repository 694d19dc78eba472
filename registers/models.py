from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import City, HouseholdKind, JoinReason, LeaveReason, RegionKind, Relation, Sex, Zone
from .history import RegisterHistory
from .identity import mask_id_number, validate_id_number


def _history(name):
    """The model's change records: each save keeps every field's value, who and why."""
    reason = models.TextField(_("变更原因"), null=True, blank=True)
    return RegisterHistory(verbose_name=name, verbose_name_plural=name, history_change_reason_field=reason)


class Region(models.Model):
    """An administrative region by its GB/T 2260 code: a city, or one of its districts/counties."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("类型"), max_length=16, choices=RegionKind.choices)
    city = models.CharField(_("所属市（州）"), max_length=16, choices=City.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    since_year = models.PositiveSmallIntegerField(_("设立年份"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class PoliceStation(models.Model):
    """A police station (派出所) and the district or county it serves."""

    code = models.CharField(_("编号"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    region = models.ForeignKey(Region, verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="stations")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("派出所")
        verbose_name_plural = _("派出所")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Address(models.Model):
    """A place in the register, with its zone in the sense of the eligibility contract."""

    region = models.ForeignKey(Region, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="addresses")
    station = models.ForeignKey(
        PoliceStation, verbose_name=_("管辖派出所"), on_delete=models.PROTECT, related_name="addresses"
    )
    zone = models.CharField(_("区域类型"), max_length=16, choices=Zone.choices)
    locality = models.CharField(_("街道/乡镇"), max_length=64)
    community = models.CharField(_("社区/村"), max_length=64, blank=True)
    detail = models.CharField(_("详细地址"), max_length=200)

    class Meta:
        verbose_name = _("地址")
        verbose_name_plural = _("地址")
        constraints = [
            models.UniqueConstraint(fields=["region", "locality", "community", "detail"], name="unique_address"),
        ]

    def __str__(self):
        return f"{self.region.name}{self.locality}{self.community}{self.detail}"


class Person(models.Model):
    """A person in the register, keyed by the 公民身份号码 (assigned once, never changed).

    There is no agricultural / non-agricultural "hukou nature": since 2016-01-01 everyone is
    registered as 居民户口. Only a 农转城 conversion before 2016 is recorded, for the rights it
    keeps (曲政发〔2015〕82号 第（十八）条).
    """

    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True, validators=[validate_id_number])
    name = models.CharField(_("姓名"), max_length=64)
    sex = models.CharField(_("性别"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=16, default="汉族")
    converted_before_2016 = models.BooleanField(_("2016年前已办理农转城"), default=False)
    death_date = models.DateField(_("死亡日期"), null=True, blank=True)
    history = _history(_("人员变更记录"))

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self):
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def clean(self):
        super().clean()
        if self.id_number and self.birth_date:
            validate_id_number(self.id_number, birth_date=self.birth_date)


class Household(models.Model):
    """A household register (户): a family household, or a collective one (集体户) held by a
    unit or a community for people with no family register at the address."""

    register_number = models.CharField(_("户号"), max_length=20, unique=True)
    kind = models.CharField(_("户别"), max_length=16, choices=HouseholdKind.choices, default=HouseholdKind.FAMILY)
    name = models.CharField(_("集体户名称"), max_length=100, blank=True)
    address = models.ForeignKey(Address, verbose_name=_("住址"), on_delete=models.PROTECT, related_name="households")
    head = models.ForeignKey(
        Person,
        verbose_name=_("户主"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_households",
    )
    created_on = models.DateField(_("立户日期"))
    history = _history(_("户变更记录"))

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=HouseholdKind.COLLECTIVE) | Q(head__isnull=False), name="family_household_has_head"
            ),
        ]

    def __str__(self):
        return self.name or f"{self.register_number}"

    @property
    def station(self) -> PoliceStation:
        """The station the household is registered at: always its address's (select_related
        ``address__station`` when reading it for many)."""
        return self.address.station


class Membership(models.Model):
    """A person's place in a household over time. Closed memberships are the history."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="memberships")
    household = models.ForeignKey(Household, verbose_name=_("户"), on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("与户主关系"), max_length=24, choices=Relation.choices)
    since = models.DateField(_("入户日期"))
    joined_by = models.CharField(_("入户原因"), max_length=16, choices=JoinReason.choices)
    until = models.DateField(_("离户日期"), null=True, blank=True)
    left_by = models.CharField(_("离户原因"), max_length=16, choices=LeaveReason.choices, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = _history(_("户成员变更记录"))

    class Meta:
        verbose_name = _("户成员")
        verbose_name_plural = _("户成员")
        ordering = ["since", "id"]
        constraints = [
            # A person belongs to at most one household at a time, whatever the code does.
            models.UniqueConstraint(fields=["person"], condition=Q(until__isnull=True), name="one_current_household"),
            models.CheckConstraint(
                condition=Q(until__isnull=True, left_by="") | Q(until__isnull=False) & ~Q(left_by=""),
                name="closed_membership_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="until_after_since"
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.household}"

    @property
    def is_current(self) -> bool:
        return self.until is None


class DataAccess(models.Model):
    """Who looked at or changed whose personal data, and when — for the auditors."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看")
        CHANGE = "change", _("修改")
        DOWNLOAD = "download", _("下载材料")
        EXPORT = "export", _("导出")
        DENIED = "denied", _("访问被拒绝")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="accesses"
    )
    id_number = models.CharField(_("公民身份号码"), max_length=18, db_index=True)
    subject = models.CharField(_("对象"), max_length=64, help_text=_("如 业务 JL-2026-000123"))
    detail = models.CharField(_("内容"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.subject}"
