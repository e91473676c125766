"""Issue 10: a walk-in charge (no unit) answers as the schema says: `unit_code` null, not missing."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from wuye.billing import services
from wuye.billing.models import Charge

pytestmark = pytest.mark.django_db


def test_a_walk_in_charge_has_a_null_unit_code(login, books):
    services.walk_in_payment_create(
        fee_item=books.fixed,
        amount="5",
        description="临停",
        idempotency_key="walk-schema-1",
        acting_user=books.cashier,
        source="manual",
    )
    charge = Charge.objects.get(unit=None)
    client = login(books.cashier)
    body = client.get(f"/api/v1/charges/{charge.pk}/").json()
    assert "unit_code" in body and body["unit_code"] is None
    listed = client.get("/api/v1/charges/").json()["results"]
    assert [row["unit_code"] for row in listed if row["id"] == charge.pk] == [None]

    field = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["Charge"]
    assert "unit_code" in field["required"] and field["properties"]["unit_code"]["nullable"] is True
