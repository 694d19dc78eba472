"""Each person, household and membership already in the register gets its first change record:
the values it holds when the history starts (history type 创建, no actor, the reason saying so), so
"as it was on a day" has a record to read for every row. Records made later keep the old values
of each change. Reversing deletes only these initial records."""

from django.db import migrations
from django.utils import timezone

REASON = "启用变更记录时的登记内容"
MODELS = ("Person", "Household", "Membership")


def initial_records(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model, historical = apps.get_model("registers", name), apps.get_model("registers", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = (
            historical(history_date=now, history_type="+", history_change_reason=REASON, **_values(obj, fields))
            for obj in model.objects.order_by("pk").iterator(chunk_size=2000)
        )
        historical.objects.bulk_create(rows, batch_size=2000)


def _values(obj, fields):
    return {field: getattr(obj, field) for field in fields}


def remove_initial_records(apps, schema_editor):
    for name in MODELS:
        apps.get_model("registers", f"Historical{name}").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("registers", "0005_register_history")]

    operations = [migrations.RunPython(initial_records, remove_initial_records)]
