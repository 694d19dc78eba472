"""Benchmark of the batch queues (`make bench-batch`), on the machine's PostgreSQL and Redis.

1. A batch review of likely-eligible, complete cases worked by two real Celery worker processes:
   cases decided per second (each one re-checked, taken, approved, the register moved and a
   receipt and a certificate issued, one transaction per case): ``batch_cases_per_s``.
2. An impact dry run of a draft rule set over 100,000 open cases of one city, in-process:
   ``impact_dry_run_s``.
3. The Celery workers' memory after a second, larger batch (10,000 cases), and after the first:
   ``celery_worker_rss_mb`` (the larger of the two workers), and whether it grew.

On the 1M-case database (``hukou_bench_scale``, built by bench/scale_db.py) when it is there: the
benchmark works on its own copy of it (``hukou_bench_scale_batch``, made once from it as a
template and migrated to this code), adding the batch's ready cases — each the head of a
household in the register, with its documents — and the open cases the dry run needs to reach
100,000 in Qujing; ``BENCH_SCALE_COPY=0`` works on ``BENCH_SCALE_DB`` itself (a 1M-case database
built for this benchmark alone). Without one (or with ``BENCH_SMALL=1``), on a small database of
its own (``hukou_bench``, dropped and made again), as before. ``BENCH_BATCH_CASES``,
``BENCH_RSS_CASES`` and ``BENCH_IMPACT_CASES`` change the sizes.
"""

import datetime
import itertools
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SCALE_DB = os.environ.get("BENCH_SCALE_DB", "hukou_bench_scale")
BATCH_CASES = int(os.environ.get("BENCH_BATCH_CASES", "2000"))
RSS_CASES = int(os.environ.get("BENCH_RSS_CASES", "10000"))
IMPACT_CASES = int(os.environ.get("BENCH_IMPACT_CASES", "100000"))
WORKERS = 2
QUEUE = f"bench-{uuid.uuid4().hex[:6]}"


def _admin():
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    return connection


def scale_ready() -> bool:
    """bench/scale_db.py's marker says the 1M-case database was built whole."""
    import psycopg2

    try:
        connection = psycopg2.connect(f"{PG}/{SCALE_DB}")
    except psycopg2.OperationalError:
        return False
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_scale_marker') IS NOT NULL")
        ready = cursor.fetchone()[0]
        if ready:
            cursor.execute("SELECT count(*) FROM bench_scale_marker WHERE complete")
            ready = cursor.fetchone()[0] > 0
    connection.close()
    return bool(ready)


def database() -> tuple[str, bool]:
    """The database to work on, and whether it is the 1M-case one."""
    admin = _admin()
    with admin.cursor() as cursor:
        if os.environ.get("BENCH_SMALL") != "1" and scale_ready():
            if os.environ.get("BENCH_SCALE_COPY") == "0":  # a 1M-case database of the benchmark's own
                admin.close()
                return SCALE_DB, True
            name = f"{SCALE_DB}_batch"
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                _copy(cursor, SCALE_DB, name)
            admin.close()
            return name, True
        cursor.execute("DROP DATABASE IF EXISTS hukou_bench WITH (FORCE)")
        cursor.execute("CREATE DATABASE hukou_bench")
    admin.close()
    return "hukou_bench", False


def _copy(cursor, source: str, name: str) -> None:
    """A file copy of the 1M-case database (it must have no open session for that: wait)."""
    import psycopg2

    started = time.perf_counter()
    for _attempt in range(120):
        try:
            cursor.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
            print(f"copied {source} to {name} in {time.perf_counter() - started:.0f} s", flush=True)
            return
        except psycopg2.errors.ObjectInUse:
            time.sleep(5)
    raise SystemExit(f"{source} stayed in use for 10 minutes: could not copy it")


