"""The 1M-case benchmark database (``hukou_bench_scale``): ``python bench/scale_db.py``.

Built once and reused: the demo data (stations, staff, rule sets) through the product's own
migrate and seed_demo, then, in SQL on the server (``INSERT … SELECT generate_series``, nothing
row by row in Python):

- 1,000,000 transfer (迁移落户) cases — 96 % settlements over the seven pathways, 2 % births, 2 %
  corrections — spread over the demo's 31 stations (the first station of each city, the demo
  clerk's, twice the weight of the others: about 55,000 cases there), 10 % open (submitted, in
  review, awaiting documents), the rest completed, refused, withdrawn or approved and waiting for
  the move-out; submitted over five years, the open ones in the last two months;
- one person in the register for every case (with their current household: at the destination for
  a completed case, at another station of the city otherwise), so a batch review can move them;
- 1 facts version per case (the engine's real facts and evaluation of a case of that city),
  2–5 events per case (about 4.7 M), 4–5 documents per case (about 4.4 M), a relative on 20 %.

A marker table (``bench_scale_marker``) records the version and the counts; a database whose
marker matches is reused, anything else is dropped and built again. ``--force`` rebuilds.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_SCALE_DB", "hukou_bench_scale")
CASES = int(os.environ.get("BENCH_SCALE_CASES", "1000000"))
VERSION = 4  # 2: the open cases' kinds and pathways spread by a hash (OPEN_MIX); 3: common.Counter, register history;
# 4: the events in the one log (activity_event); no Case.submission_token, prescreened_at, deadline_flag,
# no Household.station (issue 16)
APPLICANTS = 2000


def database_url() -> str:
    return f"{PG}/{DB_NAME}"


def _admin():
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    return connection


def _connect():
    import psycopg2

    connection = psycopg2.connect(database_url())
    connection.autocommit = True
    return connection


# Version 1 gave every open case (n a multiple of 10) the same kind and one of five pathways; the
# same spread as version 2 builds, on a version-1 database in place.
OPEN_MIX = """
UPDATE applications_case c SET
  kind = (ARRAY['newborn', 'correction', 'settlement'])
    [1 + least((n::bigint * 2654435761 %% 4294967296 / 36) %% 50, 2)],
  pathway = CASE WHEN (n::bigint * 2654435761 %% 4294967296 / 36) %% 50 < 2 THEN '' ELSE
    (ARRAY['residence','residence','residence','family_reunion','family_reunion','student','talent',
           'marriage','rural_return','military_family'])[1 + (n::bigint * 2654435761 %% 4294967296 / 1800) %% 10] END
