from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the portal's site: a verified second factor required."""

    default_site = "hukou_portal.admin_site.PortalAdminSite"
