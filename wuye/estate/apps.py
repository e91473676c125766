from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstateConfig(AppConfig):
    name = "wuye.estate"
    verbose_name = _("Estate registry")

    def ready(self):
        from wuye.core.access import register_permissions
        from wuye.estate.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        from wuye.core import access, navigation
        from wuye.estate.selectors import resident_unit_ids_of

        access.set_resident_units_source(resident_unit_ids_of)
        from wuye.estate.navigation import ITEMS

        navigation.register(*ITEMS)

        from wuye.estate import workbench

        workbench.register()
