from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .constants import Role
from .models import User

_WORK_FIELDS = ("role", "station", "city", "phone")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("岗位与联系方式"), {"fields": _WORK_FIELDS}))
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("岗位与联系方式"), {"classes": ("wide",), "fields": _WORK_FIELDS}),
    )
    list_display = ["username", "last_name", "first_name", "role", "station", "city", "is_staff", "is_active"]
    list_filter = ["role", "city", "is_staff", "is_superuser", "is_active", "groups"]
    search_fields = [*BaseUserAdmin.search_fields, "phone"]
    list_select_related = ["station"]
    autocomplete_fields = ["station"]

    def save_related(self, request, form, formsets, change):
        """Keep the user in exactly their role's group, as accounts.services.user_create does.

        This runs after the form's own groups are saved, which would otherwise undo it.
        """
        super().save_related(request, form, formsets, change)
        user = form.instance
        role_groups = Group.objects.filter(name__in=Role.values)
        user.groups.remove(*role_groups.exclude(name=user.role))
        user.groups.add(*role_groups.filter(name=user.role))
