"""Residence registrations and permits in the Django admin, for reading (supervisors, auditors):
every change goes through residence_permits.services, in the station's pages or the API. Lists show
identity numbers masked; opening one record is recorded for the auditors. The rights lists, the
validity term and the endorsement window are rule-set parameters (eligibility's admin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from activity.admin import EventInline
from common.staff import staff_scope
from registers.admin import ReadOnlyAdminMixin, RecordsOpeningMixin

from .models import Endorsement, Notification, ResidencePermit, ResidenceRegistration


class ScopedRecordedAdmin(RecordsOpeningMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Scoped to the user's station or city; opening a record is recorded."""

    show_full_result_count = False
    scope_fields = {"station": "station_id", "city": "city"}

    def get_queryset(self, request):
        return staff_scope(request.user, super().get_queryset(request), **self.scope_fields, auditors=True)

    def people_on_page(self, obj):
        holder = self.holder_of(obj)
        return [(holder.id_number, holder.person)]

    def holder_of(self, obj):
        return obj

    @admin.display(description=_("公民身份号码"), ordering="id_number")
    def masked_id_number(self, obj) -> str:
        return obj.masked_id_number


@admin.register(ResidenceRegistration)
class ResidenceRegistrationAdmin(ScopedRecordedAdmin):
    list_display = ["name", "masked_id_number", "city", "station", "since", "registered_on", "reason", "ended_on"]
    list_filter = ["city", "reason", "channel"]
    search_fields = ["=id_number", "name"]
    list_select_related = ["station"]
    date_hierarchy = "registered_on"
    exclude = ["id_number"]


class EndorsementInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Endorsement
    fields = ["case", "valid_until_before", "endorsed_on", "late", "valid_until_after"]
    readonly_fields = fields
    extra = 0


class PermitEventInline(EventInline):
    """The permit's history, by the day each step took effect (the one log's rows of this permit)."""

    fields = ["on", "kind_words", "actor", "message", "at"]
    readonly_fields = fields


@admin.register(ResidencePermit)
class ResidencePermitAdmin(ScopedRecordedAdmin):
    list_display = ["number", "name", "masked_id_number", "city", "station", "issued_on", "valid_until", "cancelled_on"]
    list_filter = ["city", "cancel_reason"]
    search_fields = ["^number", "=id_number", "name"]
    list_select_related = ["station"]
    date_hierarchy = "issued_on"
    exclude = ["id_number", "code"]
    inlines = [EndorsementInline, PermitEventInline]


@admin.register(Notification)
class NotificationAdmin(ScopedRecordedAdmin):
    list_display = ["created_at", "user", "permit", "kind", "due_on", "emailed_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "permit"]
    scope_fields = {"station": "permit__station_id", "city": "permit__city"}

    def holder_of(self, notification):
        return notification.permit
