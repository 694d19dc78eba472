"""State that is derived is computed or written in one place: a case's verdict is its latest
facts version's, and the migration that made it so brings a drifted row back to its version."""

import importlib

import pytest
from django.db import connection

from applications.models import Case
from applications.services import case_correct_fact
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_correction_makes_the_new_versions_verdict_the_cases(station_address, clerk):
    case = CaseFactory(in_review=True, address=station_address, clerk=clerk)
    assert case.eligible is True and case.fact_versions.get().eligible is True

    version = case_correct_fact(
        case=case, clerk=clerk, path="applicant.housing.kind", value="none", reason="房产证为他人所有，并无住所"
    )

    assert version.number == 2 and version.eligible is False
    assert Case.objects.get(pk=case.pk).eligible is False  # the case reads as its latest version


def test_the_migration_gives_a_drifted_case_its_latest_versions_verdict(station_address, clerk):
    drifted = CaseFactory(in_review=True, address=station_address, clerk=clerk)
    agreeing = CaseFactory(in_review=True, address=station_address, clerk=clerk)
    draft = CaseFactory(address=station_address)
    Case.objects.filter(pk=drifted.pk).update(eligible=None)
    Case.objects.filter(pk=draft.pk).update(eligible=False)
    migration = importlib.import_module("applications.migrations.0015_case_verdict_is_the_latest_version")

    with connection.cursor() as cursor:
        cursor.execute(migration.SQL)
        assert cursor.rowcount == 1  # only the drifted row is written

    verdicts = dict(Case.objects.values_list("pk", "eligible"))
    assert verdicts[drifted.pk] is True and verdicts[agreeing.pk] is True
    assert verdicts[draft.pk] is False  # no version: kept as it was
