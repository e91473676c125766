"""Production settings: fail fast on missing configuration."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production settings.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in the environment for production settings.")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS only (`manage.py check --deploy` is clean, wuye/core/tests/test_deploy_settings.py). Plain
# HTTP is redirected to HTTPS, and browsers are told to use HTTPS only for a year, on subdomains
# too (HSTS). Behind a proxy that terminates TLS: the proxy must send X-Forwarded-Proto (above);
# if it cannot, or it already redirects and sends HSTS itself, turn these off here with
# DJANGO_SECURE_SSL_REDIRECT=0 / DJANGO_SECURE_HSTS_SECONDS=0 (README.md, Production).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading (browsers ship the domain as HTTPS-only) cannot be undone quickly and binds every
# subdomain of the company's domain: the operator opts in with DJANGO_SECURE_HSTS_PRELOAD=1, so
# security.W021 ("preload not set") is silenced on purpose.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]

# The API schema and Swagger UI need a login in production (wuye/core/api/docs.py).
WUYE_PUBLIC_API_DOCS = env_bool("WUYE_PUBLIC_API_DOCS", False)
