"""`KEEP`: the default of an update service's keyword argument that the caller did not give.

An update service names every field it may change (no `**fields`); a partial update leaves the
others at `KEEP`, and the service keeps the instance's current value for them."""

from __future__ import annotations

import enum


class Unset(enum.Enum):
    KEEP = "keep"

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Unset.KEEP


def given(changes: dict[str, object]) -> dict[str, object]:
    """The changes without the fields left at KEEP."""
    return {name: value for name, value in changes.items() if value is not KEEP}
