"""Settings of OT-verkosto, read from the environment (see README.md, "Configuration").

Two modes:
- local development: no configuration at all is needed; DEBUG is on, SQLite file db.sqlite3.
- production: DJANGO_DEBUG=false (or any DJANGO_SECRET_KEY set without DJANGO_DEBUG). The
  process refuses to start without DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, and turns on
  HTTPS-only cookies, HSTS and the SSL redirect so that `manage.py check --deploy` is clean.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from otverkosto.env import envbool, envint, envlist, envstr, secret

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = secret("DJANGO_SECRET_KEY")
# Setting a secret key is what a deployment does; so without an explicit DJANGO_DEBUG,
# a configured secret key means production and no configuration at all means development.
DEBUG = envbool("DJANGO_DEBUG", default=not SECRET_KEY)
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS")

if not DEBUG:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "OT-verkosto is in production mode (DJANGO_DEBUG is off) and refuses to start: "
            f"set {' and '.join(missing)} (DJANGO_SECRET_KEY may also be read from the file "
            "named by DJANGO_SECRET_KEY_FILE). For local development set DJANGO_DEBUG=true "
            "or leave all settings unset."
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
elif not SECRET_KEY:
    # Development only: a fixed, clearly non-secret key so that sessions survive restarts.
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "apps.core",
    "apps.accounts",
    "apps.organisations",
    "apps.network",
    "apps.audit",
    "django_tasks",
    "django_tasks_db",
    "apps.consultations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "otverkosto.urls"
WSGI_APPLICATION = "otverkosto.wsgi.application"
ASGI_APPLICATION = "otverkosto.asgi.application"

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
                "apps.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The server and the background worker write at the same time: take the write lock when a
    # transaction begins (no deadlock half-way through) and let readers go on beside a writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    # Tests use a file, not memory: an in-memory database is one connection that the live
    # server's request threads and the test would share, and concurrent requests then clobber
    # each other's transactions (a draft autosave racing the form's submit, for example).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"

ACCOUNT_ADAPTER = "apps.accounts.adapters.ClosedSignupAccountAdapter"
SOCIALACCOUNT_ADAPTER = "apps.accounts.adapters.ExistingUsersSocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # administrators create accounts with known addresses
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OT-verkosto"

# Organisation single sign-on, configured only when the variables are set.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
OIDC_CLIENT_ID = envstr("OIDC_CLIENT_ID")
if OIDC_CLIENT_ID:
    OIDC_SERVER_URL = envstr("OIDC_SERVER_URL")
    if not OIDC_SERVER_URL:
        raise ImproperlyConfigured("OIDC_CLIENT_ID is set: set OIDC_SERVER_URL too.")
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": envstr("OIDC_PROVIDER_ID", "organisation"),
                "name": envstr("OIDC_PROVIDER_NAME", "Organisation sign-in"),
                "client_id": OIDC_CLIENT_ID,
                "secret": secret("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# --- static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# --- e-mail -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = envstr("DJANGO_DEFAULT_FROM_EMAIL", "OT-verkosto <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = envstr("DJANGO_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("DJANGO_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = secret("DJANGO_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", default=True)
else:
    # Without a mail server, messages (e.g. password reset links) are printed to the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- security headers -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
LANGUAGE_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if envbool("DJANGO_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP from inside the cluster or by the load balancer.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("DJANGO_LOG_LEVEL", "INFO")},
}

# The centre whose pages are shown when a page does not name one (one installation may serve
# all five centres; the demo uses Sisä-Suomi).
OT_DEFAULT_CENTRE = envstr("OT_DEFAULT_CENTRE", "sisa-suomi")

# Background tasks (consultation e-mails and reminders): a database-backed queue that works on
# SQLite and PostgreSQL; `manage.py db_worker` runs it (started by `make run`).
TASKS = {
    "default": {
        "BACKEND": envstr("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The address that links in e-mails point to (no trailing slash).
SITE_URL = envstr("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- trust: two-factor, sessions, lockout, CSP, rate limits, retention (issue 6) ---------------
# See docs/security.md. Appended as one block; it extends the lists defined above.
INSTALLED_APPS += ["apps.trust"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    # After authentication and allauth: staff without a second factor go to set it up first.
    "apps.trust.middleware.RequireTwoFactorMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"] += [  # type: ignore[index]
    "apps.trust.context_processors.session_timeout",
    "apps.trust.context_processors.trust_navigation",
]

# A cache shared by every process: lockout counters, rate limits, used TOTP codes.
# The table is created by the trust app's migration.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ot_cache",
    }
}

# Two-factor sign-in: TOTP apps, recovery codes and security keys (WebAuthn). Required for
# the roles in apps.accounts.permissions.MFA_REQUIRED_ROLES.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = "apps.trust.adapters.StaffMFAAdapter"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://localhost in development only

# Rate limits, one mechanism for all: allauth's (it keeps its counters in the cache above).
# Lockout: after 5 failed sign-ins for one address within 15 minutes, that address is refused
# for the rest of the window. The per-client-address limits are generous because a whole
# wellbeing region may reach the service through one proxy address.
# The ot_* actions are used by apps.core.ratelimits.rate_limited, counted per user or address.
ACCOUNT_RATE_LIMITS = {
    "login": envstr("OT_RATE_LOGIN", "300/m/ip"),
    "login_failed": envstr("OT_RATE_LOGIN_FAILED", "60/m/ip,5/15m/key"),
    "ot_request_submission": envstr("OT_RATE_REQUEST_SUBMISSION", "10/h/key"),
    "ot_api": envstr("OT_RATE_API", "120/m/key"),
    "ot_break_glass": "10/h/key",
    "ot_audit_export": "30/h/key",
}

# Password rules: at least 12 characters, not common, not all digits, not like the e-mail.
AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] = {"min_length": envint("OT_PASSWORD_MIN_LENGTH", 12)}

# Sessions end after inactivity; a warning lets the user extend (WCAG 2.2.1).
SESSION_COOKIE_AGE = envint("OT_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OT_SESSION_WARNING_SECONDS = envint("OT_SESSION_WARNING_SECONDS", 120)

# Content Security Policy: nothing inline, nothing from elsewhere. apps.core.framing lets one
# view (the embeddable public map) name the sites that may frame it.
OT_EMBED_ORIGINS = envstr("OT_EMBED_ORIGINS")
_FORM_ACTION = ["'self'"]
if OIDC_CLIENT_ID:
    # Organisation sign-in posts to our view, which redirects to the identity provider.
    _FORM_ACTION.append(OIDC_SERVER_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the TOTP QR code
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": _FORM_ACTION,
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Break-glass: how long an administrator's access to case content lasts after giving a reason.
OT_BREAK_GLASS_MINUTES = envint("OT_BREAK_GLASS_MINUTES", 60)

# security.txt (RFC 9116) at /.well-known/security.txt; set the contact in production.
OT_SECURITY_CONTACT = envstr("OT_SECURITY_CONTACT", "mailto:tietoturva@example.fi" if DEBUG else "")
OT_SECURITY_ENCRYPTION = envstr("OT_SECURITY_ENCRYPTION")
OT_SECURITY_POLICY_URL = envstr("OT_SECURITY_POLICY_URL")

# Backups (manage.py backup / restore_backup): where archives go.
OT_BACKUP_DIR = envstr("OT_BACKUP_DIR", str(BASE_DIR / "backups"))
