"""Issue 10: a rental's renter name without invisible or direction-changing characters, its dates
within the plausible window (wuye/core/validators.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wuye.parking.models import Rental
from wuye.parking.tests.factories import Garage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"renter_name": "张\u202e三"}, "renter_name"),
        ({"renter_name": "\u200b张三"}, "renter_name"),
        ({"start": dt.date(1900, 1, 1)}, "start_date"),
        ({"end": dt.date(2999, 1, 31)}, "end_date"),
    ],
)
def test_a_rental_refuses_hidden_characters_and_implausible_dates(changes, field):
    garage = Garage()
    with pytest.raises(ValidationError) as exc:
        garage.rent(**changes)
    assert field in exc.value.message_dict
    assert not Rental.objects.exists()
