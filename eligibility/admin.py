import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin_words import IN_CHINESE, PlainBlanks, chinese_record

from .admin_forms import (
    ParameterForm,
    PublicationDecisionForm,
    PublicationRequestForm,
    TrialChooseForm,
    trial_as_of,
)
from .constants import INSURANCE_KINDS, CalendarSource, Pathway, RuleSetStatus
from .facts import FactsError, flatten_errors, parse_facts
from .forms import FACT_FIELDS, FactsForm, RelativeFormSet, field_name
from .models import CalendarDay, ChecklistItem, Clause, Parameter, PublicationRequest, PublicationStatus, RuleSet
from .pathways import PATHWAYS
from .services import (
    RuleSetError,
    has_drafted,
    may_govern,
    parameter_update,
    pending_publication,
    publication_approve,
    publication_refuse,
    publication_request,
    publication_withdraw,
    rule_set_copy_as_draft,
    rule_set_preview,
)


def _frozen(obj) -> bool:
    """A published version, or a draft awaiting a second rule admin's approval, is not edited."""
    return bool(obj and (obj.is_published or pending_publication(obj) is not None))


class _FrozenWhenPublished:
    """Inlines of a published rule set (or of a draft awaiting approval) are read-only: a change
    is a new version, and an approver approves what they read."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _frozen(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _frozen(obj)


class _LabelledRows(forms.BaseInlineFormSet):
    """A tabular inline writes each label once, as a column heading; every control also gets a
    name of its own (row and column), or a screen reader meets a row of nameless fields."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = str(form.instance) if form.instance.pk else _("新增一行")
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-object wrapper
            if field.label and not widget.is_hidden:  # a row's id and its rule set are no one's to read
                widget.attrs["aria-label"] = f"{row}：{field.label}"


def _chinese_widgets(formfield, db_field, names):
    """The inputs of records kept in Chinese say so (lang), so do their read-only forms."""
    if formfield is not None and db_field.name in names:
        formfield.widget.attrs.update(IN_CHINESE)
    return formfield


class ParameterInline(PlainBlanks, _FrozenWhenPublished, admin.TabularInline):
    """Every parameter of the version, each with a control fit for its kind (ParameterForm); the
    keys are fixed — every rule set has every key — so rows are neither added nor deleted here."""

    model = Parameter
    form = ParameterForm
    formset = _LabelledRows
    template = "admin/eligibility/parameter_inline.html"  # Django's tabular inline, stacked on a phone
    readonly_fields = ["label", "words", "note_zh", "local_source_zh"]
    extra = 0
    can_delete = False
    ordering = ["key"]

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["label", "value", "clause", "note", "local_source"]
        return ["label", "words", "clause", "note_zh", "local_source_zh"]

    note_zh = chinese_record("note", Parameter._meta.get_field("note").verbose_name, text=True)
    local_source_zh = chinese_record("local_source", Parameter._meta.get_field("local_source").verbose_name)

    def has_add_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clause" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Clause.objects.filter(rule_set_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The clause is picked from this version's own clauses: no add/change/view icons beside it
        (clauses are edited above, in the same form)."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "clause" and formfield is not None:
            formfield.widget = getattr(formfield.widget, "widget", formfield.widget)
        return _chinese_widgets(formfield, db_field, {"note", "local_source"})

    @admin.display(description=_("参数"))
    def label(self, obj):
        return obj.label if obj.pk else ""

    @admin.display(description=_("取值"))
    def words(self, obj):
        return obj.words if obj.pk else ""


