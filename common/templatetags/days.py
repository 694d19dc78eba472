"""``{{ value|day }}``: a date or a time as the portal writes a day (common.dates.long_date:
2026年12月1日, December 1, 2026; — for none), each day formatted once per language. A time is the
day it falls on here (expects_localtime)."""

import datetime

from django import template

from common.dates import long_date

register = template.Library()


@register.filter(expects_localtime=True)
def day(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return long_date(value if isinstance(value, datetime.date) else None)
