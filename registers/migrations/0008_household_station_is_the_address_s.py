"""A household's station is its address's (Household.station reads address.station), so the
column that repeated it goes, from the households and from their history.

household_create always refused a station other than the address's; a row that still differs
(an address moved to another station by hand, say) would change meaning silently when the column
goes, so the migration stops and names them instead: move those households' address, or the
address's station, first."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def require_the_address_station(apps, schema_editor):
    Household = apps.get_model("registers", "Household")
    differing = list(
        Household.objects.exclude(station_id=F("address__station_id")).values_list("register_number", flat=True)[:20]
    )
    if differing:
        raise RuntimeError(
            "These households are registered at a station other than their address's; decide which is "
            f"right before migrating: {', '.join(differing)}"
        )


def station_from_the_address(apps, schema_editor):
    """Backwards: the column comes back filled with each household's address's station."""
    Address = apps.get_model("registers", "Address")
    station = Subquery(Address.objects.filter(pk=OuterRef("address_id")).values("station_id")[:1])
    for name in ("Household", "HistoricalHousehold"):
        apps.get_model("registers", name).objects.update(station_id=station)


class Migration(migrations.Migration):
    dependencies = [("registers", "0007_household_register_counters")]

    operations = [
        migrations.AlterField(
            model_name="household",
            name="station",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="households",
                to="registers.policestation",
                verbose_name="登记派出所",
            ),
        ),
        migrations.RunPython(require_the_address_station, station_from_the_address),
        migrations.RemoveField(model_name="historicalhousehold", name="station"),
        migrations.RemoveField(model_name="household", name="station"),
    ]
