"""Without DATABASE_REPLICA_URL the portal has one database and no router, as ``make run`` has."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHAPE = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([sorted(s.DATABASES), s.DATABASE_ROUTERS, s.DATABASE_REPLICA_READS, "
    "'common.replica.ReplicaPinningMiddleware' in s.MIDDLEWARE, "
    "s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR')]))"
)


def settings_shape(**env) -> list:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "-c", SHAPE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "hukou_portal.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_a_replica_there_is_one_database_and_no_router():
    assert settings_shape() == [["default"], [], False, False, None]


def test_with_a_replica_it_is_a_test_mirror_behind_the_router():
    shape = settings_shape(
        DATABASE_URL="postgres://hukou@db:5432/hukou", DATABASE_REPLICA_URL="postgres://hukou@replica:5432/hukou"
    )
    assert shape == [["default", "replica"], ["common.replica.PrimaryReplicaRouter"], True, True, "default"]
    off = settings_shape(
        DATABASE_URL="postgres://hukou@db/hukou",
        DATABASE_REPLICA_URL="postgres://hukou@replica/hukou",
        DATABASE_REPLICA_READS="off",
    )
    assert off[2] is False
