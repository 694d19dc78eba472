"""The portal's roles: who a user is to the portal. Plain Django, no app imported (accounts names
them for its users; the staff-scope rule in common.staff reads them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    CLERK = "clerk", _("户籍民警")
    SUPERVISOR = "supervisor", _("审核主管")
    RULE_ADMIN = "rule_admin", _("规则管理员")
    AUDITOR = "auditor", _("审计员")


STAFF_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.RULE_ADMIN, Role.AUDITOR})
STATION_STAFF = frozenset({Role.CLERK, Role.SUPERVISOR})