DB_NAME, AT_SCALE = database()
os.environ.update(
    DATABASE_URL=f"{PG}/{DB_NAME}",
    REDIS_URL=REDIS_URL,
    DJANGO_SETTINGS_MODULE="hukou_portal.settings",
    DB_CONN_MAX_AGE="0",
    DB_STATEMENT_TIMEOUT_MS="0",
    CELERY_QUEUE=QUEUE,  # this process and the workers alike
)

import django  # noqa: E402

from bench.load import cpu_yardstick_s  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from accounts.models import IdentityMethod, User, VerifiedIdentity  # noqa: E402
from accounts.services import user_create  # noqa: E402
from applications.constants import OPEN_STATUSES, BatchStatus, CaseStatus, DocumentCheck, Prescreen  # noqa: E402
from applications.models import Batch, Case, Document, ImpactRun  # noqa: E402
from applications.services.batches import batch_start  # noqa: E402
from applications.services.impact import ENGINE_KINDS, impact_dry_run  # noqa: E402
from eligibility.models import RuleSet  # noqa: E402
from eligibility.services import parameter_update, rule_set_copy_as_draft  # noqa: E402
from hukou_portal.celery import app as celery_app  # noqa: E402
from registers.constants import HouseholdKind, JoinReason, Relation  # noqa: E402
from registers.models import Address, Household, Membership, Person, PoliceStation, Region  # noqa: E402

TODAY = timezone.localdate()
RUN = uuid.uuid4().hex[:6].upper()  # this run's tag: its register numbers and references are its own
NUMBERS = random.Random(RUN)
USED: set[str] = set()
SERIAL = itertools.count()


def id_numbers(count: int, taken_check: bool) -> list[str]:
    """``count`` valid 公民身份号码 not yet in the register (1950–2004 births, every sequence)."""
    rng = NUMBERS
    found: list[str] = []
    while len(found) < count:
        candidates = set()
        while len(candidates) < (count - len(found)) * 2:
            birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
            body = f"530302{birth:%Y%m%d}{rng.randrange(1000):03d}"
            candidates.add(body + ric.calc_check_digit(body + "0"))
        if taken_check:
            candidates -= set(Person.objects.filter(id_number__in=candidates).values_list("id_number", flat=True))
            candidates -= set(Case.objects.filter(id_number__in=candidates).values_list("id_number", flat=True))
        found += sorted(candidates - set(found) - USED)[: count - len(found)]
    USED.update(found)
    return found


def bench_stations(count: int) -> list[Address]:
    """The batch's destinations: ``count`` stations of 麒麟区 with an address each (made on a small
    database; on the 1M-case one, the existing stations of Qujing and their first addresses)."""
    region = Region.objects.get(code="530302")
    if AT_SCALE:
        stations = PoliceStation.objects.filter(region__city="qujing").order_by("code")[:count]
        return [
            Address.objects.create(
                region=s.region, station=s, zone="central_urban", locality="南宁街道", detail=f"基准路{RUN}{i}号"
            )
            for i, s in enumerate(stations)
        ]
    addresses = []
    for i in range(count):
        station = PoliceStation.objects.create(code=f"5303029{i:02d}", name=f"麒麟区基准{i}派出所", region=region)
        addresses.append(
            Address.objects.create(
                region=region, station=station, zone="central_urban", locality="南宁街道", detail=f"基准路{i}号"
            )
        )
    return addresses


