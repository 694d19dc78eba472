"""``|day`` writes a day as common.dates does, in the reader's language, and a time as the day it
falls on in the portal's time zone (Asia/Shanghai), not in UTC."""

import datetime

from django.template import Context, Template
from django.utils import translation

UTC = datetime.UTC


def _day(value) -> str:
    return Template("{% load days %}{{ value|day }}").render(Context({"value": value}))


def test_a_day_in_each_language():
    with translation.override("zh-hans"):
        assert _day(datetime.date(2026, 12, 1)) == "2026年12月1日"
    with translation.override("en"):
        assert "2026" in _day(datetime.date(2026, 12, 1)) and "年" not in _day(datetime.date(2026, 12, 1))


def test_a_time_late_in_the_evening_in_utc_is_the_next_day_here():
    with translation.override("zh-hans"):
        assert _day(datetime.datetime(2026, 12, 1, 16, 30, tzinfo=UTC)) == "2026年12月2日"


def test_no_day_is_a_dash():
    assert _day(None) == "—" and _day("") == "—"
