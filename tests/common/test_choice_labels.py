"""ChoiceLabels answers get_<field>_display() as Django's own does, in each language."""

from django.db import models
from django.utils import translation

from applications.constants import CaseKind, CaseStatus
from applications.models import Case


def test_the_label_of_each_choice_in_each_language_is_django_s():
    case, field = Case(kind=CaseKind.SETTLEMENT), Case._meta.get_field("status")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in CaseStatus.choices:
                case.status = value
                assert case.get_status_display() == str(label)
                assert case.get_status_display() == models.Model._get_FIELD_display(case, field)


def test_a_value_without_a_choice_is_shown_as_it_is():
    case = Case(status="no_such_status")
    assert case.get_status_display() == "no_such_status"
