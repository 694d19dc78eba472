"""Settings for the benchmarks' gunicorn only (bench/scale.py, bench/lookup.py): the portal's own,
run as in production (DEBUG off, cached templates), with a bare view to compare with, a header
that counts each request's SQL queries, and the public throttles' allowances raised — each request
still counts in the shared cache as a real one does, it is just never refused."""

from hukou_portal.settings import *  # noqa: F403
from hukou_portal.settings import MIDDLEWARE, REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The load generator says which client each request stands for (X-Forwarded-For), as a proxy does.
TRUSTED_PROXIES = ["127.0.0.1/32"]
MIDDLEWARE = ["bench.middleware.query_count", *MIDDLEWARE]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}), "eligibility": "1000000/min"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
