"""Two published versions of one city's rules may never cover the same day.

PostgreSQL enforces it with an exclusion constraint over the date range; SQLite (the embedded
default) with triggers. Both treat effective_to as inclusive and NULL as open-ended.
"""

from django.db import migrations

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE eligibility_ruleset ADD CONSTRAINT published_rule_sets_never_overlap
       EXCLUDE USING gist (city WITH =, daterange(effective_from, effective_to, '[]') WITH &&)
       WHERE (status = 'published')""",
]
POSTGRES_DOWN = ["ALTER TABLE eligibility_ruleset DROP CONSTRAINT published_rule_sets_never_overlap"]

_SQLITE_CHECK = """
    SELECT RAISE(ABORT, 'published_rule_sets_never_overlap')
    WHERE NEW.status = 'published' AND EXISTS (
        SELECT 1 FROM eligibility_ruleset o
        WHERE o.city = NEW.city AND o.status = 'published' AND o.id != NEW.id
          AND o.effective_from <= COALESCE(NEW.effective_to, '9999-12-31')
          AND NEW.effective_from <= COALESCE(o.effective_to, '9999-12-31'));
"""
SQLITE_UP = [
    f"CREATE TRIGGER published_rule_sets_never_overlap_insert BEFORE INSERT ON eligibility_ruleset BEGIN {_SQLITE_CHECK} END",
    f"CREATE TRIGGER published_rule_sets_never_overlap_update BEFORE UPDATE ON eligibility_ruleset BEGIN {_SQLITE_CHECK} END",
]
SQLITE_DOWN = [
    "DROP TRIGGER published_rule_sets_never_overlap_insert",
    "DROP TRIGGER published_rule_sets_never_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
