"""The WSGI entry point for gunicorn. Production settings unless DJANGO_SETTINGS_MODULE says
otherwise: `make run` and `make dev` set config.settings.local (the Makefile), manage.py defaults to
it, and a server started by hand gets the settings that fail fast without SECRET_KEY and DATABASE_URL."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
