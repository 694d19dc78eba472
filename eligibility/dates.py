"""Calendar arithmetic as the law counts it.

A period of N months that starts on a day ends on the same-numbered day N months later, or on
the last day of that month when it has no such day (民法典 第二百零二条、第二百零三条); 以上 and
届满 include the figure (第一千二百五十九条). So a lease since 2024-01-31 has run 1 month on
2024-02-29, and 24 months on 2026-01-31.
"""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from start to end (0 when end is before start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return months_between(birth_date, day) // 12
