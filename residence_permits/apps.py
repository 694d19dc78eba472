from django.apps import AppConfig


class ResidencePermitsConfig(AppConfig):
    name = "residence_permits"
    verbose_name = "居住证"
