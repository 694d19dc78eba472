import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eligibility.constants import Pathway

from .constants import OPEN_STATUSES, CaseKind, CaseStatus, Prescreen


class CaseFilter(django_filters.FilterSet):
    """The queue's filters: status, pathway, kind (residence permits and endorsements too), overdue,
    mine, submitted between, pre-screen, search."""

    q = django_filters.CharFilter(label=_("受理编号或公民身份号码"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=[c for c in CaseStatus.choices if c[0] != "draft"])
    pathway = django_filters.ChoiceFilter(label=_("途径"), choices=Pathway.choices)
    kind = django_filters.ChoiceFilter(label=_("业务类型"), choices=CaseKind.choices)  # e.g. 居住证申领、签注
    prescreen = django_filters.ChoiceFilter(label=_("预审结果"), choices=Prescreen.choices)
    overdue = django_filters.BooleanFilter(label=_("仅看超期"), method="filter_overdue", widget=forms.CheckboxInput)
    mine = django_filters.BooleanFilter(label=_("仅看我承办的"), method="filter_mine", widget=forms.CheckboxInput)
    submitted = django_filters.DateFromToRangeFilter(
        label=_("提交日期"),
        field_name="submitted_at__date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    def search(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(Q(reference=value) | Q(id_number=value) | Q(relatives__id_number=value)).distinct()

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        late_decision = Q(status__in=OPEN_STATUSES, due_date__lt=today)
        late_acceptance = Q(status=CaseStatus.SUBMITTED, acceptance_due__lt=today)  # 《行政许可法》第32条
        return queryset.filter(late_decision | late_acceptance)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset
