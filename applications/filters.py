import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.widgets import InlineSelect
from eligibility.constants import Pathway

from .constants import OPEN_STATUSES, CaseKind, CaseStatus, Prescreen
from .models import CaseRelative
from .selectors import QueueScope

OPEN = sorted(OPEN_STATUSES)  # one order, so the query's IN list is always the same text

SORT_CHOICES = [
    ("due", _("剩余工作日（少的在前）")),
    ("-due", _("剩余工作日（多的在前）")),
    ("submitted", _("提交日期（早的在前）")),
    ("-submitted", _("提交日期（晚的在前）")),
    ("reference", _("受理编号（升序）")),
    ("-reference", _("受理编号（降序）")),
]


class CaseFilter(django_filters.FilterSet):
    """The queue's filters: the open cases by default (closed ones on asking), status, pathway,
    kind (residence permits and endorsements too), overdue, mine, submitted between, pre-screen,
    search — each answered from an index (migration 0008)."""

    q = django_filters.CharFilter(label=_("受理编号或公民身份号码"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("范围"), choices=QueueScope.choices, method="filter_state", empty_label=None, widget=InlineSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=[c for c in CaseStatus.choices if c[0] != "draft"], widget=InlineSelect
    )
    pathway = django_filters.ChoiceFilter(label=_("途径"), choices=Pathway.choices, widget=InlineSelect)
    kind = django_filters.ChoiceFilter(
        label=_("业务类型"), choices=CaseKind.choices, widget=InlineSelect
    )  # e.g. 居住证申领、签注
    prescreen = django_filters.ChoiceFilter(label=_("预审结果"), choices=Prescreen.choices, widget=InlineSelect)
    overdue = django_filters.BooleanFilter(label=_("仅看超期"), method="filter_overdue", widget=forms.CheckboxInput)
    mine = django_filters.BooleanFilter(label=_("仅看我承办的"), method="filter_mine", widget=forms.CheckboxInput)
    submitted = django_filters.DateFromToRangeFilter(
        label=_("提交日期"),
        method="filter_submitted",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("排序"), choices=SORT_CHOICES, method="no_filter", empty_label=None, widget=InlineSelect
    )

    @property
    def scope(self) -> str:
        """Which cases the filters look at: a status chosen says it, a search looks at them all
        (a reference is found closed or open), overdue ones are open; else the chosen range, open
        by default."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        if data.get("status"):
            return QueueScope.OPEN if data["status"] in OPEN_STATUSES else QueueScope.CLOSED
        if (data.get("q") or "").strip():
            return QueueScope.ALL
        if data.get("overdue"):
            return QueueScope.OPEN
        return data.get("state") or QueueScope.OPEN

    @property
    def sort_name(self) -> str:
        return (self.form.cleaned_data.get("sort") if self.is_bound and self.form.is_valid() else "") or ""

    def show_sort(self, name: str) -> None:
        """The 排序 select shows the order the page is in, also when none was asked for (the
        closed range is newest first, not the open cases' first choice)."""
        if self.is_bound and not self.form.data.get("sort"):
            data = self.form.data.copy()
            data["sort"] = name
            self.form.data = data  # read when the select is drawn; the form was cleaned already

    @property
    def qs(self):
        queryset = super().qs
        if not self.is_bound or not self.form.is_valid():  # unbound, or bad input: the open cases
            queryset = self.queryset
        return self.in_scope(queryset, self.scope)

    @staticmethod
    def in_scope(queryset, scope: str):
        if scope == QueueScope.OPEN:
            return queryset.filter(status__in=OPEN)
        if scope == QueueScope.CLOSED:
            return queryset.exclude(status__in=OPEN)
        return queryset

    def filter_state(self, queryset, name, value):
        return queryset  # the scope is applied last, from every field (see scope)

    def no_filter(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        """The reference, or the identity number of the applicant or of a relative, exactly; each
        an index lookup (the relatives' case ids are read first, not joined)."""
        value = value.strip().upper()
        if not value:
            return queryset
        relatives = list(CaseRelative.objects.filter(id_number=value).values_list("case_id", flat=True)[:100])
        return queryset.filter(Q(reference=value) | Q(id_number=value) | Q(pk__in=relatives))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        late_decision = Q(status__in=OPEN, due_date__lt=today)
        late_acceptance = Q(status=CaseStatus.SUBMITTED, acceptance_due__lt=today)  # 《行政许可法》第32条
        return queryset.filter(late_decision | late_acceptance)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset

    def filter_submitted(self, queryset, name, value):
        """Submitted on or after the first day and on or before the last, as a range of times (so
        the index on submitted_at answers it)."""
        if value is None:
            return queryset
        if value.start:
            queryset = queryset.filter(submitted_at__gte=_start_of(value.start.date()))
        if value.stop:
            queryset = queryset.filter(submitted_at__lt=_start_of(value.stop.date() + datetime.timedelta(days=1)))
        return queryset


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
