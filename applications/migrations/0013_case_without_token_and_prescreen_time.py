"""Two dead columns of a case go. submission_token was never read: a second submit is refused by
the locked row's status (case_submit). prescreened_at was written beside the pre-screen's
CaseEvent (kind prescreened), whose time says the same, and was read nowhere.

Backwards, each case gets a token of its own again (a column added with a default would give
every row the same one, and the unique index would refuse it)."""

import uuid

from django.db import migrations, models


def tokens_for_every_case(apps, schema_editor):
    Case = apps.get_model("applications", "Case")
    for pk in Case.objects.values_list("pk", flat=True).iterator():
        Case.objects.filter(pk=pk).update(submission_token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("applications", "0012_closed_and_overdue_queue_indexes")]

    operations = [
        migrations.RemoveField(model_name="case", name="prescreened_at"),
        migrations.AlterField(
            model_name="case",
            name="submission_token",
            field=models.UUIDField(editable=False, null=True, verbose_name="提交令牌"),
        ),
        migrations.RunPython(migrations.RunPython.noop, tokens_for_every_case),
        migrations.RemoveField(model_name="case", name="submission_token"),
    ]