FROM (SELECT id, id - 10000000 AS n FROM applications_case WHERE id > 10000000 AND (id - 10000000) %% 10 = 0) o
WHERE c.id = o.id;
UPDATE bench_scale_marker SET version = 2;
"""


def _upgrade() -> None:
    connection = _connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM bench_scale_marker WHERE complete AND cases = %s", (CASES,))
        row = cursor.fetchone()
        if row == (1,):
            print("  version 1: spreading the open cases' kinds and pathways …", flush=True)
            cursor.execute(OPEN_MIX, {})
            cursor.execute("VACUUM (ANALYZE) applications_case")
    connection.close()


def is_ready() -> bool:
    """The database exists and its marker says it was built whole, by this version, to CASES."""
    import psycopg2

    try:
        connection = _connect()
    except psycopg2.OperationalError:
        return False
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_scale_marker') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT version, cases FROM bench_scale_marker WHERE complete")
        row = cursor.fetchone()
    connection.close()
    return row == (VERSION, CASES)


def _exists() -> bool:
    with _admin().cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,))
        return cursor.fetchone() is not None and is_marked()


def is_marked() -> bool:
    connection = _connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_scale_marker') IS NOT NULL")
        marked = cursor.fetchone()[0]
    connection.close()
    return marked


def _fresh_database() -> None:
    with _admin().cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")


def _django():
    os.environ.update(DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="hukou_portal.settings")
    os.environ.setdefault("REDIS_URL", "")
    os.environ["DB_STATEMENT_TIMEOUT_MS"] = "0"
    import django

    django.setup()


def _demo() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _engine_samples() -> dict[str, tuple[str, str, str]]:
    """Per city: (pathway, facts, evaluation) as JSON, from the engine on a real case of that city."""
    from django.utils import timezone

    from applications.models import Case
    from applications.services.common import engine_facts, record_evaluation
    from registers.models import Address

    samples = {}
    for address in Address.objects.select_related("region", "station").order_by("pk"):
        city = address.region.city
        if city in samples:
            continue
        case = Case(
            pk=0,  # unsaved: no relatives
            kind="settlement",
            pathway="residence",
            city=city,
            region=address.region,
            zone=address.zone,
            station=address.station,
            address=address,
            id_number="530302199001011234",
            name="测试",
            submitted_at=timezone.now(),
            facts={"applicant": {"housing": {"kind": "owned"}}},
        )
        evaluation = record_evaluation(case)
        samples[city] = (
            json.dumps(engine_facts(case), ensure_ascii=False),
            json.dumps(evaluation.as_dict() if evaluation else {}, ensure_ascii=False),
        )
    return samples


# Each step: a label and its SQL. %(cases)s is the number of cases; the temporary tables of the
# first steps live in the one connection that runs them all.
SETUP = """
CREATE OR REPLACE FUNCTION bench_ric(body text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT body || substr('10X98765432', (sum(substr(body, i::int, 1)::int * w) %% 11)::int + 1, 1)
  FROM unnest(ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]) WITH ORDINALITY AS t(w, i)
$$;
-- Stations, in a fixed order, with their city, region, first address and a weight.
CREATE TEMP TABLE st AS
SELECT row_number() OVER (ORDER BY s.code) AS k, s.id, s.code, r.city, s.region_id, a.id AS address_id, a.zone,
       CASE WHEN s.code IN ('530302001','530902001','533103001','431002001','220202001') THEN 2 ELSE 1 END AS weight
FROM registers_policestation s
JOIN registers_region r ON r.id = s.region_id
JOIN LATERAL (SELECT id, zone FROM registers_address WHERE station_id = s.id ORDER BY id LIMIT 1) a ON true;
-- The origin of a case: the next station of the same city.
CREATE TEMP TABLE origin AS
SELECT st.id, coalesce(
  (SELECT o.id FROM st o WHERE o.city = st.city AND o.code > st.code ORDER BY o.code LIMIT 1),
  (SELECT o.id FROM st o WHERE o.city = st.city ORDER BY o.code LIMIT 1)) AS origin_id
