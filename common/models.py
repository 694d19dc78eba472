from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """One named counter of the numbering service (common.numbering): the last number given out
    under ``key`` (a paper kind, city and year; a station's household register numbers)."""

    key = models.CharField(_("编号键"), max_length=64, unique=True)
    value = models.BigIntegerField(_("已发号"), default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self):
        return f"{self.key}={self.value}"


class ChoiceLabels:
    """A model mixin: ``get_<field>_display()`` looks the value's label up in a dict made once per
    field and language, with the labels translated, instead of Django's default, which rebuilds the
    dict — translating every choice's lazy label to hash it — on each call (a queue page of 25
    cases made some 700 such rebuilds) and translates the label again each time."""

    def _get_FIELD_display(self, field):
        language = translation.get_language()
        by_language = field.__dict__.setdefault("_choice_labels", {})
        labels = by_language.get(language)
        if labels is None:  # translated once per field and language, not once per call
            labels = by_language.setdefault(
                language, {value: force_str(label, strings_only=True) for value, label in field.flatchoices}
            )
        value = getattr(self, field.attname)
        try:
            return labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): Django's own way
            return super()._get_FIELD_display(field)
