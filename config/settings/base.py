"""Settings shared by every environment. Everything that differs comes from the environment."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("WUYE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "wuye.core",
    "wuye.accounts",
    "wuye.estate",
    "wuye.servicedesk",
    "wuye.notifications",
    "wuye.reports",
    "wuye.billing",
    "wuye.parking",
    "wuye.keys",
    "wuye.handover",
    "wuye.occupancy",
    "wuye.census",
    "wuye.renovation",
    "wuye.frontdesk",
    "wuye.notices",
    "wuye.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wuye.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wuye.core.middleware.ConsoleLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked console login into its 429 page
]

# Failed logins (wuye/accounts/login_guard.py): 5 per username, 30 per client address (a desk's
# staff share one), then 15 minutes to wait after the last failure; counted in the database,
# shared by every worker.
AUTHENTICATION_BACKENDS = [
    "wuye.accounts.login_guard.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("WUYE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("WUYE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
WUYE_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("WUYE_LOGIN_IP_FAILURE_LIMIT", "30"))
# axes.W006 asks for the address among axes' own lockout parameters; the address has its own,
# higher limit in wuye.accounts.login_guard instead (a desk's staff share one address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wuye.accounts.login_guard.lockout_response"
AXES_VERBOSE = False
# API tokens end after this long without use, and this long in all (wuye/accounts/tokens.py).
WUYE_TOKEN_IDLE = dt.timedelta(hours=int(os.environ.get("WUYE_TOKEN_IDLE_HOURS", "12")))
WUYE_TOKEN_MAX_AGE = dt.timedelta(days=int(os.environ.get("WUYE_TOKEN_MAX_AGE_DAYS", "7")))

# Content-Security-Policy of every HTML page (wuye.core.middleware): scripts and styles only from
# our own files, no inline <script>, no on…= handlers, no style= attributes
# (wuye/core/tests/test_csp.py finds any in templates/). The one exception is the error pages'
# own <style> (templates/error_layout.html renders without static files), allowed by its hash;
# test_csp.py says the new hash when that block changes. Empty: no header.
WUYE_CONTENT_SECURITY_POLICY = os.environ.get(
    "WUYE_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'sha256-wgsRc2Uq+m/SZ9wTiYNaq78DjXpFM98JEGGp4/tt8No='; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
)

# Anyone may read the API schema and Swagger UI (/api/schema/, /api/docs/); production turns this
# off so only logged-in users do (wuye/core/api/docs.py).
WUYE_PUBLIC_API_DOCS = env_bool("WUYE_PUBLIC_API_DOCS", True)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wuye.core.context_processors.console",
            ],
        },
    },
]

# Labels of required fields carry class="required" in every form (a red * in console.css).
FORM_RENDERER = "wuye.core.form_rendering.ConsoleFormRenderer"

# SQLite under var/ is the embedded default; DATABASE_URL points elsewhere (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wuye.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT spent 1.2 s compiling a 0.4 s report query (bench/servicedesk.py): off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing with "database is locked": every
    # transaction takes the write lock when it begins (IMMEDIATE; a deferred one that read first
    # cannot wait, SQLite refuses it at once), waits up to 20 s for it (busy timeout), and readers
    # are not blocked by a writer (WAL). Test: wuye/core/tests/test_sqlite_concurrency.py.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The console is Chinese unless the user picked English with the language switch (the cookie);
# the browser's Accept-Language is ignored (wuye.core.middleware). The choice outlives the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wuye.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "wuye.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "wuye.core.api.schema.WuyeAutoSchema",
    "EXCEPTION_HANDLER": "wuye.core.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [  # issue 10: a JSON body nested too deeply is a 400, not a 500
        "wuye.core.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Wuye API",
    "DESCRIPTION": "物业服务管理系统 API. Token auth: POST /api/v1/auth/token/, then `Authorization: Token <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OccupancyStatusEnum": "wuye.estate.choices.OccupancyStatus",
        "ProjectKindEnum": "wuye.estate.choices.ProjectKind",
        "PublicAreaKindEnum": "wuye.estate.choices.PublicAreaKind",
        "UnitUseEnum": "wuye.estate.choices.UnitUse",
        "IdTypeEnum": "wuye.estate.choices.IdType",
        "StatusChangeSourceEnum": "wuye.estate.choices.StatusChangeSource",
        "UserKindEnum": "wuye.accounts.choices.UserKind",
        "RoleEnum": "wuye.accounts.choices.Role",
        "CalendarDayKindEnum": "wuye.core.models.CalendarDay.Kind",
        "RosterImportResultEnum": "wuye.estate.models.RosterImport.Result",
        "RenovationDepartmentEnum": "wuye.renovation.choices.Department",
        "DepartmentEnum": "wuye.servicedesk.choices.Department",
        "ViolationSeverityEnum": "wuye.renovation.choices.Severity",
        "PermitKindEnum": "wuye.renovation.choices.PermitKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# One cache every process shares (the working-day calendar keeps the company table there, see
# wuye/core/workdays.py): Redis when REDIS_URL or CACHE_URL is set, otherwise a database table
# (`wuye_cache`, created by `migrate` through wuye/core/migrations/0003_cache_table.py).
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wuye_cache"}}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Delivery channels for notifications besides the in-app outbox (see wuye/notifications/services.py).
WUYE_NOTIFICATION_CHANNELS = ["wuye.notifications.services.EmailChannel"]

# Celery runs the periodic work (sweeps, digests, deliveries) in a scaled deployment; every task is
# a thin wrapper around idempotent service code that is also a management command.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    "servicedesk-sweep": {"task": "wuye.servicedesk.tasks.servicedesk_sweep", "schedule": 60.0},
    "notifications-deliver": {"task": "wuye.notifications.tasks.deliver_notifications", "schedule": 60.0},
    "census-sweep": {"task": "wuye.census.tasks.census_sweep", "schedule": 3600.0},
    "keys-overdue": {"task": "wuye.keys.tasks.keys_overdue", "schedule": 900.0},
    "notices-retire": {"task": "wuye.notices.tasks.notices_retire", "schedule": 3600.0},
    "release-passes-expire": {"task": "wuye.frontdesk.tasks.release_passes_expire", "schedule": 900.0},
    "renovation-refundable": {"task": "wuye.renovation.tasks.renovation_refundable", "schedule": 3600.0},
    "renovation-patrol-gaps": {
        "task": "wuye.renovation.tasks.renovation_patrol_gaps",
        "schedule": 3600.0,
    },
}

# --- Issue 10: plausible input -----------------------------------------------------------------
# Dates typed into services (payments, event times, charge periods, ownerships, leases) must lie
# within this many years before / after today (wuye/core/validators.py: check_plausible_date).
WUYE_PLAUSIBLE_YEARS_BACK = int(os.environ.get("WUYE_PLAUSIBLE_YEARS_BACK", "30"))
WUYE_PLAUSIBLE_YEARS_AHEAD = int(os.environ.get("WUYE_PLAUSIBLE_YEARS_AHEAD", "10"))
# At most this many units per "generate units" call (wuye/estate/services/places.py).
WUYE_GENERATE_UNITS_MAX = int(os.environ.get("WUYE_GENERATE_UNITS_MAX", "5000"))
# A view that fails the CSRF check says the page expired instead of "no permission".
CSRF_FAILURE_VIEW = "wuye.core.views.csrf_failure"
# --- end issue 10 ------------------------------------------------------------------------------
