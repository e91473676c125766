from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wuye.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from wuye.accounts.permissions import PERMISSIONS
        from wuye.accounts.selectors import roles_by_project
        from wuye.core import access

        access.register_permissions(PERMISSIONS)
        access.set_role_source(roles_by_project)  # who holds which role where
