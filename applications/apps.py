from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("迁移落户业务")

    def ready(self):
        # The services queue their tasks by name (common.work); the web process must know them too.
        from . import tasks  # noqa: F401
