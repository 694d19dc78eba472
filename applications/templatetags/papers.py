"""Filters for the papers' pages: dates as the papers print them (2026年11月22日)."""

from django import template

from common.dates import chinese_date

register = template.Library()


@register.filter
def paper_date(value) -> str:
    """A date of a paper's content (an ISO string or a date), the Chinese way."""
    try:
        return chinese_date(value)
    except (TypeError, ValueError):
        return "—"
