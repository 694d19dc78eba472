"""Real Celery workers against the machine's Redis and the test run's PostgreSQL database.

A worker is a separate process (``celery -A hukou_portal worker``) with the test database in its
DATABASE_URL; tests that use one commit their data (``transaction=True``) so the worker sees it.
Each test run has its own queue, so nothing else on the broker interferes."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from hukou_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
QUEUE = f"test-{uuid.uuid4().hex[:8]}"


def wait_for(predicate, *, timeout: float = 60, every: float = 0.1, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Worker:
    def __init__(self, name: str):
        self.name = f"{name}-{QUEUE}@localhost"
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hukou_portal.settings",
            "DJANGO_ENV": "development",
            "DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": QUEUE,  # what the worker's own tasks send goes to the test's queue too
            "DB_CONN_MAX_AGE": "0",
        }
        command = [sys.executable, "-m", "celery", "-A", "hukou_portal", "worker", "-n", self.name]
        command += ["-c", "1", "--without-mingle", "--without-gossip", "--loglevel", "WARNING"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        try:
            wait_for(self.ready, timeout=60, every=0.5, what=f"worker {self.name} to start")
        except BaseException:
            self.kill()  # never left running after a failed start
            raise

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited with {self.process.returncode}")
        return bool(celery_app.control.ping(destination=[self.name], timeout=0.5))

    def kill(self) -> None:
        """SIGKILL the worker and its pool children: no shutdown, no acknowledgements."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def broker(transactional_db):
    """Tasks go through Redis to real workers (the suite otherwise runs them in-process)."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager, conf.task_default_queue = False, QUEUE
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    conf.task_always_eager, conf.task_default_queue = saved
    client.delete(QUEUE, "unacked", "unacked_index", "unacked_mutex")


@pytest.fixture
def start_worker(broker):
    workers = []

    def start(name: str = "w") -> Worker:
        workers.append(Worker(name))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def broker_down():
    """Point the app at a closed port, as when Redis is down, and back; the pools are dropped
    each time so the next message really goes where the setting says."""
    working = celery_app.conf.broker_url

    def switch(down: bool = True):
        celery_app.conf.broker_url = "redis://127.0.0.1:9/0" if down else working
        celery_app.close()
        celery_app.amqp._producer_pool = None  # the producers (the control pings' too) of the old address

    yield switch
    switch(down=False)
