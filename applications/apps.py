from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("迁移落户业务")

    def ready(self):
        # The services queue their tasks by name (common.work); the web process must know them too.
        # Publishing a rule set (eligibility's one publish service) re-screens the open cases it governs.
        from activity.subjects import register_subject
        from eligibility.signals import rule_set_published

        from . import tasks  # noqa: F401
        from .constants import EventKind
        from .models import Case

        # A case's steps go to the one log, under these words; a supervisor reads their city's.
        register_subject(Case, EventKind, station="station_id", city="city", search=("^case__reference",))

        rule_set_published.connect(_rescreen_after_publish, dispatch_uid="applications.rescreen_after_publish")


def _rescreen_after_publish(sender, rule_set, actor, **kwargs):
    from .tasks import send_rescreen

    send_rescreen(rule_set.pk, actor.pk)
