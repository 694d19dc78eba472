import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from common.models import ChoiceLabels
from eligibility.constants import DocumentKind, KinRelation, Pathway
from registers.constants import City, Zone
from registers.identity import mask_id_number, validate_id_number

from ..constants import (
    OPEN_STATUSES,
    ActingAs,
    CaseKind,
    CaseStatus,
    DocumentCheck,
    Prescreen,
)


def queue_indexes() -> list[models.Index]:
    """The queue's indexes, one per scope and order (applications/selectors.py QUEUE_SORTS), so a
    page is a short range scan: by station (a clerk) and by city (a supervisor); over the open
    cases only (partial, small) in each of the three orders, over the closed ones and over every
    case newest first.
    The filters' columns follow the order's keys, so a filter is checked in the index too."""
    filtered = [F("status"), F("kind"), F("pathway"), F("prescreen"), F("assigned_to")]
    late = [F("due_date"), F("acceptance_due")]  # 仅看超期 on the open cases, checked in the index too
    due = Coalesce(F("due_date"), Value(datetime.date(9999, 12, 31)))
    open_statuses = Q(status__in=sorted(OPEN_STATUSES))
    # what the closed range asks, in the words it asks it (submitted, not open), so PostgreSQL
    # sees the query's condition implies the index's
    closed = ~Q(status=CaseStatus.DRAFT) & ~Q(status__in=sorted(OPEN_STATUSES))
    indexes = []
    for scope in ("station", "city"):
        for order, keys in (("due", [due, F("submitted_at")]), ("sub", [F("submitted_at")]), ("ref", [F("reference")])):
            indexes.append(
                models.Index(
                    F(scope),
                    *keys,
                    F("id"),
                    *filtered,
                    *late,
                    name=f"case_open_{scope}_{order}",
                    condition=open_statuses,
                )
            )
        indexes.append(models.Index(F(scope), F("submitted_at"), F("id"), *filtered, name=f"case_{scope}_sub"))
        indexes.append(
            models.Index(
                F(scope), F("submitted_at"), F("id"), *filtered, name=f"case_closed_{scope}_sub", condition=closed
            )
        )
        indexes.append(models.Index(F(scope), F("status"), F("submitted_at"), F("id"), name=f"case_{scope}_status_sub"))

    return indexes


class CaseQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=CaseStatus.DRAFT)