FROM st;
CREATE TEMP TABLE slot AS
SELECT row_number() OVER (ORDER BY st.k, g) - 1 AS slot, st.id AS station_id
FROM st, generate_series(1, st.weight) g;
-- A clerk for every station (the demo has one in some only) to act on its cases.
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                           date_joined, role, email_verified, city, station_id)
SELECT '!', false, 'bench_clerk_' || st.code, '', '', '', false, true, now(), 'clerk', false, st.city, st.id
FROM st WHERE NOT EXISTS (SELECT 1 FROM accounts_user u WHERE u.station_id = st.id AND u.role = 'clerk');
CREATE TEMP TABLE clerk AS
SELECT DISTINCT ON (station_id) station_id, id FROM accounts_user WHERE role = 'clerk' ORDER BY station_id, id;
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                           date_joined, role, email_verified, city)
SELECT '!', false, 'bench_applicant_' || g, '', '', '', false, true, now(), 'applicant', false, ''
FROM generate_series(1, %(applicants)s) g;
CREATE TEMP TABLE applicant AS
SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM accounts_user WHERE username LIKE 'bench_applicant_%%';
CREATE TEMP TABLE sample (city text PRIMARY KEY, facts jsonb, evaluation jsonb);
"""

# One row per case with everything derived from its number n; the other tables are built from it.
PLAN = """
CREATE UNLOGGED TABLE bench_plan AS
SELECT n, slot.station_id, st.city, st.region_id, st.address_id, st.zone, origin.origin_id,
       CASE WHEN n %% 10 = 0 THEN
              CASE WHEN (n / 10) %% 20 < 10 THEN 'submitted' WHEN (n / 10) %% 20 < 17 THEN 'in_review'
                   ELSE 'awaiting_documents' END
            WHEN n %% 100 < 72 THEN 'completed' WHEN n %% 100 < 84 THEN 'refused'
            WHEN n %% 100 < 93 THEN 'withdrawn' ELSE 'approved' END AS status,
       CASE WHEN n %% 10 = 0 THEN (ARRAY['newborn', 'correction', 'settlement'])[1 + least((n::bigint * 2654435761
            %% 4294967296 / 36) %% 50, 2)] WHEN n %% 50 = 7 THEN 'newborn' WHEN n %% 50 = 13 THEN 'correction'
            ELSE 'settlement' END AS kind,
       (ARRAY['residence','residence','residence','family_reunion','family_reunion','student','talent',
              'marriage','rural_return','military_family'])[1 + CASE WHEN n %% 10 = 0
                THEN (n::bigint * 2654435761 %% 4294967296 / 1800) %% 10 ELSE (n / 7) %% 10 END] AS pathway,
       CASE WHEN n %% 10 = 0 THEN now() - make_interval(mins => ((n * 7919) %% 86400)::int)
            ELSE now() - interval '60 days' - make_interval(mins => ((n * 7919) %% 2540160)::int) END AS submitted_at,
       (SELECT st.code FROM st WHERE st.id = origin.origin_id) AS origin_code
FROM generate_series(1::bigint, %(cases)s) n
JOIN slot ON slot.slot = (n::bigint * 2654435761) %% 4294967296 %% (SELECT count(*) FROM slot)
JOIN st ON st.id = slot.station_id
JOIN origin ON origin.id = st.id;
ALTER TABLE bench_plan ADD PRIMARY KEY (n);
"""

PERSONS = """
INSERT INTO registers_person (id, id_number, name, sex, birth_date, ethnicity, converted_before_2016)
SELECT 10000000 + n,
       bench_ric((SELECT substr(code, 1, 4) || '00' FROM registers_region r WHERE r.id = p.region_id)
                 || to_char(date '1960-01-01' + (n %% 15000)::int, 'YYYYMMDD') || lpad((n / 15000)::text, 3, '0')),
       (ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + n %% 10]
         || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳'])[1 + (n / 10) %% 12]
         || (ARRAY['','明','华','平','红','梅'])[1 + (n / 120) %% 6],
       CASE WHEN n %% 2 = 0 THEN 'male' ELSE 'female' END,
       date '1960-01-01' + (n %% 15000)::int, 'han', true
FROM bench_plan p;
"""

HOUSEHOLDS = """
INSERT INTO registers_household (id, register_number, kind, name, created_on, address_id, head_id)
SELECT 10000000 + n,
       h.code || lpad((100000 + row_number() OVER (PARTITION BY h.id ORDER BY n))::text, 6, '0'),
       'family', '', date '2005-01-01' + (n %% 7000)::int, h.address_id, 10000000 + n
