"""Waypoint's one settings file. Everything a deployment changes comes from the environment.

See the configuration table in README.md for every variable.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("WAYPOINT_DATA_DIR", str(BASE_DIR / "var")))

# Every file a Waypoint process creates (database, WAL, keys, backups, logs) is its user's alone from
# the moment it exists: a world-readable database was enough to sign in as anyone (issue 11).
os.umask(0o077)

DEBUG = env_bool("DEBUG", False)
SITE_NAME = env_str("SITE_NAME", "Waypoint")
# The name under the icon on a phone's home screen, seen by anyone who picks the phone up.
HOME_SCREEN_NAME = env_str("HOME_SCREEN_NAME", "Notes")

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) in the environment; "
            "`make run` creates one in var/secret_key for you."
        )
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105 - only ever with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Plain HTTP is for a person's own computer only: someone's words must never cross a
# network unencrypted, so HTTPS=false is refused unless every host is loopback.
HTTPS = env_bool("HTTPS", not DEBUG)


def _is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host in {"localhost", "testserver"}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Email links are built from the request's Host: with "*", a reset link could go to another site.
if not DEBUG and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured('ALLOWED_HOSTS="*" is not allowed: list the host names Waypoint is served at.')

if not HTTPS and not DEBUG and not all(_is_loopback(h) for h in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "HTTPS=false is only allowed when ALLOWED_HOSTS lists loopback addresses "
        "(127.0.0.1, localhost). Put Waypoint behind HTTPS to serve it on a network."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts",
    "journal",
    "prompts",
    "safety",
    "backups",
    "sharing",
    "care",
    "progress",
    "supporters",
]

MIDDLEWARE = [
    "config.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that can answer or end a session on its own (the idle lock, a sign-out
    # left from an offline "Leave quickly", the journal's lock): their answers came without
    # no-store, and a session they ended without Clear-Site-Data, so the service worker's caches
    # outlived the idle lock. Inside WhiteNoise, so static files are still cached.
    "config.middleware.PrivacyHeadersMiddleware",
    "accounts.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.NullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # "Leave quickly" with no connection: the next request signs out, before anything else answers.
    "safety.quick_exit.LeftWithoutConnectionMiddleware",
    "accounts.middleware.IdleLockMiddleware",
    # Outside every view: a part of a page asked for after signing out gets the lock's answer.
    "accounts.middleware.SignedOutHtmxMiddleware",
    # Times of day in the person's own zone (Settings), once the idle lock has had its say.
    "accounts.time_zones.PersonalTimeZoneMiddleware",
    # After the idle lock: a request it signs out never holds the journal's lock key.
    "journal.lock_middleware.JournalUnlockedMiddleware",
    # Inside it: a locked journal's share of housekeeping, done while its owner's key is held.
    "journal.lock_catch_up.LockedJournalCatchUpMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # In place of allauth's UserSessionsMiddleware, which wrote on every request, GETs included.
    "accounts.usersessions.UserSessionActivityMiddleware",
    # Inside the privacy headers, so the page it puts in place of a blank 405 gets them too.
    "config.errors.MethodNotAllowedPageMiddleware",
    # Innermost, so the everyday-site redirect still gets the privacy headers on its way out.
    "safety.quick_exit.JustLeftMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.waypoint",
                "safety.context_processors.safety",
            ],
            "libraries": {
                "dates": "config.dates",
                "fixed": "config.fixed",
                "line_names": "safety.line_names",
                "ltr": "config.ltr",
                "names": "config.names",
                "nav": "config.nav",
                "own_words": "config.own_words",
                "slots": "config.slots",
            },
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # CONN_MAX_AGE as for PostgreSQL: a new SQLite connection (with these pragmas and Django's
    # functions registered on it) cost ~1 ms a request, as much as a signed-in request's own
    # middleware; each sync worker keeps its own, and health checks drop one that broke.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the writer work at once; IMMEDIATE avoids "database is locked"
        # when two requests upgrade a read to a write at the same moment. secure_delete zeroes
        # freed pages, so a deleted account's rows and wrapped key don't linger in the file
        # (on by default in Debian's and Python's builds, not in every build).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem://":
    # One process only (the test suite): each test starts with an empty cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # A shared cache, so allauth's rate limits hold across every gunicorn worker, and each worker
    # hears when the site-wide data it keeps has changed (config/site_data.py).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "waypoint_cache"}}

# --- Encryption -------------------------------------------------------------------------

# The server keyring: a file (created 0600 by `make run`) or WAYPOINT_KEYS="k2:<b64>,k1:<b64>".
WAYPOINT_KEY_FILE = Path(env_str("WAYPOINT_KEY_FILE", str(DATA_DIR / "keys")))
WAYPOINT_KEYS = env_secret("WAYPOINT_KEYS")

# --- Accounts ---------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.validators.CommonPasswordValidator"},
    {"NAME": "accounts.validators.NumericPasswordValidator"},
]

SIGNUP_MODE = env_choice("SIGNUP_MODE", "open", ("open", "invite"))
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_IDLE_WARNING_SECONDS = env_int("SESSION_IDLE_WARNING_SECONDS", 120)
# Devices are shared: a session ends with the browser and never outlives the idle lock by much.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SAMESITE = "Lax"
# The database keeps only a keyed hash of each session's cookie, so a copy of it signs nobody in.
SESSION_ENGINE = "accounts.sessions"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Email changes ask for the password: an open session could otherwise add someone else's address,
# and the next password reset would go to them.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_CHANGE_EMAIL = True
# At most ten reset emails an hour to one address: allauth's five a minute let anyone send ~300.
ACCOUNT_RATE_LIMITS = {"reset_password": "20/m/ip,5/m/key,10/h/key"}
# An email whenever a way into the account changes, so a taken-over account is noticed. The words
# are Waypoint's own (templates/account/email/, templates/mfa/email/, accounts/notices.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {
    "login": "accounts.forms.SignInForm",
    "reauthenticate": "accounts.forms.ConfirmItsYouForm",
    "change_password": "accounts.forms.PasswordChangeForm",
    "set_password": "accounts.forms.PasswordSetForm",
    "reset_password_from_key": "accounts.forms.PasswordFromResetLinkForm",
    "signup": "accounts.forms.SignUpForm",
}

MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"
# The code boxes open a phone's number pad; the passkey form speaks as Waypoint (accounts/mfa_forms.py).
MFA_FORMS = {
    "authenticate": "accounts.mfa_forms.CodeAuthenticateForm",
    "reauthenticate": "accounts.mfa_forms.CodeReauthenticateForm",
    "activate_totp": "accounts.mfa_forms.CodeActivateTOTPForm",
    "add_webauthn": "accounts.mfa_forms.PasskeyAddForm",
    "edit_webauthn": "accounts.mfa_forms.PasskeyRenameForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
# WebAuthn needs a secure origin; http://localhost counts, on a person's own computer only. Not
# http://127.0.0.1: browsers refuse passkeys at any IP address, so `make run` prints localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS

# Noted on a POST at most every five minutes (accounts/usersessions.py), never on reading a page.
USERSESSIONS_TRACK_ACTIVITY = True

LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# --- Email ------------------------------------------------------------------------------

EMAIL_MODE = env_choice("EMAIL_MODE", "console", ("console", "smtp"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Waypoint <waypoint@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_MODE == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "config.mail.ReadableConsoleBackend"}}

# --- Security headers -------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), publickey-credentials-get=(self), "
    "publickey-credentials-create=(self)"
)
SESSION_COOKIE_HTTPONLY = True

if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    # Both reach beyond Waypoint's own host name (a clinic's main site and every other subdomain),
    # and a preload list entry takes months to undo, so each is the operator's explicit choice.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (nginx, Caddy); see docs/.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
# How many reverse proxies of yours stand in front (else sign-in limits count everyone as the proxy):
# the client's address is read that many entries from X-Forwarded-For's right; 0 ignores the header.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
if TRUSTED_PROXY_HOPS < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_HOPS should be 0 (no proxy) or the number of proxies in front.")
# `check --deploy` recommends both HSTS options above; leaving them off is a decision, not an oversight.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# --- Language and time ------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in sentences use DATE_FORMAT and its kin, each language its own ("6. Dezember 2026");
# config/formats/ holds the English ones Waypoint prefers.
FORMAT_MODULE_PATH = ["config.formats"]
# The zone for everyone who hasn't chosen their own in Settings (accounts/time_zones.py), for
# signed-out pages, and for emails and supporters' links.
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's storages chmod what they save to 0644 whatever the umask: collected static files were
# the one thing in the data folder others could read. Waypoint's files are its user's alone.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Uploads (an import is a whole journal in plain text) never go to a temporary file (config/uploads.py);
# one byte past the largest archive an import takes (journal/portability.py), so a larger one reads as too large.
FILE_UPLOAD_HANDLERS = ["config.uploads.InMemoryUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 100 * 1024 * 1024 + 1
# That much memory is held for each file in a request, and anyone can send a form (the CSRF check
# reads it first, signed in or not): Django's 100 files a request made 10 GB. Every upload form
# of Waypoint's takes one file.
DATA_UPLOAD_MAX_NUMBER_FILES = 1
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.static_files.StaticFilesStorage"
        )
    },
}

# --- Waypoint ---------------------------------------------------------------------------

DEFAULT_CRISIS_REGION = env_str("DEFAULT_CRISIS_REGION", "US").upper()
# Set by the operator, it is the country until a person picks theirs. Left unset, a visitor's
# browser language is a first guess (en-GB suggests the UK), and the US the last resort.
DEFAULT_CRISIS_REGION_CHOSEN = bool(env_str("DEFAULT_CRISIS_REGION").strip())
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# --- Errors and logs --------------------------------------------------------------------

# Error reports never carry what a person typed: every POST value is hidden.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.PrivateExceptionReporterFilter"
ADMINS: list[tuple[str, str]] = []
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "filters": {"invite_codes": {"()": "config.log_filters.RedactInviteCodes"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["invite_codes"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
