"""The one rule of a time limit (services.sweeps.deadline_state), which the queue's rows and the
supervisors' notices share: a limit that fell on a weekend just past is overdue, though no working
day has passed since."""

import datetime

from applications.constants import DeadlineFlag
from applications.services.sweeps import deadline_state

SUNDAY = datetime.date(2026, 11, 29)


def test_a_limit_on_the_saturday_before_is_overdue_on_sunday():
    assert (
        deadline_state(SUNDAY - datetime.timedelta(days=1), today=SUNDAY, working_days_left=0) == DeadlineFlag.OVERDUE
    )


def test_one_working_day_left_is_due_and_two_are_neither():
    monday, tuesday = SUNDAY + datetime.timedelta(days=1), SUNDAY + datetime.timedelta(days=2)
    assert deadline_state(monday, today=SUNDAY, working_days_left=1) == DeadlineFlag.DUE
    assert deadline_state(tuesday, today=SUNDAY, working_days_left=2) is None