FROM bench_plan p
JOIN st h ON h.id = CASE WHEN p.status = 'completed' THEN p.station_id ELSE p.origin_id END;
INSERT INTO registers_membership (relation, since, joined_by, left_by, note, household_id, person_id)
SELECT 'head', date '2005-01-01' + (n %% 7000)::int, 'move_in', '', '', 10000000 + n, 10000000 + n
FROM bench_plan;
"""

CASES_SQL = """
INSERT INTO applications_case (
  id, reference, kind, pathway, status, id_number, name, city, zone, facts, submitted_at,
  prescreen, prescreen_notes, eligible, due_date, paused_on, decided_at, decision_clause,
  decision_text, origin_outside, created_at, updated_at, address_id, applicant_id, assigned_to_id,
  decided_by_id, person_id, region_id, rule_set_id, station_id, target_household_id,
  deadline_notified_at, acceptance_due, acting_as, origin_address)
SELECT 10000000 + p.n,
       (CASE p.city WHEN 'qujing' THEN 'QJ' WHEN 'lincang' THEN 'LC' WHEN 'dehong' THEN 'DH'
                    WHEN 'chenzhou' THEN 'CZ' ELSE 'JL' END)
         || '-' || extract(year FROM p.submitted_at)::int || '-'
         || lpad((500000 + row_number() OVER (PARTITION BY p.city, extract(year FROM p.submitted_at)
                                              ORDER BY p.n))::text, 6, '0'),
       p.kind, CASE WHEN p.kind = 'settlement' THEN p.pathway ELSE '' END, p.status, person.id_number, person.name,
       p.city, p.zone, s.facts, p.submitted_at,
       CASE WHEN p.n %% 7 = 3 THEN 'incomplete' WHEN p.n %% 11 = 5 THEN 'likely_ineligible'
            ELSE 'likely_eligible' END,
       '{}'::jsonb, p.n %% 11 <> 5,
       (p.submitted_at + interval '28 days')::date, NULL,
       CASE WHEN p.status IN ('completed', 'refused', 'approved') THEN p.submitted_at + interval '12 days' END,
       CASE WHEN p.status = 'refused' THEN '第五条' ELSE '' END, '', false,
       p.submitted_at, p.submitted_at + interval '12 days', p.address_id, applicant.id,
       CASE WHEN p.status NOT IN ('submitted', 'withdrawn') THEN clerk.id END,
       CASE WHEN p.status IN ('completed', 'refused', 'approved') THEN clerk.id END,
       person.id, p.region_id, rs.id, p.station_id, NULL,
       NULL, (p.submitted_at + interval '7 days')::date, 'self', '原籍地址' || p.origin_code
FROM bench_plan p
JOIN registers_person person ON person.id = 10000000 + p.n
JOIN sample s ON s.city = p.city
JOIN applicant ON applicant.k = p.n %% %(applicants)s
JOIN clerk ON clerk.station_id = p.station_id
JOIN LATERAL (SELECT id FROM eligibility_ruleset r WHERE r.city = p.city ORDER BY version LIMIT 1) rs ON true;
INSERT INTO applications_factsversion (number, facts, evaluation, eligible, reason, created_at, case_id, created_by_id)
SELECT 1, c.facts, s.evaluation, c.eligible, '', c.submitted_at, c.id, c.applicant_id
FROM applications_case c JOIN sample s ON s.city = c.city WHERE c.id > 10000000;
INSERT INTO applications_caserelative (position, name, id_number, relation, co_resident, married, minor, eligible,
                                      case_id, origin_address)
SELECT 1, '配偶' || (n %% 1000),
       bench_ric((SELECT substr(code, 1, 4) || '00' FROM registers_region r WHERE r.id = p.region_id)
                 || to_char(date '1961-01-01' + (n %% 15000)::int, 'YYYYMMDD')
                 || lpad((500 + n / 15000)::text, 3, '0')),
       'spouse', true, true, false, true, 10000000 + n, ''
