"""The permission registry: every app declares its own permissions; every name used exists."""

import pathlib
import re

import pytest

from wuye.core import access
from wuye.core.roles import Role

ROOT = pathlib.Path(__file__).resolve().parents[2]
USES = re.compile(
    r"""(?:has_perm|require_perm|has_perm_anywhere|require_perm_anywhere|projects_with_perm|projects_in_scope|roles_with)"""
    r"""\([^()"']*["']([a-z_]+\.[a-z_]+)["']|(?:view_perm|perm)\s*=\s*["']([a-z_]+\.[a-z_]+)["']"""
)


def test_every_permission_named_in_the_code_is_declared():
    used = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.name == "test_access_registry.py":
            continue
        for match in USES.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    assert len(used) > 30  # the scan found the code's checks
    assert used - set(access.permissions()) == set()


def test_each_app_declares_its_own_permissions():
    from wuye.billing.permissions import PERMISSIONS as billing
    from wuye.estate.permissions import PERMISSIONS as estate
    from wuye.servicedesk.permissions import PERMISSIONS as servicedesk

    assert all(p.startswith("billing.") for p in billing)
    assert "ticket.create" in servicedesk and "people.view_personal" in estate
    assert set(access.permissions()) >= set(billing) | set(estate) | set(servicedesk)


def test_a_permission_cannot_be_redeclared_differently_or_name_unknown_roles():
    with pytest.raises(ValueError):
        access.register_permissions({"ticket.create": {Role.CASHIER}})
    with pytest.raises(ValueError):
        access.register_permissions({"x.y": {"janitor"}})
    access.register_permissions({"ticket.create": access.roles_with("ticket.create")})  # same: fine
    with pytest.raises(KeyError):
        access.roles_with("ticket.teleport")
