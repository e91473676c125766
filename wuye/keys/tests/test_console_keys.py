"""Console pages of key custody: the register with its Excel export, a key's card, overdue list."""

import pytest
from django.test import Client

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.keys.models import Key
from wuye.keys.tests.factories import Cabinet

pytestmark = pytest.mark.django_db


def test_register_detail_export_and_return():
    cab = Cabinet()
    key = cab.key(number="1-1201")
    cab.lend(key)
    c = Client()
    c.force_login(cab.keeper)
    page = c.get("/keys/", {"state": "borrowed"})
    assert page.status_code == 200 and "1-1201" in page.content.decode()
    export = c.get("/keys/", {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    assert c.get(f"/keys/{key.pk}/").status_code == 200
    assert c.get("/keys/overdue/").status_code == 200
    assert c.post(f"/keys/{key.pk}/return/").status_code == 302
    assert Key.objects.get(pk=key.pk).state == "in_store"
    guard = Client()
    guard.force_login(staff(Role.SECURITY, cab.project))
    assert guard.get("/keys/").status_code == 403