FROM bench_plan p WHERE n %% 5 = 1;
"""

# Events: (kind, offset from submission, actor, which statuses have it).
EVENTS = [
    ("submitted", "interval '0'", "c.applicant_id", "'applicant'", None),
    ("prescreened", "interval '1 minute'", "NULL", "''", None),
    ("taken", "interval '1 day'", "c.assigned_to_id", "'clerk'", "c.status NOT IN ('submitted', 'withdrawn')"),
    (
        "documents_requested",
        "interval '2 days'",
        "c.assigned_to_id",
        "'clerk'",
        "c.status = 'awaiting_documents' OR (c.status = 'completed' AND c.id %% 3 = 0)",
    ),
    ("approved", "interval '12 days'", "c.decided_by_id", "'clerk'", "c.status IN ('completed', 'approved')"),
    ("refused", "interval '12 days'", "c.decided_by_id", "'clerk'", "c.status = 'refused'"),
    ("withdrawn", "interval '3 days'", "c.applicant_id", "'applicant'", "c.status = 'withdrawn'"),
    ("completed", "interval '12 days 1 hour'", "c.decided_by_id", "'clerk'", "c.status = 'completed'"),
]

DOCUMENT_KINDS = ["id_card", "household_booklet", "property_certificate", "labour_contract", "social_insurance_record"]


# The one log's subject of a case (activity.Event: content_type + object_id); made by the migrations.
CASE_CONTENT_TYPE = "(SELECT id FROM django_content_type WHERE app_label = 'applications' AND model = 'case')"


def _events_sql() -> str:
    statements = []
    for kind, offset, actor, role, where in EVENTS:
        statements.append(
            "INSERT INTO activity_event (content_type_id, object_id, kind, at, actor_role, message, data, actor_id,"
            " station_id)\n"
            f"SELECT {CASE_CONTENT_TYPE}, c.id, '{kind}', c.submitted_at + {offset}, {role}, '', '{{}}'::jsonb,"
            f" {actor}, c.station_id\n"
            f"FROM applications_case c WHERE c.id > 10000000{f' AND ({where})' if where else ''};"
        )
    return "\n".join(statements)


def _documents_sql() -> str:
    statements = []
    for position, kind in enumerate(DOCUMENT_KINDS):
        where = "" if position < 4 else " AND c.id %% 5 < 2"  # 4 documents each, a fifth on 40 %
        statements.append(
            "INSERT INTO applications_document (kind, file, original_name, content_type, extension, size, sha256,"
            " uploaded_at, case_id, uploaded_by_id, check_reason, check_result, checked_at, checked_by_id)\n"
            f"SELECT '{kind}', 'documents/' || c.id || '/{kind}.pdf', '{kind}.pdf', 'application/pdf', '.pdf',"
            f" 180000 + c.id %% 90000, md5(c.id::text || '{kind}') || md5('{kind}' || c.id::text),"
            " c.submitted_at, c.id, c.applicant_id, '',"
            " CASE WHEN c.decided_by_id IS NOT NULL THEN 'passed' ELSE 'unchecked' END,"
            " CASE WHEN c.decided_by_id IS NOT NULL THEN c.submitted_at + interval '2 days' END, c.decided_by_id\n"
            f"FROM applications_case c WHERE c.id > 10000000{where};"
        )
    return "\n".join(statements)


SEQUENCES = """
INSERT INTO common_counter (key, value)
SELECT split_part(reference, '-', 1) || '-' || split_part(reference, '-', 2), max(split_part(reference, '-', 3)::int)
FROM applications_case WHERE id > 10000000 GROUP BY 1
ON CONFLICT (key) DO UPDATE SET value = greatest(common_counter.value, excluded.value);
-- Each station's household register numbers go on from the highest the bench gave out.
INSERT INTO common_counter (key, value)
SELECT 'household:' || s.code, max(substr(h.register_number, length(s.code) + 1)::bigint)
FROM registers_household h JOIN registers_policestation s ON h.register_number LIKE s.code || '%%'
WHERE h.register_number ~ ('^' || s.code || '[0-9]{6}$') GROUP BY s.code
ON CONFLICT (key) DO UPDATE SET value = greatest(common_counter.value, excluded.value);
DROP TABLE bench_plan;
"""


BIG_TABLES = (
    "registers_person",
    "registers_household",
    "registers_membership",
    "applications_case",
    "applications_factsversion",
    "applications_caserelative",
    "activity_event",
    "applications_document",
)


def _drop_indexes(cursor) -> list[str]:
    """Drop the big tables' plain indexes (not those of a primary key or unique constraint) and
    return their definitions: building an index once over the loaded rows is much faster than
    keeping it up to date row by row."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        (list(BIG_TABLES),),
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes]


