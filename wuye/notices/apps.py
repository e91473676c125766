from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "wuye.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from wuye.core import navigation
        from wuye.core.access import register_permissions
        from wuye.notices import workbench
        from wuye.notices.navigation import ITEMS
        from wuye.notices.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        navigation.register(*ITEMS)
        workbench.register()
