"""One model for every paper the portal issues (Paper), the certificates among them.

Each row of the old Certificate table becomes a Paper of kind certificate with the same number,
verification code, title, issue time and signer; its holders (names and masked numbers, as the old
certificates printed them) and destination go into the content the paper prints, with the
station's name for the verification page. An old certificate printed no validity, so its
valid_until stays empty: it does not expire."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def certificates_to_papers(apps, schema_editor):
    OldCertificate = apps.get_model("applications", "Certificate")
    Paper = apps.get_model("applications", "Paper")
    papers = []
    for old in OldCertificate.objects.select_related("case__station").order_by("pk"):
        station = old.case.station
        papers.append(
            Paper(
                case_id=old.case_id,
                kind="certificate",
                title=old.title,
                number=old.number,
                code=old.code,
                issued_at=old.issued_at,
                issued_by_id=old.issued_by_id,
                content={
                    "reference": old.case.reference or "",
                    "persons": old.holders,
                    "destination": old.destination,
                    "station": {"name": station.name if station else "", "address": "", "phone": ""},
                },
            )
        )
    Paper.objects.bulk_create(papers)


def papers_to_certificates(apps, schema_editor):
    OldCertificate = apps.get_model("applications", "Certificate")
    Paper = apps.get_model("applications", "Paper")
    for paper in Paper.objects.filter(kind="certificate").order_by("pk"):
        old = OldCertificate.objects.create(
            case_id=paper.case_id,
            number=paper.number,
            code=paper.code,
            title=paper.title,
            issued_by_id=paper.issued_by_id,
            holders=[
                {"name": p.get("name", ""), "id_number": _masked(p.get("id_number", ""))}
                for p in paper.content.get("persons", [])
            ],
            destination=paper.content.get("destination", ""),
        )
        OldCertificate.objects.filter(pk=old.pk).update(issued_at=paper.issued_at)  # not auto_now_add's now


def _masked(number):
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}" if len(number) >= 10 else "*" * len(number)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0005_identity_consent_materials_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Paper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('certificate', '准予迁入证明'), ('receipt', '受理回执'), ('notice', '一次性告知书'), ('refusal', '不予受理（办理）决定书')], max_length=16, verbose_name='文书类型')),
                ('title', models.CharField(max_length=32, verbose_name='文书名称')),
                ('number', models.CharField(max_length=24, unique=True, verbose_name='文书编号')),
                ('code', models.CharField(max_length=16, unique=True, verbose_name='核验码')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='签发时间')),
                ('content', models.JSONField(blank=True, default=dict, verbose_name='文书内容')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='有效期至')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='papers', to='applications.case', verbose_name='业务')),
                ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='签发人')),
                ('request', models.ForeignKey(blank=True, help_text='一次性告知书所告知的补正要求', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='papers', to='applications.documentrequest', verbose_name='补充材料要求')),
            ],
            options={
                'verbose_name': '文书',
                'verbose_name_plural': '文书',
                'ordering': ['issued_at', 'id'],
            },
        ),
        migrations.RunPython(certificates_to_papers, papers_to_certificates),
        migrations.DeleteModel(
            name='Certificate',
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.UniqueConstraint(condition=models.Q(('kind__in', ['certificate', 'receipt', 'refusal'])), fields=('case', 'kind'), name='one_paper_of_a_kind_per_case'),
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'notice')), fields=('request',), name='one_notice_per_request'),
        ),
        migrations.CreateModel(
            name='Certificate',
            fields=[
            ],
            options={
                'verbose_name': '准予迁入证明',
                'verbose_name_plural': '准予迁入证明',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('applications.paper',),
        ),
    ]
