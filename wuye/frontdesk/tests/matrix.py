"""The front desk's part of the API permission matrix (merged by wuye/core/tests/permission_matrix.py):
the rows of its parts put together."""

from wuye.frontdesk.tests import (
    matrix_passes,
    matrix_shift_custody,
    matrix_storage_lending,
    matrix_visitors_mail,
)

PARTS = (matrix_passes, matrix_visitors_mail, matrix_storage_lending, matrix_shift_custody)

MATRIX: dict = {}
OBJECTS: dict = {}
BODIES: dict = {}
UNPROVABLE: dict = {}
KWARGS: dict = {}
for _part in PARTS:
    for _name in ("MATRIX", "OBJECTS", "BODIES", "UNPROVABLE", "KWARGS"):
        _table = getattr(_part, _name, {})
        _merged = globals()[_name]
        _clash = _merged.keys() & _table.keys()
        assert not _clash or all(_merged[k] == _table[k] for k in _clash), f"{_part.__name__}: {_clash}"
        _merged.update(_table)


def build_side(side, world) -> None:
    for part in PARTS:
        part.build_side(side, world)
