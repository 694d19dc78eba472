"""Settings for the test suite: the machine's real PostgreSQL and Redis unless overridden."""

import os
from urllib.parse import urlsplit

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hukou_portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# The same database through the local streaming standby (tests/replica/standby.sh makes it). The
# suite reads nothing from it; tests/replica turn DATABASE_REPLICA_READS on.
_primary = urlsplit(os.environ["DATABASE_URL"])
os.environ.setdefault(
    "DATABASE_REPLICA_URL",
    _primary._replace(netloc=_primary.netloc.replace(f":{_primary.port}", "") + ":5433").geturl(),
)
os.environ.setdefault("DATABASE_REPLICA_READS", "off")

from .settings import *  # noqa: E402,F403

# Tests decide per test whether Celery runs eagerly or through a real worker.
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test users only
SMS_BACKEND = "notices.sms.LocmemBackend"  # tests read notices.sms.outbox, like django.core.mail.outbox
NOTICE_RETRY_SECONDS = 0.05
