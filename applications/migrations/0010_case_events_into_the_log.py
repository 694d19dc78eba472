"""The case events move into the one log (activity.Event), every row with its id, time, actor,
role, station, kind, message and data: one INSERT … SELECT on PostgreSQL (activity.copying)."""

from django.db import migrations

from activity.copying import copy_into_log, copy_out_of_log

FIELDS = ["kind", "at", "actor_id", "actor_role", "station_id", "message", "data"]


def forward(apps, schema_editor):
    copy_into_log(apps, schema_editor, source=("applications", "CaseEvent"), subject="case", fields=FIELDS)


def backward(apps, schema_editor):
    copy_out_of_log(apps, schema_editor, target=("applications", "CaseEvent"), subject="case", fields=FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_sequences_become_counters"),
        ("activity", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
