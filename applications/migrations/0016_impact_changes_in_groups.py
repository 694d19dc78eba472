"""An impact run's changed cases are kept in the groups of alike cases it judged once (one object
per group, their IDs and references as lists), not one object per case: runs stored before are
regrouped, by pathway and the verdicts then and now."""

from django.db import migrations


def to_groups(apps, schema_editor):
    ImpactRun = apps.get_model("applications", "ImpactRun")
    for run in ImpactRun.objects.exclude(changed=[]).iterator():
        if not run.changed or "ids" in run.changed[0]:
            continue
        groups: dict[tuple, dict] = {}
        for case in run.changed:
            key = (case["pathway"], case["then"], case["now"])
            group = groups.setdefault(key, {"pathway": key[0], "then": key[1], "now": key[2], "ids": [], "references": []})
            group["ids"].append(case["id"])
            group["references"].append(case["reference"])
        run.changed = sorted(groups.values(), key=lambda group: min(group["ids"]))
        run.save(update_fields=["changed"])


def to_cases(apps, schema_editor):
    ImpactRun = apps.get_model("applications", "ImpactRun")
    for run in ImpactRun.objects.exclude(changed=[]).iterator():
        if not run.changed or "ids" not in run.changed[0]:
            continue
        run.changed = sorted(
            (
                {"id": pk, "reference": reference, "pathway": g["pathway"], "then": g["then"], "now": g["now"]}
                for g in run.changed
                for pk, reference in zip(g["ids"], g["references"], strict=True)
            ),
            key=lambda case: case["id"],
        )
        run.save(update_fields=["changed"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0015_case_verdict_is_the_latest_version")]

    operations = [migrations.RunPython(to_groups, to_cases)]
