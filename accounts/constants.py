# The roles (and the staff-scope rule) live in the bottom layer, common.staff; accounts names them.
from common.roles import STAFF_ROLES, Role  # noqa: F401

# Reading residence registrations and permits in the admin (changes go through the services).
RESIDENCE_VIEW = [
    "residence_permits.view_residenceregistration",
    "residence_permits.view_residencepermit",
    "residence_permits.view_endorsement",
]

# Each role is a group of the same name; these are the permissions the group carries
# (app_label.codename). Later apps add theirs here as they arrive.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.APPLICANT: [],
    Role.CLERK: [
        "registers.view_person",
        "registers.view_household",
        "registers.view_membership",
        "registers.view_address",
    ],
    Role.SUPERVISOR: [
        "registers.view_person",
        "registers.view_household",
        "registers.view_membership",
        "registers.view_address",
        "registers.view_policestation",
        "applications.view_case",
        "activity.view_event",  # the log of cases and permits (its admin list is scoped)
        "applications.view_certificate",
        *RESIDENCE_VIEW,
        "notices.view_notice",
        "notices.change_notice",  # the resend action of failed notices
    ],
    Role.RULE_ADMIN: [
        "eligibility.view_ruleset",
        "eligibility.add_ruleset",
        "eligibility.change_ruleset",
        "eligibility.view_parameter",
        "eligibility.change_parameter",
        "eligibility.view_clause",
        "eligibility.change_clause",
        "eligibility.add_clause",
        "eligibility.view_calendarday",
        "eligibility.add_calendarday",
        "eligibility.change_calendarday",
        "eligibility.delete_calendarday",
        "registers.view_region",
        "notices.view_noticetemplate",
        "notices.add_noticetemplate",
        "notices.change_noticetemplate",
        "notices.delete_noticetemplate",
    ],
    Role.AUDITOR: [
        "registers.view_person",
        "registers.view_household",
        "registers.view_membership",
        "registers.view_dataaccess",
        "applications.view_case",
        "activity.view_event",  # the log of cases and permits (its admin list is scoped)
        "applications.view_certificate",
        *RESIDENCE_VIEW,
        "residence_permits.view_notification",
        "notices.view_notice",
    ],
}
