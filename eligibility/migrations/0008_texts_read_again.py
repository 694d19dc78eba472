"""The texts, read again (issue 15): version 1 corrected where it misread the texts, the new
parameters (actual residence for rentals, collective households, where and from where a residence
permit is asked) in every rule set, and the reading beside each parameter. Why in place and not a
new version: see _texts_read_again.py."""

from django.db import migrations

from ._texts_read_again import (
    CLAUSES,
    CORRECTION_NOTE,
    CORRECTIONS,
    EFFECTIVE_DATES,
    ENDORSEMENT_CITATION,
    LOCAL_SETTINGS,
    NEW_PARAMETERS,
    NOTES,
    REMOVED_CLAUSES,
)


def load(apps, schema_editor):
    RuleSet = apps.get_model("eligibility", "RuleSet")
    for rule_set in RuleSet.objects.all():
        _add_parameters(apps, rule_set)
    for rule_set in RuleSet.objects.filter(version=1):
        _correct_version_1(apps, rule_set)
    # Drafts copied from version 1 before this reading carry its misreadings: correct them too.
    for rule_set in RuleSet.objects.filter(status="draft"):
        _correct_values(apps, rule_set)


def _clause(apps, rule_set, key):
    return apps.get_model("eligibility", "Clause").objects.filter(rule_set=rule_set, key=key).first()


def _add_parameters(apps, rule_set):
    Parameter = apps.get_model("eligibility", "Parameter")
    city = rule_set.city
    if (city, "collective_household") in CLAUSES:
        citation, text = CLAUSES[(city, "collective_household")]
        apps.get_model("eligibility", "Clause").objects.get_or_create(
            rule_set=rule_set, key="collective_household", defaults={"citation": citation, "text": text}
        )
    for key, (values, clause_keys) in NEW_PARAMETERS.items():
        Parameter.objects.get_or_create(
            rule_set=rule_set,
            key=key,
            defaults={
                "value": values[city],
                "clause": _clause(apps, rule_set, clause_keys[city]),
                "note": NOTES.get((city, key), ""),
            },
        )


def _correct_values(apps, rule_set):
    Parameter = apps.get_model("eligibility", "Parameter")
    for (city, key), (old, new) in CORRECTIONS.items():
        parameter = Parameter.objects.filter(rule_set=rule_set, key=key).first()
        if city == rule_set.city and parameter is not None and parameter.value == old:
            parameter.value = new
            parameter.save(update_fields=["value"])


def _correct_version_1(apps, rule_set):
    Parameter = apps.get_model("eligibility", "Parameter")
    Clause = apps.get_model("eligibility", "Clause")
    city = rule_set.city
    _correct_values(apps, rule_set)
    for (c, key), (source, clause_key) in LOCAL_SETTINGS.items():
        if c == city:
            clause = _clause(apps, rule_set, clause_key) if clause_key else None
            Parameter.objects.filter(rule_set=rule_set, key=key).update(local_source=source, clause=clause)
    for (c, key), (citation, text) in CLAUSES.items():
        if c == city:
            Clause.objects.update_or_create(rule_set=rule_set, key=key, defaults={"citation": citation, "text": text})
    Clause.objects.filter(rule_set=rule_set, key="residence_permit_endorsement").update(citation=ENDORSEMENT_CITATION)
    for c, key in REMOVED_CLAUSES:
        if c == city:
            Clause.objects.filter(rule_set=rule_set, key=key).delete()
    for (c, key), note in NOTES.items():
        if c == city:
            Parameter.objects.filter(rule_set=rule_set, key=key, note="").update(note=note)
    rule_set.notes = "\n".join(filter(None, [rule_set.notes, EFFECTIVE_DATES[city], CORRECTION_NOTE]))
    rule_set.save(update_fields=["notes"])


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0007_parameter_reading_notes_and_local_settings")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
