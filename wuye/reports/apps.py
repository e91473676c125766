from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "wuye.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from wuye.core.access import register_permissions
        from wuye.reports.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        from wuye.core import navigation
        from wuye.reports.navigation import ITEMS

        navigation.register(*ITEMS)

        from wuye.reports import workbench

        workbench.register()
