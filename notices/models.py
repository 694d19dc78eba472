"""The outbox: every notice the portal sends is one row, written in the transaction of what it
tells, then delivered by a Celery task that claims it (notices/services.py).

This app sits just above ``common`` and below every other app: it refers to the user model only
through ``settings.AUTH_USER_MODEL`` and reads a user's ``email``, ``email_verified`` and ``phone``,
so accounts, applications and residence_permits all call it downward."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PORTAL = "portal", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Language(models.TextChoices):
    CHINESE = "zh-hans", _("简体中文")
    ENGLISH = "en", _("英文")


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件账户"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    address = models.CharField(_("收件地址"), max_length=254, blank=True, help_text=_("电子邮箱或手机号码"))
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    event = models.CharField(_("事由"), max_length=40)
    language = models.CharField(_("通知语言"), max_length=8, choices=Language.choices, default=Language.CHINESE)
    subject = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    link = models.CharField(_("链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("发送占用至"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["recipient", "channel"])]
        constraints = [
            models.CheckConstraint(condition=Q(recipient__isnull=False) | ~Q(address=""), name="notice_has_recipient"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.subject}"


class Preference(models.Model):
    """How one account wants to hear from the portal. The portal's own messages are always on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="notice_preference"
    )
    language = models.CharField(_("通知语言"), max_length=8, choices=Language.choices, default=Language.CHINESE)
    email = models.BooleanField(_("电子邮件通知"), default=True)
    sms = models.BooleanField(_("短信通知"), default=True)
    verified_phone = models.CharField(_("已验证的手机号码"), max_length=20, blank=True)
    phone_verified_at = models.DateTimeField(_("手机号码验证时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self):
        return str(self.user)


class NoticeTemplate(models.Model):
    """The rule admin's wording of an event's notice in one language, in place of the portal's
    default (notices/events.py). It may use only the placeholders the default uses."""

    event = models.CharField(_("事由"), max_length=40)
    language = models.CharField(_("通知语言"), max_length=8, choices=Language.choices, default=Language.CHINESE)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))

    class Meta:
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")
        constraints = [models.UniqueConstraint(fields=["event", "language"], name="one_template_per_event_language")]

    def __str__(self):
        return f"{self.event} · {self.get_language_display()}"

    def clean(self):
        import re

        from django.core.exceptions import ValidationError

        from .events import EVENTS

        if self.event not in EVENTS:
            raise ValidationError({"event": _("没有这个事由。")})
        subject, body, _short = EVENTS[self.event]
        allowed = set(re.findall(r"%\((\w+)\)s", str(subject) + str(body)))
        used = set(re.findall(r"%\((\w+)\)s", self.subject + self.body))
        if used - allowed or re.search(r"%(?!\(\w+\)s)", (self.subject + self.body).replace("%%", "")):
            raise ValidationError(
                _("只能使用默认文字中的占位符：%(names)s。") % {"names": "、".join(f"%({n})s" for n in sorted(allowed))}
            )


class CodePurpose(models.TextChoices):
    PHONE = "phone", _("验证手机号码")
    RESET = "reset", _("重置密码")


class OneTimeCode(models.Model):
    """A 6-digit code sent by SMS, kept only as a digest; good once, for a few minutes and a few tries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=8, choices=CodePurpose.choices)
    phone = models.CharField(max_length=20)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.created_at:%Y-%m-%d %H:%M}"
