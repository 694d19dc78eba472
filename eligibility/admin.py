import datetime
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .constants import CalendarSource, RuleSetStatus
from .facts import FactsError, flatten_errors, parse_facts
from .models import CalendarDay, ChecklistItem, Clause, Parameter, RuleSet
from .services import RuleSetError, rule_set_copy_as_draft, rule_set_preview, rule_set_publish


class _FrozenWhenPublished:
    """Inlines of a published rule set are read-only: a change is a new version."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_published)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_published)


class _LabelledRows(forms.BaseInlineFormSet):
    """A tabular inline writes each label once, as a column heading; every control also gets a
    name of its own (row and column), or a screen reader meets a row of nameless fields."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = str(form.instance) if form.instance.pk else _("新增一行")
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-object wrapper
            widget.attrs["aria-label"] = f"{row}：{field.label}"


class ParameterForm(forms.ModelForm):
    class Meta:
        model = Parameter
        fields = ["key", "value", "clause", "note", "local_source"]
        widgets = {"value": forms.TextInput(attrs={"size": 60}), "note": forms.Textarea(attrs={"rows": 2, "cols": 40})}


class ParameterInline(_FrozenWhenPublished, admin.TabularInline):
    model = Parameter
    form = ParameterForm
    formset = _LabelledRows
    fields = ["key", "label", "value", "unit", "clause", "note", "local_source"]
    readonly_fields = ["label", "unit"]
    extra = 0
    ordering = ["key"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clause" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Clause.objects.filter(rule_set_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("含义"))
    def label(self, obj):
        return obj.label if obj.pk else ""

    @admin.display(description=_("单位"))
    def unit(self, obj):
        return obj.unit if obj.pk else ""


class ClauseInline(_FrozenWhenPublished, admin.StackedInline):
    model = Clause
    fields = ["key", "citation", "text"]
    extra = 0


class ChecklistInline(_FrozenWhenPublished, admin.TabularInline):
    model = ChecklistItem
    formset = _LabelledRows
    fields = ["pathway", "document", "when", "required", "position"]
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "city",
        "document",
        "version",
        "effective_from",
        "effective_to",
        "status",
        "preview_link",
        "impact_link",
    ]
    list_filter = ["city", "status"]
    search_fields = ["document", "title"]
    inlines = [ClauseInline, ParameterInline, ChecklistInline]
    actions = ["copy_as_draft", "publish"]
    readonly_fields = ["status", "published_at", "based_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_published:
            return [f.name for f in RuleSet._meta.fields]
        return self.readonly_fields

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        impact = self.admin_site.admin_view(self.impact_view)
        return [
            path("<int:pk>/preview/", preview, name="eligibility_ruleset_preview"),
            path("<int:pk>/impact/", impact, name="eligibility_ruleset_impact"),
            *super().get_urls(),
        ]

    @admin.display(description=_("试算"))
    def preview_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:eligibility_ruleset_preview", args=[obj.pk]), _("试算")
        )

    @admin.display(description=_("影响评估"))
    def impact_link(self, obj):
        if obj.is_published:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:eligibility_ruleset_impact", args=[obj.pk]), _("影响评估")
        )

    @admin.action(description=_("复制为新草稿版本"), permissions=["add"])
    def copy_as_draft(self, request, queryset):
        for rule_set in queryset:
            draft = rule_set_copy_as_draft(rule_set=rule_set)
            self.message_user(request, _("已创建草稿：%(draft)s") % {"draft": draft}, messages.SUCCESS)

    @admin.action(description=_("发布所选草稿"), permissions=["change"])
    def publish(self, request, queryset):
        """Asks first, the way Django's delete does: a page saying from when each draft governs,
        which version it ends, and how many open cases are screened again; publishes on confirmed=1."""
        if request.POST.get("confirmed") != "1":
            return self.publish_confirmation(request, queryset)
        for rule_set in queryset:
            try:
                rule_set_publish(rule_set=rule_set)
            except RuleSetError as error:
                self.message_user(request, f"{rule_set}：{' '.join(error.messages)}", messages.ERROR)
            else:
                # The open cases this version now governs are judged again (applications' beat work).
                from applications.tasks import send_rescreen

                send_rescreen(rule_set.pk, request.user.pk)
                self.message_user(request, _("已发布：%(rule_set)s") % {"rule_set": rule_set}, messages.SUCCESS)

    def publish_confirmation(self, request, queryset):
        from applications.services.impact import cases_to_rescreen

        drafts, published = [], []
        for rule_set in queryset.order_by("city", "version"):
            if rule_set.is_published:
                published.append(rule_set)
                continue
            ends = (
                RuleSet.objects.filter(
                    city=rule_set.city,
                    status=RuleSetStatus.PUBLISHED,
                    effective_to__isnull=True,
                    effective_from__lt=rule_set.effective_from,
                )
                .order_by("-effective_from")
                .first()
            )
            drafts.append(
                {
                    "rule_set": rule_set,
                    "ends": ends,
                    "ends_on": rule_set.effective_from - datetime.timedelta(days=1),
                    "rescreened": len(cases_to_rescreen(rule_set)),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("确认发布规则"),
            "opts": self.model._meta,
            "drafts": drafts,
            "published": published,
            "selected": [rule_set.pk for rule_set in queryset],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/eligibility/ruleset/publish_confirmation.html", context)

    def preview_view(self, request, pk):
        """Evaluate a facts JSON against this rule set — a draft before publishing, or any version."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rule_set = get_object_or_404(RuleSet, pk=pk)
        form = PreviewForm(request.POST or None)
        evaluation = None
        if request.method == "POST" and form.is_valid():
            evaluation = rule_set_preview(rule_set=rule_set, facts=form.cleaned_data["facts"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("试算：%(rule_set)s") % {"rule_set": rule_set},
            "opts": self.model._meta,
            "original": rule_set,
            "form": form,
            "evaluation": evaluation,
        }
        return TemplateResponse(request, "admin/eligibility/ruleset/preview.html", context)

    def impact_view(self, request, pk):
        """Before publishing a draft: how many open cases of the city would change verdict."""
        from applications.models import ImpactRun
        from applications.services.impact import impact_run_start

        if not self.has_change_permission(request):
            raise PermissionDenied
        rule_set = get_object_or_404(RuleSet, pk=pk)
        if request.method == "POST":
            impact_run_start(rule_set=rule_set, user=request.user)
            return redirect(reverse("admin:eligibility_ruleset_impact", args=[pk]))
        runs = list(ImpactRun.objects.filter(rule_set=rule_set).select_related("requested_by")[:5])
        context = {
            **self.admin_site.each_context(request),
            "title": _("影响评估：%(rule_set)s") % {"rule_set": rule_set},
            "opts": self.model._meta,
            "original": rule_set,
            "runs": runs,
            "latest": runs[0] if runs else None,
        }
        return TemplateResponse(request, "admin/eligibility/ruleset/impact.html", context)

    def response_post_save_change(self, request, obj):
        return redirect(reverse("admin:eligibility_ruleset_change", args=[obj.pk]))


class PreviewForm(forms.Form):
    facts = forms.CharField(
        label=_("事实（JSON）"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        initial=json.dumps(
            {
                "city": "jilin",
                "zone": "central_urban",
                "as_of": "2027-01-01",
                "pathway": "residence",
                "applicant": {
                    "housing": {"kind": "rented", "lease_since": "2025-06-01"},
                    "employment": {"stable": True},
                    "social_insurance_months": {"pension": 12, "medical": 12, "unemployment": 12},
                },
            },
            ensure_ascii=False,
            indent=2,
        ),
    )

    def clean_facts(self):
        try:
            data = json.loads(self.cleaned_data["facts"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("JSON 格式错误：第 %(line)d 行第 %(col)d 列。"), params={"line": error.lineno, "col": error.colno}
            ) from None
        try:
            return parse_facts(data)
        except FactsError as error:
            raise forms.ValidationError(
                [f"{field}: {message}" for field, message in flatten_errors(error.errors)]
            ) from None


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["citation", "key", "rule_set"]
    list_filter = ["rule_set__city"]
    list_select_related = ["rule_set"]
    search_fields = ["citation", "text"]


class CalendarYearFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The holidays and 调休 days time limits count with. Most come from the holiday library; an
    admin adds local days here, and a day an admin saves is theirs: a library refresh keeps it."""

    list_display = ["date", "weekday", "name", "working", "source"]
    list_filter = [CalendarYearFilter, "working", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "working", "name", "source"]
    readonly_fields = ["source"]
    list_per_page = 100

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        obj.source = CalendarSource.ADMIN
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        from .holidays import library_years

        years = library_years()
        extra_context = {**(extra_context or {}), "library_first": years[0], "library_last": years[-1]}
        return super().changelist_view(request, extra_context)


WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]
