"""Version 1 of each city's rule set, published, effective from the text's issue date."""

import datetime

from django.db import migrations

from ._rules_v1 import RULE_SETS, clause_key_of, parameters_of


def load(apps, schema_editor):
    RuleSet = apps.get_model("eligibility", "RuleSet")
    Clause = apps.get_model("eligibility", "Clause")
    Parameter = apps.get_model("eligibility", "Parameter")
    for data in RULE_SETS:
        rule_set = RuleSet.objects.create(
            city=data["city"],
            document=data["document"],
            title=data["title"],
            version=1,
            effective_from=datetime.date.fromisoformat(data["effective_from"]),
            status="published",
            published_at=datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC),
            notes="第 1 版：依据 shared/policy/seeds/ 中的文件原文编码。",
        )
        clauses = {
            key: Clause.objects.create(rule_set=rule_set, key=key, citation=citation, text=text)
            for key, (citation, text) in data["clauses"].items()
        }
        for key, value in parameters_of(data).items():
            Parameter.objects.create(rule_set=rule_set, key=key, value=value, clause=clauses[clause_key_of(key)])


def unload(apps, schema_editor):
    apps.get_model("eligibility", "RuleSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0002_published_rule_sets_never_overlap")]
    operations = [migrations.RunPython(load, unload)]
