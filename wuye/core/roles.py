"""The company's roles (spec README, 用户角色): one vocabulary for every app.

It lives on the ground floor so that every app may name roles in its own permission table
(`<app>/permissions.py`) without importing the accounts app that stores who holds them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CS_ASSISTANT = "cs_assistant", _("Customer-service assistant")
    CS_SUPERVISOR = "cs_supervisor", _("Customer-service supervisor")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    ENGINEER = "engineer", _("Engineer")
    ENGINEERING_LEAD = "engineering_lead", _("Engineering lead")
    SECURITY = "security", _("Security guard")
    SECURITY_LEAD = "security_lead", _("Security lead")
    CASHIER = "cashier", _("Cashier")
    ARCHIVIST = "archivist", _("Archivist")
    KEY_KEEPER = "key_keeper", _("Key keeper")
    COMPANY_MANAGER = "company_manager", _("Company manager")


ALL_STAFF = frozenset(Role.values)


def role_label(code: str) -> str:
    """The role's name for people (never its code)."""
    try:
        return str(Role(code).label)
    except ValueError:
        return code
