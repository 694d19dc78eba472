"""``{{ value|day }}``: ``{{ value|date }}`` (the language's DATE_FORMAT: 2026年12月1日) for a date or
a time, remembered per day and language. Django formats a date afresh each time, the slowest of
its filters; a page that shows many dates — a case's steps, a public lookup answering hundreds of
people a second — shows the same few hundred days again and again."""

import datetime
import functools

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True)
def day(value) -> str:
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime):  # already in local time (expects_localtime)
        value = value.date()
    return _formatted(value, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(value: datetime.date, language: str) -> str:
    return date_format(value)  # in the active language, the one in the key
