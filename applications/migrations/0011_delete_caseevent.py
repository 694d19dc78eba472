from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0010_case_events_into_the_log"),
    ]

    operations = [migrations.DeleteModel(name="CaseEvent")]
