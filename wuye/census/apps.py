from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "wuye.census"
    label = "census"
    verbose_name = _("Occupancy census")

    def ready(self):
        from wuye.census.navigation import ITEMS
        from wuye.census.permissions import PERMISSIONS
        from wuye.core import navigation
        from wuye.core.access import register_permissions

        register_permissions(PERMISSIONS)
        navigation.register(*ITEMS)

        from wuye.census import workbench

        workbench.register()
