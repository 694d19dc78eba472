"""The queue at a million cases (``make bench-scale``): the database ``hukou_bench_scale`` (built
by bench/scale_db.py if missing), served by gunicorn with two workers; as the demo clerk of
麒麟区南宁派出所 (about 55,000 cases, 5,600 open) and the demo supervisor of 曲靖 (about 290,000
cases), 200 requests per page one after another, after 10 to warm up. Prints per page
``queue_<name>_p95_ms`` and ``queue_<name>_queries`` (the X-Queries header bench/settings.py adds),
then the worst p95 and the RSS of each gunicorn worker after the load.

Each staff member's session is the one a sign-in with password and code leaves (made directly in
the session table, as the tests' sign_in_verified does, since a code is good once)."""

import html
import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, scale_db  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_SCALE_REQUESTS", "200"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
# The filters as the clerk; with BENCH_SCALE_SUPERVISOR_FILTERS=1 as the supervisor too (twice as long).
EVERY_FILTER_TWICE = os.environ.get("BENCH_SCALE_SUPERVISOR_FILTERS") == "1"


def setup_django():
    os.environ.update(DATABASE_URL=scale_db.database_url(), DJANGO_SETTINGS_MODULE="hukou_portal.settings")
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["DB_STATEMENT_TIMEOUT_MS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the indexes of the code under test
    vacuum_cases()


def vacuum_cases():
    """What autovacuum does on a live database: the cases' visibility map made current, so a count
    or a filter is answered from the index alone (bench/batch.py writes thousands of cases into
    this database; right after it, each page would read the table for rows autovacuum has not
    reached yet)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) applications_case")


def session_cookie(username: str) -> str:
    """A verified staff session (password and code) for the user, as a Cookie header."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from common.middleware import staff_session_start

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.UsernameEmailOrPhoneBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    staff_session_start(session)
    session.set_expiry(24 * 3600)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def follow_next(path: str, cookie: str, times: int, *, api: bool) -> str:
    """The path of the page reached by following "下一页" (or the API's next) ``times`` times."""
    for _ in range(times):
        status, _headers, body = load.request("GET", path, headers={"Cookie": cookie})
        assert status == 200, (path, status)
        if api:
            link = json.loads(body)["next"]
            path = urlsplit(link)._replace(scheme="", netloc="").geturl()
        else:
            found = re.search(r'<a href="(\?[^"]*)" rel="next">', body.decode())
            path = urlsplit(path).path + html.unescape(found.group(1))
    return path


def samples(user):
    """A reference and an identity number the user's queue holds (an open case's)."""
    from applications.selectors import cases_visible_to_staff

    case = cases_visible_to_staff(user).filter(status="in_review").order_by("id")[1234]
    return case.reference, case.id_number


def pages(clerk_cookie: str, supervisor_cookie: str) -> list[tuple[str, str, str]]:
    from accounts.models import User

    clerk_reference, clerk_id = samples(User.objects.get(username="clerk_qujing"))
    queue, api = "/station/queue/", "/api/v1/cases/"
    found = [
        ("clerk_default", clerk_cookie, queue),
        ("clerk_page50", clerk_cookie, follow_next(queue, clerk_cookie, 49, api=False)),
        ("supervisor_default", supervisor_cookie, queue),
        ("supervisor_page50", supervisor_cookie, follow_next(queue, supervisor_cookie, 49, api=False)),
        ("api_clerk", clerk_cookie, api),
        ("api_supervisor", supervisor_cookie, api),
        ("api_clerk_page50", clerk_cookie, follow_next(api, clerk_cookie, 49, api=True)),
    ]
    filters = {
        "kind": "kind=newborn",
        "pathway": "pathway=talent",
        "prescreen": "prescreen=incomplete",
        "completed": "status=completed",
        "submitted": "status=submitted",
        "overdue": "overdue=on",
        "closed": "state=closed",
        "sort_reference": "sort=-reference",
        "search_reference": f"q={clerk_reference}",
        "search_id_number": f"q={clerk_id}",
    }
    staff = [("clerk", clerk_cookie), *([("supervisor", supervisor_cookie)] if EVERY_FILTER_TWICE else [])]
    for who, cookie in staff:
        found += [(f"{who}_{name}", cookie, f"{queue}?{query}") for name, query in filters.items()]
    return found


def main():
    started = time.perf_counter()
    scale_db.ensure()
    setup_django()
    print(f"load average before: {load.load_average()}", flush=True)
    print(f"cpu_yardstick_s: {load.cpu_yardstick_s():.2f}", flush=True)
    clerk, supervisor = session_cookie("clerk_qujing"), session_cookie("supervisor_qujing")
    worst = 0.0
    with load.gunicorn(scale_db.database_url(), REDIS_URL) as server:
        for name, cookie, path in pages(clerk, supervisor):
            times, headers = load.timed("GET", path, REQUESTS, headers={"Cookie": cookie})
            p95 = load.p95(times)
            worst = max(worst, p95)
            print(f"queue_{name}_p50_ms: {load.p50(times):.1f}")
            print(f"queue_{name}_p95_ms: {p95:.1f}")
            print(f"queue_{name}_queries: {headers.get('X-Queries')}", flush=True)
        print(f"queue_worst_p95_ms: {worst:.1f}")
        rss = load.worker_rss_mb(server)
        print(f"gunicorn_worker_rss_mb: {max(rss):.0f}  (each: {', '.join(f'{r:.0f}' for r in rss)})")
    print(f"load average after: {load.load_average()}; {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
