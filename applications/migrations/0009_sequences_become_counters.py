"""The reference, paper and permit counters (one Sequence row per prefix and year) move to the one
numbering service (common.Counter) under the same names and with the same last values, so every
number still follows on from the last one given out."""

from django.db import migrations


def sequences_to_counters(apps, schema_editor):
    Sequence = apps.get_model("applications", "Sequence")
    Counter = apps.get_model("common", "Counter")
    for name, value in Sequence.objects.values_list("name", "value"):
        counter, _created = Counter.objects.get_or_create(key=name)
        counter.value = max(counter.value, value)
        counter.save(update_fields=["value"])


def counters_to_sequences(apps, schema_editor):
    Sequence = apps.get_model("applications", "Sequence")
    Counter = apps.get_model("common", "Counter")
    for key, value in Counter.objects.exclude(key__startswith="household:").values_list("key", "value"):
        Sequence.objects.update_or_create(name=key, defaults={"value": value})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_queue_indexes"),
        ("common", "0001_counter"),
    ]

    operations = [
        migrations.RunPython(sequences_to_counters, counters_to_sequences),
        migrations.DeleteModel(name="Sequence"),
    ]
