"""`next_values`: blocks of numbers for many counters at once, continuous with `next_value`."""

import pytest

from wuye.core.models import Sequence
from wuye.core.sequences import next_value, next_values

pytestmark = pytest.mark.django_db


def test_blocks_for_new_and_existing_counters_continue_one_by_one_numbering():
    assert next_value("t:a") == 1
    assert next_values({"t:a": 3, "t:b": 2}) == {"t:a": 4, "t:b": 2}  # a: 2–4, b (new): 1–2
    assert next_value("t:a") == 5 and next_value("t:b") == 3
    assert next_values({}) == {}
    assert Sequence.objects.filter(key__startswith="t:").count() == 2


def test_a_block_of_nothing_is_refused():
    with pytest.raises(ValueError):
        next_values({"t:a": 0})
