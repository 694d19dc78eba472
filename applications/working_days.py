"""Working-day arithmetic for time limits: Monday to Friday, less the public holidays, plus the
weekend days made working days (调休) — both as the admin enters them (eligibility.CalendarDay)."""

import datetime

ONE_DAY = datetime.timedelta(days=1)


def calendar_exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    from eligibility.models import CalendarDay

    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "working"))


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, bool]) -> bool:
    return exceptions.get(day, day.weekday() < 5)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which the `days`-th working day after `start` ends."""
    exceptions = calendar_exceptions(start, start + datetime.timedelta(days=days * 3 + 30))
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        counted += is_working_day(day, exceptions)
    return day


def working_days_between(start: datetime.date, end: datetime.date, exceptions: dict | None = None) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start).
    Pass `exceptions` (calendar_exceptions over the range) to count many spans with one query."""
    if end == start:
        return 0
    low, high, sign = (start, end, 1) if end > start else (end, start, -1)
    if exceptions is None:
        exceptions = calendar_exceptions(low, high)
    day, count = low, 0
    while day < high:
        day += ONE_DAY
        count += is_working_day(day, exceptions)
    return sign * count
