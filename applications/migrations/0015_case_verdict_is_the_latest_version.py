"""Case.eligible is the latest facts version's verdict, written in one place from now on
(services/verdicts.py facts_version_add). The column stays: the batch's ready-case filter reads it
on the case row beside the scope, status and pre-screen. This makes every existing row mean that:
a case whose column differs from its latest version's verdict takes the version's (the version is
what the clerk's page and the audit show). A case without a version (a draft) keeps its value."""

from django.db import migrations

SQL = """
UPDATE applications_case SET eligible = (
  SELECT v.eligible FROM applications_factsversion v
  WHERE v.case_id = applications_case.id ORDER BY v.number DESC LIMIT 1)
WHERE EXISTS (
  SELECT 1 FROM applications_factsversion v
  WHERE v.case_id = applications_case.id
    AND v.number = (SELECT max(w.number) FROM applications_factsversion w WHERE w.case_id = applications_case.id)
    AND coalesce(CASE WHEN v.eligible THEN 1 WHEN NOT v.eligible THEN 0 END, -1)
        <> coalesce(CASE WHEN applications_case.eligible THEN 1 WHEN NOT applications_case.eligible THEN 0 END, -1))
"""


class Migration(migrations.Migration):
    dependencies = [("applications", "0014_case_deadline_flag_computed")]

    operations = [migrations.RunSQL(SQL, reverse_sql=migrations.RunSQL.noop)]
