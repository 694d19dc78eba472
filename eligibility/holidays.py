"""The public holidays and 调休 working days of the State Council's yearly notices, taken from the
maintained library chinese-calendar (module ``chinese_calendar``) into the portal's calendar
(CalendarDay) as data: time limits count working days from the table, so an admin can add a
local day, and a year the library does not know yet is counted Monday to Friday.

A load is idempotent and only touches rows that came from the library (source = library): a row
an admin entered or corrected is left as it is. The data migration loads every year the library
knows; ``manage.py calendar_load`` does it again after the library is upgraded."""

import dataclasses
import datetime

from django.db import transaction

from .constants import CalendarSource

# The library's Chinese names are short forms; the notices say 清明节, 端午节, 中秋节.
FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


@dataclasses.dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_admin: int = 0


def _chinese_name(english: str) -> str:
    from chinese_calendar.constants import Holiday

    try:
        chinese = Holiday(english).chinese
    except ValueError:  # a special day the library names without a Chinese name
        return english[:32]
    return FULL_NAMES.get(chinese, chinese)


def library_days(years: set[int] | None = None) -> dict[datetime.date, tuple[bool, str]]:
    """Each holiday (working=False) and 调休 working day (working=True) the library knows, by date."""
    from chinese_calendar import constants

    days = {}
    for table, working, suffix in ((constants.holidays, False, ""), (constants.workdays, True, "调休上班")):
        for day, english in table.items():
            if years is None or day.year in years:
                days[day] = (working, f"{_chinese_name(english)}{suffix}"[:32])
    return days


def library_years() -> list[int]:
    from chinese_calendar import constants

    return sorted({day.year for day in (*constants.holidays, *constants.workdays)})


def calendar_load(*, years: set[int] | None = None, model=None) -> LoadResult:
    """Bring the library's days of `years` (all it knows when None) into the calendar.

    `model` is the CalendarDay model, the historical one when a migration calls this."""
    if model is None:
        from .models import CalendarDay as model
    years = set(years) if years is not None else set(library_years())
    wanted = library_days(years)
    result = LoadResult()
    if not years:
        return result
    with transaction.atomic():
        existing = {
            row.date: row
            for row in model.objects.filter(date__year__in=sorted(years)).only("date", "working", "name", "source")
        }
        changed, stale = [], []
        for row in existing.values():
            if row.source != CalendarSource.LIBRARY:
                result.kept_admin += row.date in wanted
            elif row.date not in wanted:
                stale.append(row.pk)
            elif (row.working, row.name) != wanted[row.date]:
                row.working, row.name = wanted[row.date]
                changed.append(row)
        new = [
            model(date=day, working=working, name=name, source=CalendarSource.LIBRARY)
            for day, (working, name) in sorted(wanted.items())
            if day not in existing
        ]
        model.objects.bulk_create(new, batch_size=500)
        model.objects.bulk_update(changed, ["working", "name"], batch_size=500)
        model.objects.filter(pk__in=stale).delete()
    result.created, result.updated, result.deleted = len(new), len(changed), len(stale)
    return result
