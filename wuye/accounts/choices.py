from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.roles import Role  # noqa: F401  (the roles are the company's vocabulary, in core)


class UserKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")
