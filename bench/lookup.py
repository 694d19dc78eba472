"""The public pages against a bare Django view (``make bench-lookup``), on the same gunicorn (two
workers, bench/settings.py) over the 1M-case database, 8 concurrent clients for 15 s each:

- ``/bench/bare/``: a view that returns "ok" through the portal's whole middleware stack;
- the status lookup (``POST /status/``: a reference and its right six digits, each request from
  another client address, as many people behind a proxy: the throttles count every one in Redis
  but never refuse — bench/settings.py raises nothing here, the addresses differ);
- the eligibility API (``POST /api/v1/eligibility/evaluate``, a city's real facts).

Prints requests per second, the ratios to the bare view, and each page's queries (X-Queries)."""

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, scale_db  # noqa: E402
from bench.scale import REDIS_URL, setup_django  # noqa: E402

SECONDS = float(os.environ.get("BENCH_LOOKUP_SECONDS", "15"))
CLIENTS = 8


def lookups(count: int = 2000) -> list[tuple[str, str]]:
    """(reference, last six) of cases spread over the database, with two to five steps each."""
    from applications.models import Case

    step = max(1, Case.objects.count() // count)
    rows = Case.objects.filter(id__gt=10_000_000, id__lt=10_000_000 + step * count)
    rows = rows.extra(where=[f"(id - 10000000) %% {step} = 0"]).values_list("reference", "id_number")
    return [(reference, number[-6:]) for reference, number in rows]


def throttle_counts_cleared() -> int:
    """No throttle counts left from an earlier run: one within the ten minutes of a window would
    find its clients' addresses counted already, and be refused."""
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match="*throttle:*", count=1000))
    return client.delete(*keys) if keys else 0


def csrf() -> tuple[str, str]:
    status, headers, body = load.request("GET", "/status/")
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    return cookie, token


def main():
    scale_db.ensure()
    setup_django()
    from bench.scale_db import _engine_samples

    facts = json.loads(_engine_samples()["qujing"][0])
    cases = lookups()
    throttle_counts_cleared()
    print(f"load average before: {load.load_average()}", flush=True)
    print(f"cpu_yardstick_s: {load.cpu_yardstick_s():.2f}", flush=True)
    with load.gunicorn(scale_db.database_url(), REDIS_URL) as server:
        cookie, token = csrf()
        form = {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}

        def bare(client, n):
            return "GET", "/bench/bare/", {}

        def lookup(client, n):
            reference, digits = cases[(client * 7919 + n) % len(cases)]
            body = urlencode({"reference": reference, "id_last6": digits, "csrfmiddlewaretoken": token}).encode()
            address = f"10.{client}.{n // 250 % 250}.{n % 250 + 1}"
            return "POST", "/status/", {"body": body, "headers": {**form, "X-Forwarded-For": address}}

        body = json.dumps(facts).encode()

        def eligibility(client, n):
            headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.{client}.0.{n % 250 + 1}"}
            return "POST", "/api/v1/eligibility/evaluate", {"body": body, "headers": headers}

        results = {}
        for name, make in (("bare", bare), ("status_lookup", lookup), ("eligibility_api", eligibility)):
            queries = set()
            for n in range(999_990, 1_000_000):  # both workers warmed: a first request prepares the lookup
                method, path, kwargs = make(0, n)
                status, headers, _ = load.request(method, path, **kwargs)
                assert status == 200, (name, status)
                queries.add(int(headers.get("X-Queries", 0)))
            rate, bad = load.throughput(make, clients=CLIENTS, seconds=SECONDS)
            results[name] = rate
            print(f"{name}_rps: {rate:.0f}  (not 200: {bad}; queries each: {min(queries)})", flush=True)
        print(f"status_lookup_vs_bare_ratio: {results['status_lookup'] / results['bare']:.2f}")
        print(f"eligibility_api_vs_bare_ratio: {results['eligibility_api'] / results['bare']:.2f}")
        print(f"gunicorn_worker_rss_mb: {max(load.worker_rss_mb(server)):.0f}")
    print(f"load average after: {load.load_average()}")


if __name__ == "__main__":
    main()
