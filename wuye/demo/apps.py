from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (top floor: it may use every app). An app without tables, only because Django
    finds management commands in apps: `python manage.py load_demo`."""

    name = "wuye.demo"
    verbose_name = _("Demo data")
