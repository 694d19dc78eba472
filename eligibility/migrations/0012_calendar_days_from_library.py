"""Every public holiday and 调休 working day the chinese-calendar library knows, into the calendar.
After upgrading the library, `manage.py calendar_load` brings in the years it adds."""

from django.db import migrations

from eligibility.holidays import calendar_load


def load(apps, schema_editor):
    calendar_load(model=apps.get_model("eligibility", "CalendarDay"))


def unload(apps, schema_editor):
    apps.get_model("eligibility", "CalendarDay").objects.filter(source="library").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("eligibility", "0011_calendar_day_source"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