def build() -> float:
    started = time.perf_counter()
    _fresh_database()
    _django()
    _demo()
    samples = _engine_samples()
    print(f"  migrate + seed_demo: {time.perf_counter() - started:.0f} s", flush=True)
    connection = _connect()
    params = {"cases": CASES, "applicants": APPLICANTS}
    with connection.cursor() as cursor:
        # The rows are made consistent by construction: no per-row foreign-key trigger (replica mode).
        cursor.execute(
            "SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB';"
            " SET session_replication_role = replica"
        )
        steps = [
            ("set-up", SETUP),
            ("plan", PLAN),
            ("persons", PERSONS),
            ("households and memberships", HOUSEHOLDS),
            ("cases, facts versions, relatives", CASES_SQL),
            ("events", _events_sql()),
            ("documents", _documents_sql()),
            ("sequences", SEQUENCES),
        ]
        indexes = _drop_indexes(cursor)
        for label, sql in steps:
            step = time.perf_counter()
            cursor.execute(sql, params)
            if label == "set-up":
                for city, (facts, evaluation) in samples.items():
                    cursor.execute("INSERT INTO sample VALUES (%s, %s, %s)", (city, facts, evaluation))
            print(f"  {label}: {time.perf_counter() - step:.0f} s", flush=True)
        step = time.perf_counter()
        for definition in indexes:
            cursor.execute(definition)
        print(f"  {len(indexes)} indexes: {time.perf_counter() - step:.0f} s", flush=True)
        step = time.perf_counter()
        cursor.execute("VACUUM (ANALYZE)")
        print(f"  vacuum analyze: {time.perf_counter() - step:.0f} s", flush=True)
        seconds = time.perf_counter() - started
        cursor.execute(
            "CREATE TABLE bench_scale_marker (version int, cases int, events bigint, documents bigint,"
            " seconds numeric, built_at timestamptz DEFAULT now(), complete boolean)"
        )
        cursor.execute(
            "INSERT INTO bench_scale_marker SELECT %s, %s, (SELECT count(*) FROM activity_event),"
            " (SELECT count(*) FROM applications_document), %s, now(), true",
            (VERSION, CASES, round(seconds, 1)),
        )
    connection.close()
    return seconds


def summary() -> str:
    connection = _connect()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM applications_case),"
            " (SELECT count(*) FROM applications_case WHERE status IN ('submitted','in_review','awaiting_documents')),"
            " events, documents, (SELECT count(*) FROM applications_factsversion), seconds,"
            " pg_size_pretty(pg_database_size(current_database())) FROM bench_scale_marker"
        )
        cases, open_cases, events, documents, versions, seconds, size = cursor.fetchone()
    connection.close()
    return (
        f"{DB_NAME}: {cases:,} cases ({open_cases:,} open), {events:,} events, {documents:,} documents,"
        f" {versions:,} facts versions, {size}; built in {seconds} s"
    )


def ensure() -> None:
    if _exists():
        _upgrade()
    if is_ready():
        print(f"reusing {summary()}", flush=True)
        return
    print(f"building {DB_NAME} with {CASES:,} cases …", flush=True)
    seconds = build()
    print(f"scale_db_build_s: {seconds:.0f}")
    print(summary(), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="drop and build again even if complete")
    if parser.parse_args().force:
        _admin().cursor().execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    ensure()
