"""The migration that keeps an impact run's changed cases in groups regroups the runs stored one
object per case, and going back lists them one by one again: no case is lost either way."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from applications.models import ImpactRun
from eligibility.models import RuleSet

BEFORE = [("applications", "0015_case_verdict_is_the_latest_version")]
AFTER = [("applications", "0016_impact_changes_in_groups")]

ONE_BY_ONE = [
    {"id": 3, "reference": "QJ-2026-000003", "pathway": "residence", "then": True, "now": False},
    {"id": 5, "reference": "QJ-2026-000005", "pathway": "talent", "then": False, "now": True},
    {"id": 9, "reference": "QJ-2026-000009", "pathway": "residence", "then": True, "now": False},
]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_runs_stored_case_by_case_are_regrouped_and_back(clerk):
    rule_set = RuleSet.objects.get(city="qujing", version=1)
    old = migrate(BEFORE)
    try:
        OldRun = old.get_model("applications", "ImpactRun")
        pk = OldRun.objects.create(rule_set_id=rule_set.pk, requested_by_id=clerk.pk, changed=ONE_BY_ONE).pk

        migrate(AFTER)
        run = ImpactRun.objects.get(pk=pk)
        assert run.changed == [
            {
                "pathway": "residence",
                "then": True,
                "now": False,
                "ids": [3, 9],
                "references": ["QJ-2026-000003", "QJ-2026-000009"],
            },
            {"pathway": "talent", "then": False, "now": True, "ids": [5], "references": ["QJ-2026-000005"]},
        ]
        assert run.changed_count == 3

        old = migrate(BEFORE)
        assert old.get_model("applications", "ImpactRun").objects.get(pk=pk).changed == ONE_BY_ONE
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
