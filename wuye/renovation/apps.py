from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenovationConfig(AppConfig):
    name = "wuye.renovation"
    label = "renovation"
    verbose_name = _("Renovation")

    def ready(self):
        from wuye.core import navigation
        from wuye.core.access import register_permissions
        from wuye.renovation import archive, workbench
        from wuye.renovation.navigation import ITEMS
        from wuye.renovation.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        navigation.register(*ITEMS)
        workbench.register()
        archive.register_section()
