"""The permit events move into the one log (activity.Event), after the case events (which keep
their ids): one INSERT … SELECT on PostgreSQL (activity.copying). Their ``on`` day comes along."""

from django.db import migrations

from activity.copying import copy_into_log, copy_out_of_log

FIELDS = ["kind", "on", "at", "actor_id", "message", "data"]


def forward(apps, schema_editor):
    copy_into_log(apps, schema_editor, source=("residence_permits", "PermitEvent"), subject="permit", fields=FIELDS)


def backward(apps, schema_editor):
    copy_out_of_log(
        apps,
        schema_editor,
        target=("residence_permits", "PermitEvent"),
        subject="permit",
        fields=FIELDS,
        back={"on": 'coalesce("on", CAST("at" AS date))', "message": "left(message, 300)"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("residence_permits", "0001_initial"),
        ("applications", "0010_case_events_into_the_log"),
        ("activity", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
