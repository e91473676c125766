from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeysConfig(AppConfig):
    name = "wuye.keys"
    label = "keys"
    verbose_name = _("Key custody")

    def ready(self):
        from wuye.core import navigation
        from wuye.core.access import register_permissions
        from wuye.keys import workbench
        from wuye.keys.navigation import ITEMS
        from wuye.keys.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        navigation.register(*ITEMS)
        workbench.register()
