"""Suite-wide set-up: the real PostgreSQL and Redis must be there; say so plainly if not."""

import psycopg2
import pytest
import redis
from django.conf import settings


def pytest_sessionstart(session):
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit(f"The tests run on PostgreSQL; DATABASE_URL points at {db['ENGINE']}.", returncode=3)
    try:
        psycopg2.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"],
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as error:
        pytest.exit(
            f"PostgreSQL is not reachable at {db['HOST']}:{db['PORT']} ({str(error).strip().splitlines()[0]}). "
            "Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            returncode=3,
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.exit(
            f"Redis is not reachable at {settings.REDIS_URL} ({error}). "
            'Start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
            returncode=3,
        )


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's ``admin_client``, past the second factor the admin asks for (django-otp) too."""
    from tests.factories import sign_in_verified

    return sign_in_verified(client, admin_user)
