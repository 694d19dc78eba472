"""The admin's parts that span apps, composed here above them: an auditor's export of everything
the portal holds about a person of the register (their entries, cases and residence permits), and
what a rule set's draft would do to the open cases (the impact dry run, the re-screening count)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from applications.models import ImpactRun
from applications.services.impact import cases_to_rescreen, impact_run_start
from common.client_address import client_ip
from eligibility.admin import RuleSetAdmin
from eligibility.models import RuleSet
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


class RuleSetWithImpactAdmin(RuleSetAdmin):
    """The rule admin's rule sets, with what a draft would do to the city's open cases."""

    def get_urls(self):
        impact = self.admin_site.admin_view(self.impact_view)
        return [path("<int:pk>/impact/", impact, name="eligibility_ruleset_impact"), *super().get_urls()]

    def consequences(self, rule_set: RuleSet) -> dict:
        return {**super().consequences(rule_set), "rescreened": len(cases_to_rescreen(rule_set))}

    def impact_view(self, request, pk):
        """Before publishing a draft: how many open cases of the city would change verdict."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        rule_set = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method == "POST":
            impact_run_start(rule_set=rule_set, user=request.user)
            return redirect(reverse("admin:eligibility_ruleset_impact", args=[pk]))
        runs = list(ImpactRun.objects.filter(rule_set=rule_set).select_related("requested_by").defer("changed")[:5])
        context = {
            **self.admin_site.each_context(request),
            "title": _("影响评估：%(rule_set)s") % {"rule_set": rule_set},
            "opts": self.model._meta,
            "original": rule_set,
            "runs": runs,
            "latest": runs[0] if runs else None,
        }
        return TemplateResponse(request, "admin/eligibility/ruleset/impact.html", context)


admin.site.unregister(RuleSet)
admin.site.register(RuleSet, RuleSetWithImpactAdmin)
