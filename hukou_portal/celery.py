"""The Celery app.

With ``REDIS_URL`` unset, tasks run eagerly in the calling process (the embedded default of
``make run``); with it set, Redis is the broker and workers run them (settings.py decides).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hukou_portal.settings")

app = Celery("hukou_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