class ClauseInline(PlainBlanks, _FrozenWhenPublished, admin.StackedInline):
    """The document's clauses, quoted: Chinese text, marked as such on English pages."""

    model = Clause
    template = "admin/eligibility/clause_inline.html"  # Django's stacked inline, its heading marked as Chinese
    readonly_fields = ["key_code", "citation_zh", "text_zh"]
    extra = 0

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["key", "citation", "text"]
        return ["key_code", "citation_zh", "text_zh"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return _chinese_widgets(formfield, db_field, {"citation", "text"})

    key_code = admin.display(description=Clause._meta.get_field("key").verbose_name)(
        lambda self, obj: format_html("<code>{}</code>", obj.key)
    )
    citation_zh = chinese_record("citation", Clause._meta.get_field("citation").verbose_name)
    text_zh = chinese_record("text", Clause._meta.get_field("text").verbose_name, text=True)


class ChecklistInline(PlainBlanks, _FrozenWhenPublished, admin.TabularInline):
    model = ChecklistItem
    formset = _LabelledRows
    fields = ["pathway", "document", "when", "required", "position"]
    extra = 0


#: The rule set's fields kept in Chinese, and the read-only column that shows each as Chinese.
RULE_SET_CHINESE = {"document": "document_zh", "title": "title_zh", "notes": "notes_zh"}


@admin.register(RuleSet)
class RuleSetAdmin(PlainBlanks, admin.ModelAdmin):
    list_display = [
        "city",
        "document_zh",
        "version",
        "effective_from",
        "effective_to",
        "status",
        "publication_state",
        "preview_link",
        "impact_link",
    ]
    list_filter = ["city", "status"]
    search_fields = ["document", "title"]
    inlines = [ClauseInline, ParameterInline, ChecklistInline]
    actions = ["copy_as_draft"]
    readonly_fields = ["status", "published_at", "based_on"]

    def get_queryset(self, request):
        """A rule admin of one city keeps that city's rules; one without a city, every city's."""
        pending = PublicationRequest.objects.filter(status=PublicationStatus.PENDING).select_related("requested_by")
        queryset = super().get_queryset(request).prefetch_related(Prefetch("publication_requests", pending, "pending"))
        city = getattr(request.user, "city", "")
        return queryset if request.user.is_superuser or not city else queryset.filter(city=city)

    document_zh = chinese_record("document", RuleSet._meta.get_field("document").verbose_name)
    title_zh = chinese_record("title", RuleSet._meta.get_field("title").verbose_name)
    notes_zh = chinese_record("notes", RuleSet._meta.get_field("notes").verbose_name, text=True)

    def get_readonly_fields(self, request, obj=None):
        if _frozen(obj):
            return [f.name for f in RuleSet._meta.fields] + list(RULE_SET_CHINESE.values())
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        if _frozen(obj):  # every field read-only, the Chinese records marked as such
            return [RULE_SET_CHINESE.get(f.name, f.name) for f in RuleSet._meta.fields if f.name != "id"]
        return super().get_fields(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return _chinese_widgets(formfield, db_field, set(RULE_SET_CHINESE))

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        publication = self.admin_site.admin_view(self.publication_view)
        return [
            path("<int:pk>/preview/", preview, name="eligibility_ruleset_preview"),
            path("<int:pk>/publication/", publication, name="eligibility_ruleset_publication"),
            *super().get_urls(),
        ]

    @admin.display(description=_("发布审批"))
    def publication_state(self, obj):
        if obj.is_published:
            return "—"
        pending = obj.pending[0] if obj.pending else None  # prefetched for the whole list
        text = _("待审批（%(who)s 申请）") % {"who": pending.requested_by.get_username()} if pending else _("申请发布")
        return format_html('<a href="{}">{}</a>', reverse("admin:eligibility_ruleset_publication", args=[obj.pk]), text)

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
            self.log_addition(request, draft, [{"added": {}}])  # who drafted it: see 四眼原则
            self.message_user(request, _("已创建草稿：%(draft)s") % {"draft": draft}, messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        """Parameters are changed through the service (parameter_update), as every other caller does."""
        if formset.model is not Parameter:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.deleted_objects, formset.changed_objects = [], [], []
        for row in formset.forms:
            if row.instance.pk and row.has_changed():
                data = row.cleaned_data
                parameter_update(
                    parameter=row.instance,
                    value=data["value"],
                    clause=data["clause"],
                    note=data["note"],
                    local_source=data["local_source"],
                )
                formset.changed_objects.append((row.instance, row.changed_data))

    # --- 四眼原则: the drafter asks, a second rule admin approves or refuses ------------------------

    def publication_view(self, request, pk):
        """The draft's publication: what publishing will do, who asked and who decided, and the
        step this user may take (ask, withdraw, approve, refuse)."""
        rule_set = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, rule_set):
            raise PermissionDenied
        pending = pending_publication(rule_set)
        ask = PublicationRequestForm(request.POST if request.POST.get("step") == "request" else None)
        decide = PublicationDecisionForm(request.POST if request.POST.get("step") in ("approve", "refuse") else None)
        if request.method == "POST":
            done = self._publication_step(request, rule_set, pending, ask, decide)
            if done is not None:
                return done
        may = may_govern(request.user, rule_set.city) and not rule_set.is_published
        drafted = has_drafted(rule_set, request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("发布审批：%(rule_set)s") % {"rule_set": rule_set},
            "opts": self.model._meta,
            "original": rule_set,
            "pending": pending,
            "history": rule_set.publication_requests.select_related("requested_by", "decided_by"),
            "consequences": None if rule_set.is_published else self.consequences(rule_set),
            "may_request": may and pending is None,
            "may_withdraw": pending is not None and pending.requested_by_id == request.user.pk,
            "may_decide": may and pending is not None and pending.requested_by_id != request.user.pk and not drafted,
            "drafted": drafted,
            "ask": ask,
            "decide": decide,
        }
        return TemplateResponse(request, "admin/eligibility/ruleset/publication.html", context)

    def _publication_step(self, request, rule_set, pending, ask, decide):
        step = request.POST.get("step")
        try:
            if step == "request" and ask.is_valid():
                publication_request(rule_set=rule_set, user=request.user, note=ask.cleaned_data["note"])
                message = _("已提交发布申请，须由另一位规则管理员批准后发布。")
            elif step == "withdraw" and pending:
                publication_withdraw(publication=pending, user=request.user)
                message = _("已撤回发布申请，可继续修改草稿。")
            elif step == "refuse" and pending and decide.is_valid():
                publication_refuse(publication=pending, user=request.user, reason=decide.cleaned_data["reason"])
                message = _("已退回发布申请。")
            elif step == "approve" and pending and decide.is_valid():
                publication_approve(publication=pending, user=request.user, reason=decide.cleaned_data["reason"])
                rule_set.refresh_from_db()  # now 已发布
                message = _("已批准并发布：%(rule_set)s；本市在办业务将按本版本重新预审。") % {"rule_set": rule_set}
            else:
                return None
        except RuleSetError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:eligibility_ruleset_publication", args=[rule_set.pk]))
        self.message_user(request, message, messages.SUCCESS)
        return redirect(reverse("admin:eligibility_ruleset_publication", args=[rule_set.pk]))

    # --- 试算: the self-check's own form, against this version -------------------------------------

    def preview_view(self, request, pk):
        """Evaluate a case, typed in the self-check's fields, against this rule set — a draft
        before publishing, or any version — pre-filled with an example for its own city."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rule_set = get_object_or_404(self.get_queryset(request), pk=pk)
        choose = TrialChooseForm(request.GET or None, initial={"as_of": trial_as_of(rule_set)})
        pathway = choose.cleaned_data["pathway"] if choose.is_valid() else choose.fields["pathway"].initial
        as_of = choose.cleaned_data["as_of"] if choose.is_valid() else trial_as_of(rule_set)
        data = request.POST if request.method == "POST" else None
        form = FactsForm(data, pathway=pathway, initial=trial_example(rule_set, pathway), label_suffix="")
        relatives = None
        if PATHWAYS[pathway].takes_relatives:
            relatives = RelativeFormSet(data, prefix="relatives", form_kwargs={"label_suffix": ""})
        evaluation, errors = None, []
        if data is not None and form.is_valid() and (relatives is None or relatives.is_valid()):
            facts = {**form.facts(city=rule_set.city, pathway=pathway), "as_of": as_of.isoformat()}
            if relatives is not None:
                facts["relatives"] = [r for r in (f.relative() for f in relatives.forms) if r]
            try:
                evaluation = rule_set_preview(rule_set=rule_set, facts=parse_facts(facts))
            except FactsError as error:
                errors = [message for _field, message in flatten_errors(error.errors)]
        context = {
            **self.admin_site.each_context(request),
            "title": _("试算：%(rule_set)s") % {"rule_set": rule_set},
            "opts": self.model._meta,
            "original": rule_set,
            "choose": choose,
            "pathway": pathway,
            "as_of": as_of,
            "form": form,
            "relatives": relatives,
            "errors": errors,
            "evaluation": evaluation,
            "results": _results_in_words(evaluation),
            "city_label": rule_set.get_city_display(),
        }
        return TemplateResponse(request, "admin/eligibility/ruleset/preview.html", context)

    def consequences(self, rule_set: RuleSet) -> dict:
        """What publishing this draft does: from when it governs and which version it ends (the
        composition root adds how many open cases are screened again: hukou_portal/admin.py)."""
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
        return {
            "ends": ends,
            "ends_on": rule_set.effective_from - datetime.timedelta(days=1),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["pending_publication"] = pending_publication(obj) if obj else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_post_save_change(self, request, obj):
        return redirect(reverse("admin:eligibility_ruleset_change", args=[obj.pk]))


def trial_example(rule_set: RuleSet, pathway: str) -> dict:
    """An example case for the version's own city, from its own parameters: a home owner with a
    stable job and the insurance months the city asks, in a zone where owners may settle."""
    values = {p.key: p.value for p in rule_set.parameters.all()}
    zones = values.get(f"{pathway}.zones") or values.get("residence.owned_zones") or []
    example = {field_name("zone"): zones[0] if zones else ""}
    if pathway == "residence":
        months = max(values.get("residence.strict_insurance_months") or 0, 12)
        example.update(
            {
                field_name("applicant.housing.kind"): "owned",
                field_name("applicant.employment.stable"): "true",
                **{field_name(f"applicant.social_insurance_months.{k}"): months for k in INSURANCE_KINDS},
            }
        )
    return example


def _results_in_words(evaluation) -> list[dict]:
    """Each pathway's verdict with its name and the missing facts as the self-check's questions."""
    if evaluation is None:
        return []
    return [
        {
            "label": Pathway(result.pathway).label,
            "result": result,
            "missing": [str(FACT_FIELDS[p]().label) if p in FACT_FIELDS else p for p in result.missing],
        }
        for result in evaluation.results
    ]


@admin.register(Clause)
class ClauseAdmin(PlainBlanks, admin.ModelAdmin):
    list_display = ["citation_zh", "key_code", "rule_set"]
    list_display_links = ["citation_zh"]
    list_filter = ["rule_set__city"]
    list_select_related = ["rule_set"]
    search_fields = ["citation", "text"]

    citation_zh = ClauseInline.citation_zh
    key_code = ClauseInline.key_code

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return _chinese_widgets(formfield, db_field, {"citation", "text"})


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
class CalendarDayAdmin(PlainBlanks, admin.ModelAdmin):
    """The holidays and 调休 days time limits count with. Most come from the holiday library; an
    admin adds local days here, and a day an admin saves is theirs: a library refresh keeps it."""

    list_display = ["date", "weekday", "name_zh", "working_words", "source"]
    list_filter = [CalendarYearFilter, "working", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "working", "name", "source"]
    readonly_fields = ["source"]
    list_per_page = 100

    name_zh = chinese_record("name", CalendarDay._meta.get_field("name").verbose_name)

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]

    @admin.display(description=CalendarDay._meta.get_field("working").verbose_name, ordering="working")
    def working_words(self, obj):
        """In words, not Django's ✔/✘ icons (whose alt text is the English True/False)."""
        return _("上班") if obj.working else _("放假")

    def save_model(self, request, obj, form, change):
        obj.source = CalendarSource.ADMIN
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        from .holidays import library_years

        years = library_years()
        extra_context = {**(extra_context or {}), "library_first": years[0], "library_last": years[-1]}
        return super().changelist_view(request, extra_context)


WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]