class Case(ChoiceLabels, models.Model):
    """One application to the register: a settlement or transfer, a birth, a death, a correction.

    The facts the applicant gave are frozen on submission (FactsVersion 1); a clerk's correction
    adds a version, never overwrites one. Each status change is one service function
    (applications/services.py) in one transaction, recorded in its timeline (``events``: the one log, activity.Event).
    """

    reference = models.CharField(_("受理编号"), max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(_("业务类型"), max_length=16, choices=CaseKind.choices, default=CaseKind.SETTLEMENT)
    pathway = models.CharField(_("落户途径"), max_length=24, choices=Pathway.choices, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请账户"), on_delete=models.PROTECT, related_name="cases"
    )
    id_number = models.CharField(_("公民身份号码"), max_length=18, validators=[validate_id_number])
    name = models.CharField(_("姓名"), max_length=64)
    person = models.ForeignKey(
        "registers.Person",
        verbose_name=_("登记人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    city = models.CharField(_("迁入市（州）"), max_length=16, choices=City.choices)
    region = models.ForeignKey(
        "registers.Region",
        verbose_name=_("迁入区县"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    zone = models.CharField(_("区域类型"), max_length=16, choices=Zone.choices, blank=True)
    station = models.ForeignKey(
        "registers.PoliceStation",
        verbose_name=_("受理派出所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    address = models.ForeignKey(
        "registers.Address",
        verbose_name=_("迁入地址"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    target_household = models.ForeignKey(
        "registers.Household",
        verbose_name=_("拟迁入户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_cases",
        help_text=_("空：新立户；集体户：落入社区集体户"),
    )
    acting_as = models.CharField(
        _("申请人身份"),
        max_length=16,
        choices=ActingAs.choices,
        default=ActingAs.SELF,
        help_text=_("账户本人申请，或作为监护人、父母、亲属代为申请（须提交关系证明，由民警核验）"),
    )
    origin_address = models.CharField(
        _("现户籍地址（迁出地）"), max_length=200, blank=True, help_text=_("居民户口簿上的住址")
    )
    facts = models.JSONField(_("申请事实"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    rule_set = models.ForeignKey(
        "eligibility.RuleSet",
        verbose_name=_("适用规则版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    prescreen = models.CharField(_("预审结果"), max_length=24, choices=Prescreen.choices, default=Prescreen.PENDING)
    prescreen_notes = models.JSONField(_("预审说明"), default=dict, blank=True)
    eligible = models.BooleanField(_("引擎判断符合"), null=True, blank=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    acceptance_due = models.DateField(
        _("受理期限"),
        null=True,
        blank=True,
        help_text=_("此日前须受理，或一次性告知须补正的材料（《行政许可法》第32条）"),
    )
    deadline_notified_at = models.DateTimeField(_("已通知主管"), null=True, blank=True)
    paused_on = models.DateField(_("暂停计时日期"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_cases",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_clause = models.CharField(_("决定依据条款"), max_length=200, blank=True)
    decision_text = models.TextField(_("决定说明"), blank=True)
    origin_outside = models.BooleanField(
        _("跨省（市）迁入"), default=False, help_text=_("迁出地不在本平台户籍库：准迁证电子传递，待迁出地办理迁出")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The timeline: every step, when and who (shown to the applicant by role and station), in the
    # one log (activity.Event), read in (at, id) order by its subject index.
    events = GenericRelation("activity.Event", related_query_name="case")

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("业务")
        verbose_name_plural = _("业务")
        indexes = [
            models.Index(fields=["station", "status", "due_date"], name="case_queue_idx"),
            models.Index(fields=["id_number", "status"], name="case_person_idx"),
            models.Index(fields=["applicant", "status"], name="case_applicant_idx"),
            models.Index(fields=["city", "status"], name="case_city_status_idx"),
            models.Index(fields=["status", "prescreen", "submitted_at"], name="case_unscreened_idx"),
            *queue_indexes(),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CaseStatus.DRAFT) | Q(reference__isnull=False, station__isnull=False),
                name="submitted_case_has_reference_and_station",
            ),
        ]

    def __str__(self):
        return self.reference or _("草稿 #%(pk)s") % {"pk": self.pk}

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def is_open(self) -> bool:
        from ..constants import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def certificate(self):
        """The case's 准予迁入证明 (a Paper of kind certificate), or None; from the papers when
        they were prefetched."""
        from .papers import Certificate, PaperKind

        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("papers")
        if prefetched is not None:
            return next((p for p in prefetched if p.kind == PaperKind.CERTIFICATE), None)
        return Certificate.objects.filter(case=self).first()


class CaseRelative(models.Model):
    """A relative coming along on the case, with the engine's own verdict for them."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="relatives")
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("公民身份号码"), max_length=18, validators=[validate_id_number])
    relation = models.CharField(_("与申请人关系"), max_length=24, choices=KinRelation.choices)
    co_resident = models.BooleanField(_("共同居住"), null=True)
    married = models.BooleanField(_("已婚"), null=True)
    minor = models.BooleanField(_("未成年"), null=True)
    person = models.ForeignKey(
        "registers.Person",
        verbose_name=_("登记人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    eligible = models.BooleanField(_("引擎判断可随迁"), null=True)
    origin_address = models.CharField(
        _("现户籍地址（迁出地）"), max_length=200, blank=True, help_text=_("空：与申请人相同")
    )

    class Meta:
        verbose_name = _("随迁亲属")
        verbose_name_plural = _("随迁亲属")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="unique_relative_position")]
        indexes = [models.Index(fields=["id_number"], name="relative_id_number_idx")]  # the queue's search

    def __str__(self):
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class FactsVersion(models.Model):
    """The facts as submitted (number 1) and as a clerk corrected them, each with its evaluation."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="fact_versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    facts = models.JSONField(_("事实"))
    evaluation = models.JSONField(_("引擎评估"))
    eligible = models.BooleanField(_("符合"), null=True)
    reason = models.TextField(_("更正理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事实版本")
        verbose_name_plural = _("事实版本")
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="unique_facts_version")]

    def __str__(self):
        return f"{self.case} v{self.number}"


def _document_path(instance, filename):
    # A random name, never the uploader's: nothing about the file is guessable from its path.
    return f"documents/{instance.case_id}/{uuid.uuid4().hex}{instance.extension}"


class Document(ChoiceLabels, models.Model):
    """An uploaded document. Stored outside the web root; served only through a view that checks
    the user may see the case."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("材料类型"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(_("文件"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=64)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    request = models.ForeignKey(
        "DocumentRequest",
        verbose_name=_("补充材料要求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    purged_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)
    requested_item = models.ForeignKey(
        "RequestedItem",
        verbose_name=_("对应的补正事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    consent = models.ForeignKey(
        "Consent",
        verbose_name=_("对应的同意"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text=_("随迁人或户主签字的授权委托书"),
    )
    check_result = models.CharField(
        _("核验结果"), max_length=16, choices=DocumentCheck.choices, default=DocumentCheck.UNCHECKED
    )
    check_reason = models.CharField(_("核验说明"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("核验时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("材料")
        verbose_name_plural = _("材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.original_name}）"


class DocumentRequest(models.Model):
    """A clerk's request for more documents; the case's clock stops until it is answered."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.CASCADE, related_name="document_requests")
    kinds = models.JSONField(_("所需材料"), default=list)
    message = models.TextField(_("说明"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("要求人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("要求时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answer = models.TextField(_("申请人答复"), blank=True)
    status_before = models.CharField(_("要求前状态"), max_length=24, choices=CaseStatus.choices, blank=True)
    repeat_reason = models.TextField(
        _("再次要求的理由"), blank=True, help_text=_("一次性告知后再次要求补正时，须说明上次补正的材料有何变化")
    )

    class Meta:
        verbose_name = _("补充材料要求")
        verbose_name_plural = _("补充材料要求")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(answered_at__isnull=True), name="one_open_request"),
        ]

    def __str__(self):
        return f"{self.case}：{self.message[:30]}"