def ready_cases(n: int, destinations, origins, checker, rule_set) -> list[int]:
    """n people, each head of a household elsewhere, each with a likely-eligible case from their
    own verified account, its documents checked against the originals."""
    numbers = id_numbers(n, taken_check=AT_SCALE)
    persons = Person.objects.bulk_create(
        Person(id_number=number, name=f"测试{i}", sex="male", birth_date=ric.get_birth_date(number))
        for i, number in enumerate(numbers)
    )
    households = Household.objects.bulk_create(
        Household(
            register_number=f"B{person.id_number}",
            kind=HouseholdKind.FAMILY,
            address=origins[i % len(origins)],
            head=person,
            created_on=datetime.date(2010, 1, 1),
        )
        for i, person in enumerate(persons)
    )
    Membership.objects.bulk_create(
        Membership(
            person=p, household=h, relation=Relation.HEAD, since=datetime.date(2010, 1, 1), joined_by=JoinReason.MOVE_IN
        )
        for p, h in zip(persons, households, strict=True)
    )
    now = timezone.now()
    applicants = verified_accounts(persons)
    owned = {"housing": {"kind": "owned"}}
    cases = Case.objects.bulk_create(
        _case(next(SERIAL), p, destinations[i % len(destinations)], a, rule_set, now, owned)
        for i, (p, a) in enumerate(zip(persons, applicants, strict=True))
    )
    Document.objects.bulk_create(
        Document(
            case=case,
            kind=kind,
            file=f"documents/{case.pk}/{kind}.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            extension=".pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=case.applicant,
            check_result=DocumentCheck.PASSED,  # the clerk compared it with the original
            checked_by=checker,
            checked_at=now,
        )
        for case in cases
        for kind in ("id_card", "household_booklet", "property_certificate")
    )
    return [case.pk for case in cases]


def verified_accounts(persons) -> list[User]:
    """An applicant account for each person, verified at the counter as that person."""
    users = User.objects.bulk_create(User(username=f"bench-{p.id_number}", password="!") for p in persons)
    VerifiedIdentity.objects.bulk_create(
        VerifiedIdentity(user=u, name=p.name, id_number=p.id_number, method=IdentityMethod.COUNTER)
        for u, p in zip(users, persons, strict=True)
    )
    return users


def _case(i, person, address, applicant, rule_set, now, applicant_facts, prefix="B", ready=True):
    return Case(
        reference=f"QJ-{prefix}{RUN}-{i:07d}",
        kind="settlement",
        pathway="residence",
        status=CaseStatus.SUBMITTED,
        applicant=applicant,
        id_number=person.id_number if person else f"{i:018d}",
        name=person.name if person else f"测试{i}",
        person=person,
        city="qujing",
        region_id=address.region_id,
        zone=address.zone,
        station_id=address.station_id,
        address=address,
        facts={"applicant": applicant_facts},
        submitted_at=now,
        rule_set=rule_set,
        prescreen=Prescreen.LIKELY_ELIGIBLE if ready else Prescreen.INCOMPLETE,
        eligible=True,
        due_date=TODAY + datetime.timedelta(days=10),
    )


def start_workers():
    command = [sys.executable, "-m", "celery", "-A", "hukou_portal", "worker", "-c", "1"]
    command += ["--without-mingle", "--without-gossip", "--loglevel", "WARNING"]
    workers = [
        subprocess.Popen(
            [*command, "-n", f"bench{i}-{QUEUE}@localhost"],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(WORKERS)
    ]
    names = [f"bench{i}-{QUEUE}@localhost" for i in range(WORKERS)]
    deadline = time.monotonic() + 60
    while len(celery_app.control.ping(destination=names, timeout=1)) < WORKERS and time.monotonic() < deadline:
        time.sleep(0.5)
    return workers


def worker_rss_mb(workers) -> float:
    """The resident memory of the busiest worker: its process and the pool child that runs the tasks."""
    sizes = []
    for worker in workers:
        pids = [worker.pid]
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        sizes.append(max(_rss_kb(pid) for pid in pids))
    return max(sizes) / 1024


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run_batch(supervisor, case_ids: list[int]) -> float:
    started = time.perf_counter()
    batch = batch_start(starter=supervisor, case_ids=case_ids)
    while Batch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).exists():
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    approved = Case.objects.filter(pk__in=case_ids, status=CaseStatus.COMPLETED).count()
    assert approved == len(case_ids), f"{approved} of {len(case_ids)} approved"
    return elapsed


