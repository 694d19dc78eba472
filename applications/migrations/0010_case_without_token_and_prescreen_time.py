"""Two dead columns of a case go. submission_token was never read: a second submit is refused by
the locked row's status (case_submit). prescreened_at was written beside the pre-screen's
CaseEvent (kind prescreened), whose time says the same, and was read nowhere."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0009_sequences_become_counters'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='case',
            name='prescreened_at',
        ),
        migrations.RemoveField(
            model_name='case',
            name='submission_token',
        ),
    ]
