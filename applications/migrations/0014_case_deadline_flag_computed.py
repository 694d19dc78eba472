"""The deadline mark is computed where the notifier needs it (services/sweeps.py near_deadline:
the due date and the working-day calendar), so the column a sweep recomputed every five minutes
goes. Nothing of a row's meaning is lost: the mark was derived from due_date and status alone,
and deadline_notified_at (whether the supervisors were told) stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0013_case_without_token_and_prescreen_time'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='case',
            name='deadline_flag',
        ),
    ]
