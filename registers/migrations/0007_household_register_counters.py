"""Household register numbers come from the one numbering service (common.Counter): one counter
per station, ``household:<station code>``, seeded here with the highest number each station's
households already carry, so no register number is ever handed out twice."""

import re

from django.db import migrations

DIGITS = 6


def seed_counters(apps, schema_editor):
    PoliceStation = apps.get_model("registers", "PoliceStation")
    Household = apps.get_model("registers", "Household")
    Counter = apps.get_model("common", "Counter")
    for code in PoliceStation.objects.values_list("code", flat=True):
        pattern = re.compile(rf"{re.escape(code)}([0-9]{{{DIGITS}}})")
        numbers = Household.objects.filter(register_number__startswith=code).values_list("register_number", flat=True)
        highest = max((int(m.group(1)) for n in numbers.iterator() if (m := pattern.fullmatch(n))), default=0)
        if highest:
            Counter.objects.update_or_create(key=f"household:{code}", defaults={"value": highest})


def drop_counters(apps, schema_editor):
    apps.get_model("common", "Counter").objects.filter(key__startswith="household:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0006_register_history_initial"),
        ("common", "0001_counter"),
    ]

    operations = [migrations.RunPython(seed_counters, drop_counters)]
