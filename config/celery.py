"""Celery app for a scaled deployment: `celery -A config worker -B` (Redis broker, CELERY_BROKER_URL).

Without Celery, cron can run the same work: `python manage.py servicedesk_sweep` every minute.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("wuye")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
