"""Maillage settings, read from the environment.

Production is the default: DEBUG is off and HTTPS-only cookies and headers are on unless the
environment asks otherwise. `make run` sets MAILLAGE_DEBUG=1 for the local demo.
"""

import os
import shlex
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MAILLAGE_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("MAILLAGE_DEBUG")
# Demo accounts, known passwords and printable second-factor codes exist only in demo mode.
DEMO_MODE = env_bool("MAILLAGE_DEMO")
# HTTPS-only settings are on unless explicitly turned off (local demo and tests over http).
HTTPS = env_bool("MAILLAGE_HTTPS", default=not DEBUG)

SECRET_KEY = os.environ.get("MAILLAGE_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE):
        raise ImproperlyConfigured("MAILLAGE_SECRET_KEY must be set outside debug and demo mode.")
    SECRET_KEY = "insecure-local-only-key-never-used-in-production-5f1c9a7e2b8d4c6a0e3f"  # noqa: S105

# Key of the audit trail's hash chain (HMAC). Kept apart from the database so that someone
# who can write the audit table cannot recompute a consistent chain.
AUDIT_CHAIN_KEY = os.environ.get("MAILLAGE_AUDIT_KEY", "") or SECRET_KEY

ALLOWED_HOSTS = env_list("MAILLAGE_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("MAILLAGE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "maillage.audit",
    "maillage.directory",
    "maillage.cases",
    "maillage.sharing",
    "maillage.interpreters",
    "maillage.accounts",
    "maillage.policy",
    "maillage.core",
    "maillage.web",
    "maillage.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "maillage.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "maillage.accounts.middleware.AccessGateMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "maillage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.accounts.context_processors.acting_agency",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}",
        conn_max_age=int(os.environ.get("MAILLAGE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Several writers (web + task worker) share one file: wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Shared by every application server without another service: used for rate limits and
# for marking second-factor codes as used (a code must not work twice, on any server).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "maillage_cache",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts: email login, no self sign-up, second factor -------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "maillage.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# allauth's own rate limits stay above axes' lockout (5 failures), so that axes' lockout page,
# which says how long the account is locked, is what a user sees first.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,10/15m/key"}
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Maillage"
# Accept the code of the previous and next 30-second period: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Lockout: 5 failures for the same account from the same address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "maillage.accounts.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions: expire after 30 minutes without activity, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("MAILLAGE_SESSION_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "maillage.web.views.csrf_failure"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Security headers --------------------------------------------------------------------
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("MAILLAGE_BEHIND_PROXY") else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # allauth shows the TOTP QR code as a data: image.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation: French first, English second ----------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploaded documents: outside the web root, served only through the policy layer ----
DOCUMENTS_ROOT = Path(os.environ.get("MAILLAGE_DOCUMENTS_DIR", VAR_DIR / "documents"))
DOCUMENT_MAX_BYTES = int(os.environ.get("MAILLAGE_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Optional virus scan: a command given the file's path as its last argument; exit 0 means clean.
VIRUS_SCAN_COMMAND = shlex.split(os.environ.get("MAILLAGE_VIRUS_SCAN_COMMAND", ""))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Email -------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "MAILLAGE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("MAILLAGE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("MAILLAGE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("MAILLAGE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MAILLAGE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MAILLAGE_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("MAILLAGE_FROM_EMAIL", "maillage@localhost")

# --- Background tasks --------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "maillage.accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["maillage.accounts.api_auth.IsVerifiedMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "maillage.web.api_errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": ["maillage.web.api_parsers.SafeJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Maillage API",
    "DESCRIPTION": "Multi-agency coordination against domestic violence. Every call acts for one agency "
    "and is decided by the same policy layer as the web pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The situation API uses one field name for several choice sets (the status of a situation and
    # of a task…) and several names for one (status, from_status, to_status): name each set once.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "maillage.cases.models.CaseStatus",
        "ClosureReasonEnum": "maillage.cases.models.ClosureReason",
        "ClosureRequestStatusEnum": "maillage.cases.models.ClosureRequest.Status",
        "CompartmentEnum": "maillage.policy.compartments.Compartment",
        "IntakeChannelEnum": "maillage.cases.models.IntakeChannel",
        "MatchAlertStatusEnum": "maillage.cases.models.MatchAlert.Status",
        "NeedKindEnum": "maillage.cases.models.NeedKind",
        "NeedStatusEnum": "maillage.cases.models.NeedStatus",
        "ParticipationRoleEnum": "maillage.cases.models.Participation.Role",
        "PersonRoleEnum": "maillage.cases.models.PersonRole",
        "TaskStatusEnum": "maillage.cases.models.TaskStatus",
        "TransferStatusEnum": "maillage.cases.models.Transfer.Status",
        "ViolenceFormEnum": "maillage.cases.models.ViolenceForm",
    },
}

# --- Logging: never personal data; request id on every line ------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "maillage.core.context.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("MAILLAGE_LOG_LEVEL", "INFO")},
    "loggers": {
        # The default request logger prints URLs and exception values, which can carry personal data.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
