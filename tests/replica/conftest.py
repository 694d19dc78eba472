"""The router against a real PostgreSQL streaming standby of the test database.

``standby.sh`` makes (or starts) the machine's cluster ``<version>/standby`` on port 5433 from the
primary with ``pg_basebackup -R``; pytest-django creates ``test_<name>`` on the primary and the
standby replays it, so the ``replica`` alias (a test mirror: settings.py, test_settings.py) reads
the same database. Tests here commit (``transaction=True``): a standby sees only committed data.
"""

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

STANDBY = Path(__file__).with_name("standby.sh")

replica_db = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])


@pytest.fixture(scope="session", autouse=True)
def standby():
    done = subprocess.run(["bash", str(STANDBY)], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        why = (done.stderr.strip() or done.stdout.strip() or f"exit {done.returncode}").splitlines()[-1]
        # Each replica test errors with this line; the rest of the suite still runs.
        pytest.fail(f"The replica tests need a PostgreSQL standby on 127.0.0.1:5433 and have none: {why}", False)


@pytest.fixture
def replica_reads(settings):
    """What production does with DATABASE_REPLICA_URL set: the marked reads go to the replica."""
    settings.DATABASE_REPLICA_READS = True


def replayed(timeout: float = 60) -> None:
    """Wait until the standby has replayed everything the primary has committed so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("select pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the standby did not replay up to {lsn} within {timeout} s")
            time.sleep(0.02)


@contextmanager
def replay_paused():
    """Replication lag on demand: the standby receives WAL but applies none of it until the end."""
    replayed()
    with connections["replica"].cursor() as cursor:
        cursor.execute("select pg_wal_replay_pause()")
        try:
            while True:
                cursor.execute("select pg_get_wal_replay_pause_state()")
                if cursor.fetchone()[0] == "paused":
                    break
                time.sleep(0.01)
            yield
        finally:
            cursor.execute("select pg_wal_replay_resume()")
    replayed()
