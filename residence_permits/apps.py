from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidencePermitsConfig(AppConfig):
    name = "residence_permits"
    verbose_name = _("居住证")
