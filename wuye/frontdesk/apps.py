from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "wuye.frontdesk"
    label = "frontdesk"
    verbose_name = _("Front desk and gate")

    def ready(self):
        import importlib

        from wuye.core import navigation
        from wuye.core.access import register_permissions
        from wuye.frontdesk.parts import PARTS
        from wuye.frontdesk.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        for part in PARTS:
            views = importlib.import_module(f"wuye.frontdesk.views.{part}")
            navigation.register(*getattr(views, "NAV", ()))
            register = getattr(views, "register_workbench", None)
            if register is not None:
                register()
