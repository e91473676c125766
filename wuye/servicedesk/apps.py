from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceDeskConfig(AppConfig):
    name = "wuye.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self):
        from wuye.core.access import register_permissions
        from wuye.servicedesk.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        from wuye.core import navigation
        from wuye.servicedesk.navigation import ITEMS

        navigation.register(*ITEMS)

        from wuye.servicedesk import unit_context

        unit_context.register()

        from wuye.servicedesk import workbench

        workbench.register()
