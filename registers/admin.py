import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .audit import record_access, record_people_access
from .identity import IdNumberField, mask_id_number, validate_id_number
from .models import Address, DataAccess, Household, Membership, Person, PoliceStation, Region
from .selectors import households_visible_to, memberships_visible_to, persons_visible_to


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "city", "parent", "since_year"]
    list_filter = ["city", "kind"]
    search_fields = ["^code", "name"]
    list_select_related = ["parent"]


@admin.register(PoliceStation)
class PoliceStationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "phone"]
    list_filter = ["region__city"]
    search_fields = ["^code", "name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "zone", "station"]
    list_filter = ["region__city", "zone"]
    search_fields = ["locality", "community", "detail"]
    list_select_related = ["region", "station"]
    autocomplete_fields = ["region", "station"]


class PersonAdminForm(forms.ModelForm):
    """Reports a number that disagrees with the birth date on the number itself.

    Person.clean() makes the same check but raises a form-wide error; with both fields in error
    here, the instance keeps its stored pair and that check stays quiet.
    """

    change_reason = forms.CharField(
        label=_("修改原因"),
        max_length=200,
        required=False,
        help_text=_("修改已登记的人员时必填，如依据的证明材料或业务编号；记入变更记录。"),
    )

    id_number = IdNumberField(label=_("公民身份号码"))  # one message for a wrong length, not Django's

    class Meta:
        model = Person
        fields = ["id_number", "name", "sex", "birth_date", "ethnicity", "converted_before_2016", "death_date"]

    def clean_id_number(self):
        return validate_id_number(self.cleaned_data["id_number"])

    def clean(self):
        cleaned_data = super().clean()
        id_number, birth_date = cleaned_data.get("id_number"), cleaned_data.get("birth_date")
        if id_number and birth_date:
            try:
                validate_id_number(id_number, birth_date=birth_date)
            except ValidationError as error:
                self.add_error("id_number", error)
                self.add_error("birth_date", _("与公民身份号码中的出生日期不一致。"))
        changed = set(self.changed_data) - {"change_reason"}
        if self.instance.pk and changed and not cleaned_data.get("change_reason", "").strip():
            self.add_error("change_reason", _("请写明修改原因。"))
        return cleaned_data


class RecordsOpeningMixin:
    """Every opening of an admin page that shows people's data is recorded for the auditors. An
    admin says who is on the page: ``people_on_page(obj)`` gives (identity number, person) pairs."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = (getattr(response, "context_data", None) or {}).get("original")
        if obj is not None and request.method == "GET":
            self.record_opening(request, obj)
        return response

    def record_opening(self, request, obj) -> None:
        record_people_access(
            request=request,
            action=DataAccess.Action.VIEW,
            people=self.people_on_page(obj),
            subject=f"{obj._meta.verbose_name} {obj}",
            detail="管理后台",
        )


class RegisterHistoryMixin:
    """The admin's 历史 page of a register entry: each change with when, who, why and every
    field's old → new value (the records registers/history.py keeps). Read-only: the register
    changes through its services and the person form, never by reverting a record."""

    object_history_template = "admin/registers/history.html"
    OPERATIONS = {"+": _("登记"), "~": _("修改"), "-": _("删除")}

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)  # scoped: another station's entry is not found
        rows = self.history_rows(obj) if obj is not None else []
        response = super().history_view(request, object_id, {**(extra_context or {}), "register_history": rows})
        if obj is not None and getattr(response, "status_code", None) == 200:
            record_people_access(
                request=request,
                action=DataAccess.Action.VIEW,
                people=self.people_on_page(obj),
                subject=f"{obj._meta.verbose_name} {obj}",
                detail="管理后台 变更记录",
            )
        return response

    def history_rows(self, obj) -> list[dict]:
        """Newest first: each record with the changes since the one before it."""
        records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
        rows, previous = [], None
        for record in records:
            changes = [] if previous is None else record.diff_against(previous, foreign_keys_are_objs=True).changes
            rows.append(
                {
                    "at": record.history_date,
                    "operation": self.OPERATIONS.get(record.history_type, record.history_type),
                    "user": record.history_user,
                    "reason": record.history_change_reason or "",
                    "changes": [self.shown_change(change) for change in changes],
                }
            )
            previous = record
        return rows[::-1]

    def shown_change(self, change) -> dict:
        field = self.model._meta.get_field(change.field)
        return {"field": field.verbose_name, "old": _shown(field, change.old), "new": _shown(field, change.new)}


def _shown(field, value) -> str:
    """A value as a person reads it: the choice's label, a date as 2026年12月1日, 是/否."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


class ScopedToStaffMixin(RegisterHistoryMixin, RecordsOpeningMixin):
    """Staff find in the admin only the register of their station (a supervisor: their city); an
    admin sets ``scope`` (a selector of registers.selectors)."""

    def get_queryset(self, request):
        return self.scope(request.user, super().get_queryset(request))


@admin.register(Person)
class PersonAdmin(ScopedToStaffMixin, admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "masked_id_number", "sex", "birth_date", "ethnicity", "death_date"]
    list_filter = ["sex", "converted_before_2016"]
    search_fields = ["=id_number", "name"]
    show_full_result_count = False  # the register is large: spare PostgreSQL a second COUNT(*)
    ordering = ["-id"]  # the changelist's own default, and the autocomplete's pages stay stable
    scope = staticmethod(persons_visible_to)
    change_form_template = "admin/registers/person/change_form.html"

    def people_on_page(self, person):
        return [(person.id_number, person)]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = form.cleaned_data.get("change_reason", "").strip() or None
        super().save_model(request, obj, form, change)
        if change:
            record_access(
                request=request,
                action=DataAccess.Action.CHANGE,
                id_number=obj.id_number,
                person=obj,
                subject=f"{obj._meta.verbose_name} {obj}",
                detail="、".join(f for f in form.changed_data if f != "change_reason")[:200],
            )

    @admin.display(description=_("公民身份号码"), ordering="id_number")
    def masked_id_number(self, person: Person) -> str:
        return person.masked_id_number


class ReadOnlyAdminMixin:
    """Households and memberships change only through registers.services, which keep the
    one-household rule and the history; the admin shows them and finds them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The household's members, past and present, in the order they joined."""

    model = Membership
    fields = ["person", "relation", "since", "joined_by", "until", "left_by", "note"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "household").order_by("since", "id")


@admin.register(Household)
class HouseholdAdmin(ScopedToStaffMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["register_number", "kind", "name", "head_name", "head_id_number", "address", "station"]
    list_filter = ["kind", "address__station__region__city", "address__zone"]
    search_fields = ["^register_number", "=head__id_number", "head__name", "name"]
    list_select_related = ["head", "address__region", "address__station"]
    show_full_result_count = False
    inlines = [MembershipInline]
    scope = staticmethod(households_visible_to)

    def people_on_page(self, household):
        return [(m.person.id_number, m.person) for m in household.memberships.select_related("person")]

    @admin.display(description=_("户主"), ordering="head__name")
    def head_name(self, household: Household) -> str:
        return household.head.name if household.head else "—"

    @admin.display(description=_("登记派出所"), ordering="address__station__name")
    def station(self, household: Household):
        return household.station

    @admin.display(description=_("户主公民身份号码"))
    def head_id_number(self, household: Household) -> str:
        return household.head.masked_id_number if household.head else "—"


@admin.register(Membership)
class MembershipAdmin(ScopedToStaffMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["person_name", "person_id_number", "household", "relation", "since", "joined_by", "until"]
    list_filter = ["relation", "joined_by", "left_by", "household__address__station__region__city"]
    search_fields = ["=person__id_number", "person__name", "^household__register_number"]
    list_select_related = ["person", "household"]
    show_full_result_count = False
    scope = staticmethod(memberships_visible_to)

    def people_on_page(self, membership):
        return [(membership.person.id_number, membership.person)]

    @admin.display(description=_("姓名"), ordering="person__name")
    def person_name(self, membership: Membership) -> str:
        return membership.person.name

    @admin.display(description=_("公民身份号码"))
    def person_id_number(self, membership: Membership) -> str:
        return membership.person.masked_id_number


@admin.register(DataAccess)
class DataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The auditors' page: who viewed or changed which person's data, when, from where."""

    list_display = ["at", "user", "action", "masked_id_number", "subject", "detail", "ip"]
    list_filter = ["action", ("at", admin.DateFieldListFilter), "user__role"]
    search_fields = ["=id_number", "user__username", "subject"]
    list_select_related = ["user"]
    date_hierarchy = "at"
    show_full_result_count = False

    @admin.display(description=_("公民身份号码"), ordering="id_number")
    def masked_id_number(self, access: DataAccess) -> str:
        return mask_id_number(access.id_number)
