from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("residence_permits", "0002_permit_events_into_the_log"),
    ]

    operations = [migrations.DeleteModel(name="PermitEvent")]
