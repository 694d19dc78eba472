"""The log in the Django admin, for reading: every object's steps in one list for the auditors
(a supervisor sees their city's, by each subject's own scope), and an inline for a subject's page."""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.roles import Role
from common.staff import staff_scope
from registers.admin import ReadOnlyAdminMixin

from .models import Event
from .subjects import kind_choices, subjects


def role_words(event: Event) -> str:
    """The actor's role at the time, in the reader's language (— for the system's own steps)."""
    return Role(event.actor_role).label if event.actor_role in Role.values else "—"


class KindFilter(admin.SimpleListFilter):
    title = _("事项")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class RoleFilter(admin.SimpleListFilter):
    """The actor's role by its name (the column holds the role's key)."""

    title = _("操作人角色")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(actor_role=self.value()) if self.value() else queryset


class SubjectFilter(admin.SimpleListFilter):
    title = _("对象类型")
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        return [(s.model._meta.label_lower, s.model._meta.verbose_name) for s in subjects()]

    def queryset(self, request, queryset):
        for subject in subjects():
            if subject.model._meta.label_lower == self.value():
                return queryset.of_model(subject.model)
        return queryset


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who did what to which case or permit: the auditors' trail."""

    list_display = ["at", "subject_words", "kind_words", "on", "actor", "role_words", "station"]
    list_filter = [SubjectFilter, KindFilter, RoleFilter, ("at", admin.DateFieldListFilter)]
    search_fields = ["actor__username"]
    date_hierarchy = "at"
    show_full_result_count = False
    # what a person reads of a step: its kind and the actor's role in words; not the raw role key,
    # nor the step's data (JSON kept for the record and the personal-data export)
    fields = ["at", "subject_words", "kind_words", "on", "actor", "role_words", "station", "message"]
    readonly_fields = fields
    empty_value_display = "—"

    @admin.display(description=_("对象"))
    def subject_words(self, event: Event) -> str:
        return str(event.subject)

    @admin.display(description=_("事项"), ordering="kind")
    def kind_words(self, event: Event) -> str:
        return event.get_kind_display()

    @admin.display(description=_("操作人角色"), ordering="actor_role")
    def role_words(self, event: Event) -> str:
        return role_words(event)

    def get_search_fields(self, request):
        return [*self.search_fields, *(field for s in subjects() for field in s.search)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("actor", "station").prefetch_related("subject")
        user = request.user
        if user.is_superuser or user.role == Role.AUDITOR:
            return queryset
        visible = [
            Q(
                content_type=ContentType.objects.get_for_model(s.model),
                object_id__in=staff_scope(user, s.model._default_manager.all(), station=s.station, city=s.city).values(
                    "pk"
                ),
            )
            for s in subjects()
        ]
        return queryset.filter(reduce(or_, visible)) if visible else queryset.none()


class EventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """A subject's timeline on its own admin page (the case's; a subject whose steps take effect on
    a day, like a permit's, adds ``on``)."""

    model = Event
    fields = ["at", "kind_words", "actor", "role_words", "station", "message"]
    readonly_fields = fields
    extra = 0
    empty_value_display = "—"

    @admin.display(description=_("事项"))
    def kind_words(self, event: Event) -> str:
        return event.get_kind_display()

    @admin.display(description=_("操作人角色"))
    def role_words(self, event: Event) -> str:
        return role_words(event)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "station")
