"""The reading notes (解读说明) of parameters named facts and parameters by their keys
("同 residence.relatives", "（applicant.hukou_county）与居住地（county）"); the rule admin reads
words. Each key is replaced by the words it stands for, in every version; the meaning of each note
is unchanged (the engine never reads notes)."""

from django.db import migrations

IN_WORDS = [
    ("null（无此条件）", "留空（无此条件）"),
    (
        "须户籍所在县级行政区域（applicant.hukou_county）与居住地（county）不同",
        "须户籍所在县级行政区域与居住地所在县级行政区域不同",
    ),
    ("（applicant.residence_since 不晚于判断日）", "（开始在当地居住的日期不晚于判断日）"),
    ("同 residence.relatives", "同“可随迁的共同居住亲属”"),
    ("（见 residence.strict_min_lease_months）", "（见“市区租赁住房最短租期”）"),
    ("只在市区（central_urban）申领", "只在市区（市辖区、中心城区）申领"),
    ("（只到县级：applicant.hukou_county、county）", "（只到县级：现户籍所在县与居住地所在县）"),
]


def _replace(apps, pairs):
    Parameter = apps.get_model("eligibility", "Parameter")
    for parameter in Parameter.objects.exclude(note=""):
        note = parameter.note
        for old, new in pairs:
            note = note.replace(old, new)
        if note != parameter.note:
            parameter.note = note
            parameter.save(update_fields=["note"])


def forwards(apps, schema_editor):
    _replace(apps, IN_WORDS)


def backwards(apps, schema_editor):
    _replace(apps, [(new, old) for old, new in IN_WORDS])


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0013_publication_requests")]

    operations = [migrations.RunPython(forwards, backwards)]
