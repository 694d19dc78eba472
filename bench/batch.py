"""Benchmark of the batch queues (`make bench-batch`), on the machine's PostgreSQL and Redis.

1. A batch review of 10,000 likely-eligible, complete cases worked by two Celery worker
   processes: cases decided per second (each one re-checked, approved, the register moved and
   a certificate issued, one transaction per case).
2. An impact dry run of a draft rule set over 100,000 open cases: seconds, in-process.

It builds its own database (``hukou_bench``, dropped and made again) and its own queue.
"""

import datetime
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
DB_NAME = "hukou_bench"
os.environ.update(
    DATABASE_URL=f"{PG}/{DB_NAME}",
    REDIS_URL=REDIS_URL,
    DJANGO_SETTINGS_MODULE="hukou_portal.settings",
    DB_CONN_MAX_AGE="0",
)
BATCH_CASES = int(os.environ.get("BENCH_BATCH_CASES", "10000"))
IMPACT_CASES = int(os.environ.get("BENCH_IMPACT_CASES", "100000"))
WORKERS = 2
QUEUE = f"bench-{uuid.uuid4().hex[:6]}"
os.environ["CELERY_QUEUE"] = QUEUE  # this process and the workers alike


def fresh_database():
    import psycopg2

    admin = psycopg2.connect(f"{PG}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    admin.close()


fresh_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from accounts.services import user_create  # noqa: E402
from applications.constants import BatchStatus, CaseStatus, Prescreen  # noqa: E402
from applications.models import Batch, Case, Document, ImpactRun  # noqa: E402
from applications.services.batches import batch_start  # noqa: E402
from applications.services.impact import impact_dry_run  # noqa: E402
from eligibility.models import RuleSet  # noqa: E402
from eligibility.services import parameter_update, rule_set_copy_as_draft  # noqa: E402
from hukou_portal.celery import app as celery_app  # noqa: E402
from registers.constants import HouseholdKind, JoinReason, Relation  # noqa: E402
from registers.models import Address, Household, Membership, Person, PoliceStation, Region  # noqa: E402

TODAY = timezone.localdate()


def id_number(n: int) -> str:
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=n % 15000)
    body = f"530302{birth:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def stations(count: int) -> list[Address]:
    region = Region.objects.get(code="530302")
    addresses = []
    for i in range(count):
        station = PoliceStation.objects.create(code=f"5303029{i:02d}", name=f"麒麟区基准{i}派出所", region=region)
        addresses.append(
            Address.objects.create(
                region=region, station=station, zone="central_urban", locality="南宁街道", detail=f"基准路{i}号"
            )
        )
    return addresses


def ready_cases(n: int, destinations: list[Address], origins: list[Address], applicant, rule_set) -> None:
    """n people, each head of a household elsewhere, each with a likely-eligible, complete case."""
    persons = Person.objects.bulk_create(
        Person(id_number=id_number(i), name=f"测试{i}", sex="male", birth_date=datetime.date(1990, 1, 1))
        for i in range(n)
    )
    households = Household.objects.bulk_create(
        Household(
            register_number=f"B{i:010d}",
            kind=HouseholdKind.FAMILY,
            address=origins[i % len(origins)],
            station=origins[i % len(origins)].station,
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
    cases = Case.objects.bulk_create(
        _case(i, p, destinations[i % len(destinations)], applicant, rule_set, now, {"housing": {"kind": "owned"}})
        for i, p in enumerate(persons)
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
            uploaded_by=applicant,
        )
        for case in cases
        for kind in ("id_card", "household_booklet", "property_certificate")
    )


def _case(i, person, address, applicant, rule_set, now, applicant_facts, prefix="QJ-B"):
    return Case(
        reference=f"{prefix}{i:08d}",
        kind="settlement",
        pathway="residence",
        status=CaseStatus.SUBMITTED,
        applicant=applicant,
        id_number=person.id_number if person else id_number(i),
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
        prescreen=Prescreen.LIKELY_ELIGIBLE,
        eligible=True,
        due_date=TODAY + datetime.timedelta(days=10),
    )


def start_workers():
    env = {**os.environ}
    command = [sys.executable, "-m", "celery", "-A", "hukou_portal", "worker", "-c", "1"]
    command += ["--without-mingle", "--without-gossip", "--loglevel", "WARNING"]
    return [
        subprocess.Popen(
            [*command, "-n", f"bench{i}-{QUEUE}@localhost"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(WORKERS)
    ]


def bench_batch(applicant, supervisor, rule_set) -> float:
    destinations = stations(5)
    origins = [
        Address.objects.create(
            region=a.region, station=a.station, zone="county_town", locality="城关镇", detail=f"原址{i}号"
        )
        for i, a in enumerate(destinations)
    ]
    ready_cases(BATCH_CASES, destinations, origins, applicant, rule_set)
    workers = start_workers()
    try:
        names = [f"bench{i}-{QUEUE}@localhost" for i in range(WORKERS)]
        deadline = time.monotonic() + 60
        while len(celery_app.control.ping(destination=names, timeout=1)) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.5)
        started = time.perf_counter()
        batch = batch_start(starter=supervisor)
        while Batch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).exists():
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    approved = Case.objects.filter(status=CaseStatus.COMPLETED).count()
    assert approved == BATCH_CASES, f"{approved} of {BATCH_CASES} approved"
    print(f"batch review: {BATCH_CASES:,} cases, {WORKERS} workers, {elapsed:.1f} s")
    return BATCH_CASES / elapsed


def bench_impact(applicant, rule_set, admin) -> float:
    rng = random.Random(2026)
    address = Address.objects.filter(zone="central_urban").first()
    now = timezone.now()
    kinds = [
        {"housing": {"kind": "owned"}},
        {"housing": {"kind": "rented", "lease_since": "2024-03-01"}},
        {"housing": {"kind": "none"}, "employment": {"stable": True}},
        {"housing": {"kind": "none"}},
    ]
    for start in range(0, IMPACT_CASES, 10_000):
        Case.objects.bulk_create(
            _case(i, None, address, applicant, rule_set, now, rng.choice(kinds), prefix="QJ-I")
            for i in range(start, min(start + 10_000, IMPACT_CASES))
        )
    draft = rule_set_copy_as_draft(rule_set=rule_set)
    owned = draft.parameters.get(key="residence.owned_zones")
    parameter_update(parameter=owned, value=[z for z in owned.value if z != "central_urban"])
    run = ImpactRun.objects.create(rule_set=draft, requested_by=admin)
    started = time.perf_counter()
    run = impact_dry_run(run_id=run.pk)
    elapsed = time.perf_counter() - started
    print(
        f"impact dry run: {run.cases_checked:,} open cases, {run.changed_count:,} would change verdict, {elapsed:.2f} s"
    )
    return elapsed


def main():
    call_command("migrate", verbosity=0)
    applicant = user_create(username="bench-applicant", password="Bench-2026-hukou")
    supervisor = user_create(username="bench-sup", password="Bench-2026-hukou", role="supervisor", city="qujing")
    rule_set = RuleSet.objects.get(city="qujing", version=1)
    rate = bench_batch(applicant, supervisor, rule_set)
    Case.objects.filter(status=CaseStatus.SUBMITTED).delete()
    seconds = bench_impact(applicant, rule_set, supervisor)
    print(f"batch_cases_per_s: {rate:.1f}")
    print(f"impact_dry_run_s: {seconds:.2f}")


if __name__ == "__main__":
    main()
