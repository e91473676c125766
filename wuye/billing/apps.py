from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "wuye.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from wuye.billing.permissions import PERMISSIONS
        from wuye.core.access import register_permissions

        register_permissions(PERMISSIONS)
        from wuye.billing.navigation import ITEMS
        from wuye.core import navigation

        navigation.register(*ITEMS)

        from wuye.billing import unit_context

        unit_context.register()

        from wuye.billing import workbench

        workbench.register()