def batch_cases(supervisor, rule_set) -> tuple[list[int], list[int]]:
    """The two batches' ready cases: BATCH_CASES for the rate, RSS_CASES for the memory."""
    destinations = bench_stations(5)
    origins = [
        Address.objects.create(
            region=a.region, station=a.station, zone="county_town", locality="城关镇", detail=f"基准原址{RUN}{i}号"
        )
        for i, a in enumerate(destinations)
    ]
    first = ready_cases(BATCH_CASES, destinations, origins, supervisor, rule_set)
    second = ready_cases(RSS_CASES, destinations, origins, supervisor, rule_set) if RSS_CASES else []
    return first, second


def bench_impact(applicant, rule_set, admin) -> float:
    rng = random.Random(2026)
    address = Address.objects.filter(zone="central_urban", region__city="qujing").first() or bench_stations(1)[0]
    now = timezone.now()
    kinds = [
        {"housing": {"kind": "owned"}},
        {"housing": {"kind": "rented", "lease_since": "2024-03-01"}},
        {"housing": {"kind": "none"}, "employment": {"stable": True}},
        {"housing": {"kind": "none"}},
    ]
    open_now = Case.objects.filter(city="qujing", status__in=OPEN_STATUSES, kind__in=ENGINE_KINDS).count()
    for start in range(open_now, IMPACT_CASES, 10_000):
        Case.objects.bulk_create(
            _case(i, None, address, applicant, rule_set, now, rng.choice(kinds), prefix="I", ready=False)
            for i in range(start, min(start + 10_000, IMPACT_CASES))
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE applications_case")  # as autovacuum would after a load
    draft = rule_set_copy_as_draft(rule_set=rule_set)
    owned = draft.parameters.get(key="residence.owned_zones")
    parameter_update(parameter=owned, value=[z for z in owned.value if z != "central_urban"])
    run = ImpactRun.objects.create(rule_set=draft, requested_by=admin)
    started = time.perf_counter()
    run = impact_dry_run(run_id=run.pk)
    elapsed = time.perf_counter() - started
    changed = run.changed_count
    print(f"impact dry run: {run.cases_checked:,} open cases, {changed:,} would change verdict, {elapsed:.2f} s")
    return elapsed


def accounts():
    tag = RUN.lower()
    applicant = user_create(username=f"bench-applicant-{tag}", password="Bench-2026-hukou")
    supervisor = user_create(username=f"bench-sup-{tag}", password="Bench-2026-hukou", role="supervisor", city="qujing")
    return applicant, supervisor


def main():
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database {DB_NAME}: migrated in {time.perf_counter() - started:.0f} s", flush=True)
    applicant, supervisor = accounts()
    rule_set = RuleSet.objects.get(city="qujing", version=1)
    print(f"cases in the database before the run: {Case.objects.count():,}", flush=True)
    print(f"cpu_yardstick_s: {cpu_yardstick_s():.2f}", flush=True)
    first, second = batch_cases(supervisor, rule_set)
    workers = start_workers()
    try:
        elapsed = run_batch(supervisor, first)
        rss_first = worker_rss_mb(workers)
        print(f"batch review: {len(first):,} cases, {WORKERS} workers, {elapsed:.1f} s", flush=True)
        print(f"batch_cases_per_s: {len(first) / elapsed:.1f}", flush=True)
        print(f"(workers' memory after {len(first):,} cases: {rss_first:.0f} MB)", flush=True)
        seconds = bench_impact(applicant, rule_set, supervisor)
        print(f"impact_dry_run_s: {seconds:.2f}", flush=True)
        rss_second = rss_first
        if second:
            more = run_batch(supervisor, second)
            rss_second = worker_rss_mb(workers)
            print(f"batch review: {len(second):,} cases, {WORKERS} workers, {more:.1f} s", flush=True)
            print(f"batch_cases_per_s ({len(second):,}): {len(second) / more:.1f}", flush=True)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    print(f"celery_worker_rss_mb: {rss_second:.0f}")
    print(f"(after {len(second):,} more cases; {rss_first:.0f} MB after the first {len(first):,})")
    print(f"(load average at the end: {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
