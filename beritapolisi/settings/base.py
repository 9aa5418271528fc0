"""Settings shared by every environment. Values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies (IPs or CIDRs) whose X-Forwarded-For is believed; see beritapolisi/clientip.py.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "news",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "beritapolisi.middleware.RejectNullCharacterPathMiddleware",
    # Near the top so every response, error pages included, carries the policy; it must come
    # before anything that renders a template, which may ask for the request's nonce.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "beritapolisi.middleware.SiteLanguageMiddleware",
    "news.cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "beritapolisi.middleware.RejectUndecodableBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Needs request.user; tells whether this session passed a one-time code.
    "django_otp.middleware.OTPMiddleware",
    # Needs the OTP state above; sends staff who must use a second factor to enrolment.
    "beritapolisi.twofactor.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a 404 with a redirect when the path is an old address (news.Redirect).
    "news.middleware.RedirectFallbackMiddleware",
    # Puts the request's CSP nonce on the admin's form media (the editor's import map).
    "beritapolisi.middleware.AdminMediaNonceMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the 429 response.
    "axes.middleware.AxesMiddleware",
]

# Login lockout (django-axes): the lockout check runs before the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "beritapolisi.urls"

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
                "news.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "beritapolisi.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked": a transaction takes the write
    # lock when it begins (IMMEDIATE) and waits up to 20 s for it; WAL lets readers go on
    # while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every worker); otherwise each process keeps its own.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "beritapolisi.cache.RedisCache",  # Django's, surviving an outage
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs a request one second, not the OS's minutes.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": "beritapolisi",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# The full-page cache for anonymous readers (news/cache.py, README "Caching").
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_NAMESPACES = ["news"]  # URL namespaces whose pages may be shared
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))  # also the s-maxage
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", 60))  # max-age
PAGE_CACHE_STALE_SECONDS = 60  # stale-while-revalidate; an expired page serves while one renders
PAGE_CACHE_LOCK_SECONDS = 10  # the longest a reader waits for another's rendering of a page
PAGE_CACHE_TAG_HEADER = "Cache-Tag"
PAGE_CACHE_PURGE = os.environ.get("PAGE_CACHE_PURGE", "")  # dotted path: callable(tags)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded images are served by Django itself unless a web server in front takes over /media/.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TAGGIT_CASE_INSENSITIVE = True

# Featured image uploads (see news/images.py).
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
IMAGE_UPLOAD_MIN_SIDE = 50  # pixels; a narrower or lower image is refused
IMAGE_UPLOAD_MAX_ASPECT_RATIO = 10  # the long side at most this many times the short one

SITE_NAME = "Berita Polisi"
ARTICLES_PER_PAGE = 10
FEED_ITEMS = 20
NEWS_SITEMAP_HOURS = 48
RELATED_ARTICLES_COUNT = 3
# A body of more than three paragraphs that refers to no article with "Baca juga" gets one
# card after its third paragraph, for the first related post (news/body.py).
READ_ALSO_AUTOMATIC = env_bool("READ_ALSO_AUTOMATIC", True)

# The body editor's own block: "Baca juga", a reference to another article (news/body.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("news/admin/read-also.js")],
        "extensions": {"ReadAlso": html_tags(["aside"], {"aside": ["data-read-also"]})},
    }
]
PREVIEW_LINK_MAX_AGE = 48 * 60 * 60  # seconds a shared preview link of a draft keeps working

# Discussion. Each spam defence can be tuned or switched off here.
COMMENTS_MAX_DEPTH = 3  # levels of threading, top-level comments included
COMMENTS_CLOSE_AFTER_DAYS = None  # e.g. 30 closes discussion a month after publication
COMMENTS_HONEYPOT = True
COMMENTS_MIN_SECONDS = 3  # faster than this after the form was shown: a bot (0 disables)
COMMENTS_FORM_MAX_AGE = 2 * 60 * 60  # seconds before a form must be sent again
COMMENTS_FLOOD_SECONDS = 15  # minimum gap between two comments from one IP (0 disables)
COMMENTS_REFUSE_DUPLICATES = True
COMMENTS_MAX_LINKS = 2  # more links than this holds a comment (None disables)
COMMENTS_MODERATION_KEYWORDS = []  # held for moderation; moderators add more in the admin
COMMENTS_BLOCKED_KEYWORDS = []  # marked as spam; moderators add more in the admin
COMMENTS_AUTO_APPROVE_KNOWN_AUTHORS = False
COMMENTS_PERSONAL_DATA_DAYS = 90  # IP addresses and user agents are erased after this
COMMENTS_SPAM_DAYS = 30  # spam and removed comments are deleted after this
COMMENTS_BLOCK_DAYS = 90  # block-list rules for an email or IP address expire unless renewed
COMMENTS_REMEMBER_COOKIE_DAYS = 347
COMMENTS_OWN_COMMENT_LINK_MAX_AGE = 24 * 60 * 60  # seconds the author sees a pending comment
COMMENTS_NEWSROOM_NAME = f"Redaksi {SITE_NAME}"  # signs replies written in the admin

# Mail and image renditions run as tasks after commit (beritapolisi/tasks.py, news/tasks.py):
# here at once, in the process that commits; production queues them in the database.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds to wait for SMTP
MAIL_RETRY_DELAYS = [60, 5 * 60, 30 * 60]  # seconds before each new attempt at a failed mail

# Login lockout: 5 failed logins for one username from one address lock that pair out for
# 15 minutes (HTTP 429). Administrators unlock in the admin (Access attempts) or with
# `manage.py axes_reset_username USERNAME`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "beritapolisi.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Two-factor authentication (TOTP, with recovery codes) for the admin. When REQUIRE_2FA is on,
# superusers and members of these groups must enrol before they can use the admin; everybody
# else may enrol. Off in development, on in production (see prod.py).
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
REQUIRE_2FA_GROUPS = ["Editor"]
OTP_TOTP_ISSUER = "Berita Polisi"
# Nobody, administrators included, reads another user's TOTP secret or QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
RECOVERY_CODES = 10

# Content-Security-Policy (django-csp). Public pages carry no inline script or style at all,
# so they need no nonce and can be cached and shared; admin pages use a per-request nonce
# for the few inline blocks (the editor's import map). MEDIA_HOST names another host serving
# uploads, if any. CSP_REPORT_ONLY=true reports violations in the browser without blocking.
MEDIA_HOST = os.environ.get("MEDIA_HOST", "")
content_security_policy = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The hash admits the one <style> element the rich-text editor (TipTap, inside
        # django-prose-editor 0.28.0) adds without a nonce; tests/test_browser_csp.py fails
        # if an upgrade changes it.
        "style-src": [SELF, NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
        "img-src": [SELF, "data:", *filter(None, [MEDIA_HOST])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # A video in an article plays from YouTube's no-cookie domain once the reader asks.
        "frame-src": ["https://www.youtube-nocookie.com"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = content_security_policy
else:
    CONTENT_SECURITY_POLICY = content_security_policy

# LOG_FORMAT=json writes one JSON object per line (beritapolisi/logformat.py); else plain text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {"()": "beritapolisi.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
