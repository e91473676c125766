from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wuye.core"
    verbose_name = _("Core")

    def ready(self):
        from wuye.core.access import register_permissions
        from wuye.core.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        from wuye.core import navigation

        navigation.register(
            navigation.NavItem("", _("Home"), "console:home", resident=True, weight=0),
            navigation.NavItem("settings", _("Working-day calendar"), "console:calendar", weight=70),
            navigation.NavItem("settings", _("API docs"), "swagger-ui", resident=True, weight=99),
        )
