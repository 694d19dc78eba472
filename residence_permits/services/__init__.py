"""Residence permit workflows: one function per step, each in one transaction; a step that cannot
be taken raises PermitError (a CaseError), which views and endpoints turn into a message."""

from __future__ import annotations

import datetime

from applications.constants import CaseKind

from .common import PermitError
from .endorsements import endorsement_apply, endorsement_record, endorsement_window_opens
from .permits import (
    permit_application_start,
    permit_application_update,
    permit_cancel,
    permit_change_address,
    permit_facts,
    permit_issue,
    permit_settlement_draft,
)
from .registrations import registration_create
from .reminders import endorsement_reminders_send, notification_email_send, notifications_mark_read


def permit_case_approve(*, case, clerk, day: datetime.date):
    """What approving a residence-permit or endorsement case does (called by applications'
    case_approve, in its transaction): issue the permit, or endorse it."""
    if case.kind == CaseKind.ENDORSEMENT:
        return endorsement_record(case=case, clerk=clerk, day=day)
    return permit_issue(case=case, clerk=clerk, day=day)


__all__ = [
    "PermitError",
    "endorsement_apply",
    "endorsement_record",
    "endorsement_reminders_send",
    "endorsement_window_opens",
    "notification_email_send",
    "notifications_mark_read",
    "permit_application_start",
    "permit_application_update",
    "permit_cancel",
    "permit_case_approve",
    "permit_change_address",
    "permit_facts",
    "permit_issue",
    "permit_settlement_draft",
    "registration_create",
]
