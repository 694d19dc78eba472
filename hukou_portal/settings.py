"""Settings, all from the environment (see the configuration table in README.md).

``DJANGO_ENV=production`` switches on the production shape: a required ``SECRET_KEY``, HTTPS-only
cookies, HSTS and the rest of ``manage.py check --deploy``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]  # no default in production, on purpose
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hukou_portal.apps.PortalAdminConfig",  # django.contrib.admin with a second factor required
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "common",
    "notices",
    "accounts",
    "simple_history",  # the register's old values, who and why (registers/history.py)
    "registers",
    "activity",  # one log of every case's and permit's steps (activity.services.record_event)
    "eligibility",
    "applications",
    "residence_permits",
    "hukou_portal.apps.PortalConfig",  # the composition root: wires what crosses the apps
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "notices.middleware.RequestBaseUrlMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "common.middleware.StaffSessionMiddleware",  # staff: no-store pages, an idle timeout
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # a register change in a request: who
    "common.middleware.DomainErrorMiddleware",  # a domain error that escapes a view is a page, not a 500
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lockout into its response
]

ROOT_URLCONF = "hukou_portal.urls"
WSGI_APPLICATION = "hukou_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notices.context_processors.unread",
            ],
            "builtins": ["common.error_summary"],  # {% error_summary form %} on every form page
        },
    },
]


def database(url: str) -> dict:
    """One database from its URL; on PostgreSQL no statement runs, and no lock is waited for, longer
    than the limits (milliseconds; 0 is no limit): a stuck query ends with an error the request can
    answer, before gunicorn kills the worker."""
    db = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")), conn_health_checks=True)
    if db["ENGINE"] == "django.db.backends.postgresql":
        # Behind PgBouncer in transaction mode a cursor may not outlive its transaction.
        db["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
        db.setdefault("OPTIONS", {})["options"] = " ".join(
            [
                f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '20000'))}",
                f"-c lock_timeout={int(os.environ.get('DB_LOCK_TIMEOUT_MS', '10000'))}",
            ]
        )
    return db


DATABASES = {"default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A streaming replica of it (optional): the queues, the statistics and the exports read from it,
# everything else uses the primary (common/replica.py). In tests it is the same test
# database seen through the standby, so Django does not create it (a test mirror).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_READS = bool(DATABASE_REPLICA_URL) and env_bool("DATABASE_REPLICA_READS", True)
# Seconds a browser reads from the primary after it wrote: longer than the replica's lag.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "15"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that cannot be reached is given up quickly; the page then reads the primary.
        DATABASES["replica"]["OPTIONS"]["connect_timeout"] = int(os.environ.get("DB_REPLICA_CONNECT_TIMEOUT", "2"))
    DATABASE_ROUTERS = ["common.replica.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "common.replica.ReplicaPinningMiddleware",
    )
# Where a clerk or applicant waits for a case (common/db.py): how long for a row another holds.
ROW_LOCK_WAIT_MS = int(os.environ.get("ROW_LOCK_WAIT_MS", "3000"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.UsernameEmailOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # English catalogue; the source strings are zh-hans (`make messages`)
FORMAT_MODULE_PATH = ["hukou_portal.formats"]  # zh-hans: 2026年11月22日 and 12,345
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected for production only; in development WhiteNoise serves straight from the finders.
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents live outside the web root and are served only through permission checks.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Closed cases' document files are deleted this many days after the case was closed (the
# decision, the certificate and the documents' records stay); 0 or less keeps them for ever.
DOCUMENT_RETENTION_DAYS = int(os.environ.get("DOCUMENT_RETENTION_DAYS", str(3 * 365)))

# --- Celery -------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # embedded default: tasks run in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
# Longer than the longest task, so an unacknowledged task is not handed out twice while it runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
# Tasks sent from anywhere, workers included, go to this queue; workers consume it (-Q).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_BROKER_CONNECTION_TIMEOUT = 3  # a submission waits at most this long for a broker that is down
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# The beat jobs. Each finds its work with a database query, so nothing depends on the broker
# having kept a message.
CELERY_BEAT_SCHEDULE = {
    "prescreen-sweep": {"task": "applications.tasks.prescreen_sweep", "schedule": 120.0},
    "batches-resume": {"task": "applications.tasks.batches_resume", "schedule": 60.0},
    "deadlines": {"task": "applications.tasks.deadlines_sweep", "schedule": 300.0},
    # Notices still pending (the broker was down, a worker died, a retry is due).
    "notices-sweep": {"task": "notices.tasks.notices_sweep", "schedule": 60.0},
    "statistics-nightly": {
        "task": "applications.tasks.statistics_snapshot_all",
        "schedule": crontab(hour=1, minute=30),
    },
    # Residence permits whose endorsement window has opened: one reminder per holder and term.
    "residence-permit-endorsement-reminders": {
        "task": "residence_permits.tasks.send_endorsement_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Files of documents of cases closed longer ago than DOCUMENT_RETENTION_DAYS.
    "documents-retention": {
        "task": "applications.tasks.documents_retention_sweep",
        "schedule": crontab(hour=3, minute=15),
    },
}

# --- Caches -------------------------------------------------------------------------------
CACHES = {
    "default": (
        {
            "BACKEND": "common.cache.RedisCache",  # Django's, one client per pool (common/cache.py)
            "LOCATION": REDIS_URL,
            # A Redis that is down or unreachable is noticed within a second, not a request's lifetime
            # (the throttles then count in memory: common/throttle.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- REST framework -----------------------------------------------------------------------
# django-filter's empty choice in the queue's selects: a word, not "---------" (and not "Any" in Chinese)
FILTERS_EMPTY_CHOICE_LABEL = _("全部")

REST_FRAMEWORK = {
    # drf-spectacular's, with the error answers every endpoint can give (hukou_portal/schema.py).
    "DEFAULT_SCHEMA_CLASS": "hukou_portal.schema.PortalAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Tokens only for accounts without a second factor: see accounts/authentication.py.
        "accounts.authentication.SecondFactorAwareTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON the portal can hold (no stack-deep nesting, lone surrogates or infinite numbers), and
    # the domain error as 409 wherever it comes from: common/api.py.
    "DEFAULT_PARSER_CLASSES": [
        "common.api.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "eligibility": os.environ.get("ELIGIBILITY_THROTTLE_RATE", "120/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "户籍迁移落户服务平台 API",
    "DESCRIPTION": "Hukou settlement and transfer portal: Qujing, Lincang, Dehong, Chenzhou, Jilin.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name per choice set that several serializers share.
    "ENUM_NAME_OVERRIDES": {
        "CityEnum": "registers.constants.City",
        "HukouCityEnum": "eligibility.facts.HUKOU_CITY_CHOICES",
        "ZoneEnum": "registers.constants.Zone",
        "PathwayEnum": "eligibility.constants.Pathway",
        "KinRelationEnum": "eligibility.constants.KinRelation",
        "DocumentKindEnum": "eligibility.constants.DocumentKind",
        "CaseKindEnum": "applications.constants.CaseKind",
        "HukouKindEnum": "eligibility.constants.HUKOU_KINDS",
        "CaseStatusEnum": "applications.constants.CaseStatus",
        "ConsentStatusEnum": "applications.constants.ConsentStatus",
        "ConsentRoleEnum": "applications.constants.ConsentRole",
        "ConsentMethodEnum": "applications.constants.ConsentMethod",
        "DocumentCheckEnum": "applications.constants.DocumentCheck",
        "ActingAsEnum": "applications.constants.ActingAs",
    },
}

# --- Security -----------------------------------------------------------------------------
# The reverse proxies in front of the portal (addresses or networks): only a request from one of
# them may say, in X-Forwarded-For, who the client is (common/client_address.py). Empty: the peer's
# address is the client's, and the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
SESSION_COOKIE_HTTPONLY = True
# A staff session ends after this many minutes without a request (common/middleware.py);
# applicants keep Django's two weeks.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))
# The language choice: not for scripts, not sent from other sites, HTTPS-only in production.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Second factor (django-otp): staff always, applicants when they turn it on. See accounts/views.py.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "户籍迁移落户服务平台")
# Seconds between a correct password and the code (or the end of the authenticator set-up).
SIGN_IN_CODE_TIMEOUT = int(os.environ.get("SIGN_IN_CODE_TIMEOUT", "600"))
# Hours an enrolment code (what staff need, besides their password, to set up an authenticator) is good for.
ENROLMENT_CODE_HOURS = int(os.environ.get("ENROLMENT_CODE_HOURS", "72"))

# Failed sign-ins (django-axes): after AXES_FAILURE_LIMIT failures for one account (its username,
# e-mail address and mobile number are one) from one address, that account is refused from that
# address for the cool-off time. Locking the account everywhere
# would let anyone lock a clerk out; locking the address alone would lock out a whole office behind
# one NAT. The address is the client's as the trusted proxies tell it (common/client_address.py), as
# for the public lookup's throttle and the access log.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.security.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.client_address.client_ip"

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. The QR code of the
# second-factor set-up is inline SVG markup, not an image, so it needs no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
    }
}

# Links in e-mails sent outside a request (verification, reminders) start with this.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Online real-name verification of applicants (accounts/identity.py). Production has none until a
# service is configured: applicants then verify at a station's counter.
IDENTITY_BACKEND = os.environ.get(
    "IDENTITY_BACKEND",
    "accounts.identity.UnconfiguredBackend" if PRODUCTION else "accounts.identity.RegisterDemoBackend",
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@hukou.example.cn")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes", "on")
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "").lower() in ("1", "true", "yes", "on")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))  # the file backend's folder

# --- Notices (notices/) -------------------------------------------------------------------
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notices.sms.ConsoleBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms.log"))
SMS_TIMEOUT = int(os.environ.get("SMS_TIMEOUT", "10"))
SMS_ALIYUN_ENDPOINT = os.environ.get("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_ALIYUN_SIGN_NAME = os.environ.get("SMS_ALIYUN_SIGN_NAME", "")
SMS_ALIYUN_TEMPLATE_CODE = os.environ.get("SMS_ALIYUN_TEMPLATE_CODE", "")
NOTICE_MAX_ATTEMPTS = int(os.environ.get("NOTICE_MAX_ATTEMPTS", "5"))
NOTICE_RETRY_SECONDS = float(os.environ.get("NOTICE_RETRY_SECONDS", "60"))  # doubled after each failure
NOTICE_CLAIM_SECONDS = int(os.environ.get("NOTICE_CLAIM_SECONDS", "300"))  # a worker's hold on a notice it sends

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
