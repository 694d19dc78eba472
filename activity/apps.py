from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("办理记录")
    default_auto_field = "django.db.models.BigAutoField"
