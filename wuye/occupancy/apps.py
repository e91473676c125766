from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupancyConfig(AppConfig):
    name = "wuye.occupancy"
    label = "occupancy"
    verbose_name = _("Move-in, exit and transfer")

    def ready(self):
        from wuye.core import navigation
        from wuye.core.access import register_permissions
        from wuye.occupancy.navigation import ITEMS
        from wuye.occupancy.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        navigation.register(*ITEMS)

        from wuye.occupancy import workbench

        workbench.register()
