"""Settings for the test suite: the machine's real PostgreSQL and Redis unless overridden."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hukou_portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

from .settings import *  # noqa: E402,F403

# Tests decide per test whether Celery runs eagerly or through a real worker.
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test users only
SMS_BACKEND = "notices.sms.LocmemBackend"  # tests read notices.sms.outbox, like django.core.mail.outbox
NOTICE_RETRY_SECONDS = 0.05
