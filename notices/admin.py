from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .events import EVENTS
from .models import Notice, NoticeStatus, NoticeTemplate
from .services import SECRET_EVENTS, notice_resend


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The outbox. Failed notices are resent from here (审核主管 and administrators)."""

    list_display = ("created_at", "channel", "event", "recipient", "address", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "event")
    search_fields = ("=address", "recipient__username", "subject")
    actions = ["resend"]
    readonly_fields = [f.name for f in Notice._meta.fields if f.name != "text"] + ["shown_text"]
    exclude = ("text",)

    @admin.display(description=_("正文"))
    def shown_text(self, obj):
        return _("（含链接或验证码，不予显示）") if obj.event in SECRET_EVENTS else obj.text

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重新发送所选的失败通知"), permissions=["change"])
    def resend(self, request, queryset):
        count = sum(notice_resend(notice) for notice in queryset.filter(status=NoticeStatus.FAILED))
        self.message_user(request, gettext("已重新发送 %(count)d 条通知。") % {"count": count}, messages.SUCCESS)


class NoticeTemplateForm(forms.ModelForm):
    event = forms.ChoiceField(label=_("事由"), choices=[(e, str(EVENTS[e][0])) for e in EVENTS])

    class Meta:
        model = NoticeTemplate
        fields = ["event", "language", "subject", "body"]


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    """The rule admin words each event's notice; the default text stands where there is none."""

    form = NoticeTemplateForm
    list_display = ("event", "language", "subject")
    list_filter = ("language",)
