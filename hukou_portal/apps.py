from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the portal's site: a verified second factor required."""

    default_site = "hukou_portal.admin_site.PortalAdminSite"


class PortalConfig(AppConfig):
    """The composition root: the one place that knows every app and wires what crosses them
    (issue 16's layers) — what approval of each case kind does, the personal-data export (export.py,
    admin.py), the demo data (seed_demo). Listed last in INSTALLED_APPS."""

    name = "hukou_portal"
    verbose_name = "户籍业务网办平台"

    def ready(self):
        from applications.constants import CaseKind
        from applications.services.approval import approval_step_register
        from residence_permits.services import permit_case_approve

        for kind in (CaseKind.RESIDENCE_PERMIT, CaseKind.ENDORSEMENT):
            approval_step_register(kind, permit_case_approve)
