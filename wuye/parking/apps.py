from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkingConfig(AppConfig):
    name = "wuye.parking"
    label = "parking"
    verbose_name = _("Parking")

    def ready(self):
        from wuye.core.access import register_permissions
        from wuye.parking.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        from wuye.core import navigation
        from wuye.parking.navigation import ITEMS

        navigation.register(*ITEMS)
