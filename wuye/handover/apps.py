from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "wuye.handover"
    label = "handover"
    verbose_name = _("Handover")

    def ready(self):
        from wuye.core import navigation
        from wuye.core.access import register_permissions
        from wuye.handover.navigation import ITEMS
        from wuye.handover.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        navigation.register(*ITEMS)

        from wuye.handover import workbench

        workbench.register()
