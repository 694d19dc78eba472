from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidencePermitsConfig(AppConfig):
    name = "residence_permits"
    verbose_name = _("居住证")

    def ready(self):
        from activity.subjects import register_subject

        from .constants import PermitEventKind
        from .models import ResidencePermit

        # A permit's history goes to the one log, under these words.
        register_subject(ResidencePermit, PermitEventKind, search=("^permit__number",))
