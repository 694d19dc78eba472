"""Cases in the Django admin: for reading (supervisors, auditors). Every change to a case goes
through applications.services, in the staff pages or the API."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from activity.admin import EventInline
from common.staff import staff_scope
from eligibility.presentation import present_facts
from registers.admin import ReadOnlyAdminMixin, RecordsOpeningMixin
from registers.audit import record_case_access

from .constants import CaseKind
from .models import Batch, Case, Paper, TaskFailure
from .services.operations import task_retry


@admin.register(Case)
class CaseAdmin(RecordsOpeningMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "kind", "pathway", "status", "name", "masked_id_number", "station", "submitted_at"]
    list_filter = ["status", "kind", "pathway", "prescreen", "city"]
    search_fields = ["^reference", "=id_number", "name"]
    list_select_related = ["station"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    exclude = ["facts", "prescreen_notes"]
    readonly_fields = ["facts_in_words"]
    inlines = [EventInline]  # the case's timeline (the one log; its list for auditors is activity's)

    @admin.display(description=_("申请事实"))
    def facts_in_words(self, case: Case) -> str:
        """The case's facts as the clerk's page reads them (eligibility.presentation), not as JSON."""
        version = case.fact_versions.order_by("-number").first()  # the facts as judged, zone included
        groups = present_facts(
            version.facts if version else case.facts,
            relative_names=[r.name for r in case.relatives.all()],
            permit=case.kind == CaseKind.RESIDENCE_PERMIT,
        )
        return (
            format_html_join(
                "",
                "<p><strong>{}</strong></p><ul>{}</ul>",
                ((g.title, format_html_join("", "<li>{}：{}</li>", g.rows)) for g in groups),
            )
            or "—"
        )

    @admin.display(description=_("公民身份号码"), ordering="id_number")
    def masked_id_number(self, case: Case) -> str:
        return case.masked_id_number

    def get_queryset(self, request):
        queryset = super().get_queryset(request).exclude(reference__isnull=True)
        return staff_scope(request.user, queryset, station="station_id", city="city", auditors=True)

    def record_opening(self, request, case):
        record_case_access(request=request, case=case, detail="管理后台")


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The papers issued on cases; what each prints is read on its page or PDF, not here."""

    list_display = ["number", "kind", "title", "case", "issued_at", "issued_by", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["^number", "^code", "^case__reference"]
    list_select_related = ["case", "issued_by"]
    exclude = ["content"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return staff_scope(request.user, queryset, station="case__station_id", city="case__city", auditors=True)


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "city", "station", "started_by", "started_at", "status", "finished_at"]
    list_filter = ["status", "city"]
    list_select_related = ["station", "started_by"]

    def get_queryset(self, request):
        return staff_scope(
            request.user, super().get_queryset(request), station="station_id", city="city", auditors=True
        )


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    """Background tasks that failed after their retries, with a retry action: failures are for
    staff to see, not only for the logs."""

    list_display = ["failed_at", "task_name", "args", "exception", "retried_at", "retried_by"]
    list_filter = ["task_name", ("retried_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in TaskFailure._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("重新执行所选任务"), permissions=["change"])
    def retry(self, request, queryset):
        for failure in queryset.filter(retried_at__isnull=True):
            task_retry(failure=failure, user=request.user)
        self.message_user(request, _("已重新提交。"))
