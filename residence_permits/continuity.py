"""A permit's dates as the law counts them: validity, the endorsement window, the state on a day and
the continuous years of residence. Plain functions of dates, so each rule is tested on its own.

《居住证暂行条例》第10条: "居住证持有人在居住地连续居住的，应当在居住每满1年之日前1个月内……办理签注手续。逾期
未办理签注手续的，居住证使用功能中止；补办签注手续的，居住证的使用功能恢复，居住证持有人在居住地的居住年限自补办
签注手续之日起连续计算。"

A year of residence here is a year of validity (the cities issue a permit for a term, a rule-set
parameter, and each endorsement adds a term), so the window is the month(s) before the validity
ends. Periods follow eligibility.dates (民法典 第二百零二条、第二百零三条)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from eligibility.dates import add_months, months_between

from .constants import PermitState


def valid_until_after_issue(issued_on: datetime.date, *, validity_months: int) -> datetime.date:
    return add_months(issued_on, validity_months)


def valid_until_after_endorsement(
    *, valid_until: datetime.date, endorsed_on: datetime.date, late: bool, validity_months: int
) -> datetime.date:
    """On time, the term runs on from the old end; made up late, from the day of the endorsement."""
    return add_months(endorsed_on if late else valid_until, validity_months)


def window_opens(valid_until: datetime.date, *, window_months: int) -> datetime.date:
    return add_months(valid_until, -window_months)


def state_on(day: datetime.date, *, valid_until: datetime.date, cancelled_on: datetime.date | None) -> str:
    if cancelled_on is not None and cancelled_on <= day:
        return PermitState.CANCELLED
    return PermitState.VALID if day <= valid_until else PermitState.SUSPENDED


@dataclass(frozen=True)
class Continuity:
    """Continuous residence from ``since`` to ``until`` (both counted); ``counting`` while the permit
    is valid, so the years grow; a lapse or a cancellation stops them at the last valid day."""

    since: datetime.date
    until: datetime.date
    counting: bool

    @property
    def years(self) -> int:
        return months_between(self.since, self.until) // 12

    def reached(self, years: int, *, strictly_more: bool = False) -> bool:
        """以上 includes the figure; 超过 (strictly_more) needs at least a day beyond it."""
        target = add_months(self.since, 12 * years)
        return self.until > target if strictly_more else self.until >= target


def continuity(
    *,
    residence_since: datetime.date,
    late_endorsements: Iterable[datetime.date],
    valid_until: datetime.date,
    cancelled_on: datetime.date | None,
    as_of: datetime.date,
) -> Continuity:
    """The count starts when residence began to count and restarts at each late endorsement."""
    since = max([residence_since, *(d for d in late_endorsements if d <= as_of)])
    ends = [as_of, valid_until] + ([cancelled_on] if cancelled_on else [])
    until = max(min(ends), since)
    return Continuity(since, until, state_on(as_of, valid_until=valid_until, cancelled_on=cancelled_on) == "valid")
