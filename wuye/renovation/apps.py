from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenovationConfig(AppConfig):
    name = "wuye.renovation"
    label = "renovation"
    verbose_name = _("Renovation")

    def ready(self):
        from wuye.core.access import register_permissions
        from wuye.renovation.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
