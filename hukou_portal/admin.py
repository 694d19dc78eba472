"""The admin's parts that span apps, composed here above them: an auditor's export of everything
the portal holds about a person of the register (their entries, cases and residence permits)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import path

from common.client_address import client_ip
from registers.admin import PersonAdmin
from registers.models import Person
from registers.selectors import may_export_personal_data

from .export import person_data_export, personal_data_response


class PersonWithExportAdmin(PersonAdmin):
    def get_urls(self):
        export = path(
            "<path:object_id>/export/",
            self.admin_site.admin_view(self.export_view),
            name="registers_person_export",
        )
        return [export, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_export": may_export_personal_data(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def export_view(self, request, object_id):
        """An auditor downloads everything the portal holds about this person (a POST: each
        export is recorded, so a link followed by a browser or a prefetcher must not make one)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not may_export_personal_data(request.user):
            raise PermissionDenied
        person = get_object_or_404(self.get_queryset(request), pk=object_id)
        data = person_data_export(person=person, actor=request.user, ip=client_ip(request) or None)
        return personal_data_response(data, filename=f"person-{person.pk}.json")


admin.site.unregister(Person)
admin.site.register(Person, PersonWithExportAdmin)
