"""The nightly statistics snapshot per city, against the targets the texts set."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from registers.constants import Zone
from registers.models import Membership

from ..constants import CaseKind, CaseStatus
from ..models import Case, CityStatistics

URBAN_ZONES = (Zone.CENTRAL_URBAN, Zone.COUNTY_TOWN, Zone.DESIGNATED_TOWN, Zone.INDUSTRIAL_PARK)
# 户籍人口城镇化率 by 2020 (曲政发〔2015〕82号、临沧方案、德政办发〔2016〕142号: about 38 %);
# 吉市政发〔2015〕5号（六）: about 300,000 agricultural migrants and others settled in towns by 2020.
TARGETS = {
    "qujing": {"urban_share": 38},
    "lincang": {"urban_share": 38},
    "dehong": {"urban_share": 38},
    "jilin": {"settled_persons": 300_000},
}


def statistics_snapshot(*, city: str, day: datetime.date) -> CityStatistics:
    """Compute the city's figures for the day and keep them (running twice replaces the day's)."""
    computed = statistics_compute(city=city, day=day)
    snapshot, _ = CityStatistics.objects.update_or_create(city=city, day=day, defaults={"data": computed.data})
    return snapshot


def statistics_compute(*, city: str, day: datetime.date) -> CityStatistics:
    """The city's figures for the day, computed now and not kept."""
    cases = Case.objects.submitted().filter(city=city)
    by_status = list(cases.values("kind", "pathway", "status").annotate(n=Count("pk")).order_by("kind", "pathway"))
    settled = (
        cases.filter(kind=CaseKind.SETTLEMENT, status=CaseStatus.COMPLETED, decided_at__isnull=False)
        .annotate(month=TruncMonth("decided_at"), movers=1 + Count("relatives", filter=Q(relatives__eligible=True)))
        .values("pathway", "month", "movers")
    )
    settled_by_month: dict[tuple[str, str], int] = {}
    for row in settled:
        key = (row["pathway"], row["month"].strftime("%Y-%m"))
        settled_by_month[key] = settled_by_month.get(key, 0) + row["movers"]
    people = Membership.objects.filter(until__isnull=True, household__address__station__region__city=city)
    registered = people.count()
    urban = people.filter(household__address__zone__in=URBAN_ZONES).count()
    data = {
        "by_status": by_status,
        "settled": [{"pathway": p, "month": m, "persons": n} for (p, m), n in sorted(settled_by_month.items())],
        "settled_total": sum(settled_by_month.values()),
        "registered": registered,
        "urban": urban,
        "urban_share": round(100 * urban / registered, 1) if registered else None,
        "targets": TARGETS.get(city, {}),
    }
    return CityStatistics(city=city, day=day, data=data)


def statistics_latest(*, city: str) -> CityStatistics:
    """The city's latest snapshot — or, before the first nightly run (a new deployment, a fresh
    demo), one computed now and not kept (a page that is read writes nothing), so it never stands empty."""
    snapshot = CityStatistics.objects.filter(city=city).first()
    return snapshot if snapshot is not None else statistics_compute(city=city, day=timezone.localdate())
