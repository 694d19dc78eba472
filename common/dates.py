"""The one way the portal writes a date: Django's DATE_FORMAT of the language (hukou_portal/formats:
2026年12月1日 in zh-hans), or, for what is kept in Chinese whatever the reader's language (papers,
the case history, messages to the register), that format in zh-hans."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.formats import date_format

NONE = "—"


def long_date(day: datetime.date | str | None) -> str:
    """The date in the reader's language: 2026年12月1日, or December 1, 2026."""
    if not day:
        return NONE
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return _formatted(day, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(day: datetime.date, language: str) -> str:
    """Django formats a date afresh each time, the slowest of its filters, and a page of steps or
    a queue of 25 cases shows the same few days again and again: each day is formatted once per
    language (the active one, which is in the key)."""
    return date_format(day)


def chinese_date(day: datetime.date | str | None) -> str:
    """The date as a Chinese record writes it, whatever the reader's language: 2026年12月1日."""
    with translation.override(settings.LANGUAGE_CODE):
        return long_date(day)


@receiver(setting_changed)
def _forget_formatted(**kwargs) -> None:
    """A test that changes the formats or languages gets its own dates, not remembered ones."""
    _formatted.cache_clear()
