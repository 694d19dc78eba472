"""What bench/scale.py and bench/lookup.py share: the portal under gunicorn (2 workers, bench
settings) on a database, timed requests one after another, and throughput from concurrent clients
(processes, so the load generator's own Python is not one GIL)."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8712"))
WORKERS = 2


@contextmanager
def gunicorn(database_url: str, redis_url: str):
    """gunicorn serving the portal with bench/settings.py; yields the server's process."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DB_CONN_MAX_AGE": "600",
    }
    command = [sys.executable, "-m", "gunicorn", "hukou_portal.wsgi:application", "-w", str(WORKERS)]
    command += ["-b", f"{HOST}:{PORT}", "--backlog", "256", "--log-level", "warning", "--timeout", "120"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if request("GET", "/bench/bare/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def worker_rss_mb(server) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


_connection: http.client.HTTPConnection | None = None


def request(method: str, path: str, *, body: bytes | None = None, headers: dict | None = None):
    """One request on this process's kept-alive connection: (status, headers, body)."""
    global _connection
    for attempt in (1, 2):
        if _connection is None:
            _connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
        try:
            _connection.request(method, path, body=body, headers=headers or {})
            response = _connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (http.client.HTTPException, ConnectionError):
            _connection.close()
            _connection = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def timed(method: str, path: str, count: int, *, warm: int = 10, **kwargs) -> tuple[list[float], dict]:
    """``count`` requests one after another (after ``warm`` untimed): their times in ms, and the
    last response's headers. Every answer must be a 200."""
    for _ in range(warm):
        request(method, path, **kwargs)
    times, headers = [], {}
    for _ in range(count):
        started = time.perf_counter()
        status, headers, body = request(method, path, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{method} {path}: {status} {body[:300]!r}")
    return times, headers


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18]


def p50(times: list[float]) -> float:
    return statistics.median(times)


def _client(make_request, seconds: float, index: int, results) -> None:
    global _connection
    _connection = None
    done, bad, deadline, n = 0, 0, time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        method, path, kwargs = make_request(index, n)
        n += 1
        status = request(method, path, **kwargs)[0]
        done += 1
        bad += status != 200
    results.put((done, bad))


def throughput(make_request, *, clients: int = 8, seconds: float = 10.0) -> tuple[float, int]:
    """Requests per second from ``clients`` concurrent client processes for ``seconds``, each
    request made by ``make_request(client, n) -> (method, path, kwargs)``; and how many were not 200."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_client, args=(make_request, seconds, i, results)) for i in range(clients)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    totals = [results.get(timeout=seconds + 120) for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    return sum(t[0] for t in totals) / elapsed, sum(t[1] for t in totals)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_yardstick_s() -> float:
    """Seconds one core takes for a fixed piece of plain Python (ten million additions, the best
    of three): the machine's speed, printed with the figures so runs on different machines can be
    compared."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best
