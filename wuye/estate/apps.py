from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstateConfig(AppConfig):
    name = "wuye.estate"
    verbose_name = _("Estate registry")

    def ready(self):
        from wuye.core import navigation
        from wuye.estate.navigation import ITEMS

        navigation.register(*ITEMS)

        from wuye.estate import workbench

        workbench.register()
