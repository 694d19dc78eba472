from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registers.constants import City

from .constants import CalendarSource, ChecklistWhen, DocumentKind, Pathway, RuleSetStatus
from .parameters import SPECS


class RuleSet(models.Model):
    """One version of a city's rules, from the document it encodes.

    Published versions of one city never overlap in time (the database refuses it: an exclusion
    constraint on PostgreSQL, a trigger on SQLite — migration 0002), and a published version is
    never edited: a change is a new version, so any earlier day can be judged again exactly as
    it was.
    """

    city = models.CharField(_("市（州）"), max_length=16, choices=City.choices)
    document = models.CharField(_("文件"), max_length=100, help_text=_("如 吉市政发〔2015〕5号"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("含当日；空为长期有效"))
    status = models.CharField(_("状态"), max_length=16, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)
    based_on = models.ForeignKey(
        "self", verbose_name=_("基于版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("规则集")
        verbose_name_plural = _("规则集")
        ordering = ["city", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["city", "version"], name="unique_rule_set_version"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rule_set_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["city", "status", "effective_from"], name="rule_set_in_force_idx")]

    def __str__(self):
        return _("%(city)s %(document)s v%(version)s（%(status)s）") % {
            "city": self.get_city_display(),
            "document": self.document,
            "version": self.version,
            "status": self.get_status_display(),
        }

    @property
    def is_published(self) -> bool:
        return self.status == RuleSetStatus.PUBLISHED


#: The citation of a "clause" that is no text's: a figure the city sets itself (migration 0010). Unlike a
#: document's citation it is a phrase of the portal, so each reader reads it in their language.
LOCAL_SETTING = "本地规定，非文件原文"


def citation_words(citation: str) -> str:
    return gettext(LOCAL_SETTING) if citation == LOCAL_SETTING else citation


class Clause(models.Model):
    """A clause of the document, quoted: what conditions cite."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="clauses")
    key = models.SlugField(_("标识"), max_length=64)
    citation = models.CharField(_("条款"), max_length=120, help_text=_("如 吉市政发〔2015〕5号 第（十二）条"))
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("条款")
        verbose_name_plural = _("条款")
        ordering = ["rule_set", "key"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="unique_clause_key")]

    def __str__(self):
        return citation_words(self.citation)


class Parameter(models.Model):
    """A figure or a set of choices the pathway logic reads; its meaning is in parameters.SPECS."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="parameters")
    key = models.CharField(_("参数"), max_length=64, choices=[(k, k) for k in SPECS])
    value = models.JSONField(_("取值"), null=True, blank=True)
    clause = models.ForeignKey(
        Clause, verbose_name=_("依据条款"), null=True, blank=True, on_delete=models.SET_NULL, related_name="parameters"
    )
    note = models.TextField(_("解读说明"), blank=True, help_text=_("此取值依据的原文字句，以及文件未明言时所作的解读"))
    local_source = models.CharField(
        _("本地规定来源"),
        max_length=200,
        blank=True,
        help_text=_("填写即表示此取值为本地规定，非文件原文；写明规定的来源（文件、会议或规则管理员的决定）"),
    )

    class Meta:
        verbose_name = _("参数")
        verbose_name_plural = _("参数")
        ordering = ["rule_set", "key"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="unique_parameter_key")]

    def __str__(self):
        return str(self.label) if self.key in SPECS else self.key

    @property
    def spec(self):
        return SPECS[self.key]

    @property
    def is_local(self) -> bool:
        """本地规定，非文件原文: a figure no text gives, set by the rule admin from the source named."""
        return bool(self.local_source)

    @property
    def unit(self) -> str:
        return self.spec.unit

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def words(self) -> str:
        """The value as a rule admin reads it (是, 24 个月, 市辖区（中心城区）、县城…)."""
        return self.spec.words(self.value)

    def clean(self):
        super().clean()
        if self.key not in SPECS:
            raise ValidationError({"key": _("未知参数。")})
        try:
            self.value = self.spec.clean(self.value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from None
        if self.clause_id and self.rule_set_id and self.clause.rule_set_id != self.rule_set_id:
            raise ValidationError({"clause": _("条款须属于同一规则集。")})


class PublicationStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准并发布")
    REFUSED = "refused", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


class PublicationRequest(models.Model):
    """A draft put forward for publication (四眼原则): its drafter asks, a second rule admin of the
    same city approves — and only then is it published — or refuses with a reason. Each row
    records who asked, when and why, and who decided, when and what; the database refuses a
    decision by the one who asked."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="publication_requests"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    note = models.TextField(_("申请说明"))
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    reason = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("发布申请")
        verbose_name_plural = _("发布申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set"], condition=Q(status="pending"), name="one_pending_publication_per_rule_set"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "withdrawn"]) | ~Q(decided_by=models.F("requested_by")),
                name="publication_decided_by_a_second_person",
            ),
        ]

    def __str__(self):
        return f"{self.rule_set}：{self.get_status_display()}"


CHECKLIST_SUBJECTS = [*Pathway.choices, ("death", _("死亡注销")), ("correction", _("户籍信息更正"))]


class ChecklistItem(models.Model):
    """A document a pathway's applicants must upload, part of the rule set an admin edits."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="checklist")
    pathway = models.CharField(_("途径/业务"), max_length=24, choices=CHECKLIST_SUBJECTS)
    document = models.CharField(_("材料"), max_length=32, choices=DocumentKind.choices)
    when = models.CharField(_("适用情形"), max_length=16, choices=ChecklistWhen.choices, default=ChecklistWhen.ALWAYS)
    required = models.BooleanField(_("必需"), default=True)
    deferrable = models.BooleanField(
        _("可容缺"), default=False, help_text=_("可先受理、由申请人签署承诺后限期补交（容缺受理）")
    )
    auto_checked = models.BooleanField(
        _("系统核验"),
        default=False,
        help_text=_("户籍库已有该项信息，由系统比对，无须民警逐件核验原件（例如本平台户籍库内人员的居民户口簿）"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("材料清单项")
        verbose_name_plural = _("材料清单")
        ordering = ["rule_set", "pathway", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "pathway", "document", "when"], name="unique_checklist_item"),
        ]

    def __str__(self):
        return f"{self.get_pathway_display()}：{self.get_document_display()}"


class CalendarDay(models.Model):
    """A public holiday, or a weekend day made a working day (调休), as the State Council announces
    them each year. Every other Monday–Friday is a working day; time limits count working days."""

    date = models.DateField(_("日期"), unique=True)
    working = models.BooleanField(_("上班"), help_text=_("勾选：周末调休上班；不勾选：法定节假日"))
    name = models.CharField(_("说明"), max_length=32, help_text=_("如 国庆节、国庆节调休上班"))
    source = models.CharField(
        _("来源"),
        max_length=8,
        choices=CalendarSource.choices,
        default=CalendarSource.ADMIN,
        help_text=_("来自节假日库的日期在升级节假日库后重新载入；管理员录入或改过的日期不会被覆盖"),
    )

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"
