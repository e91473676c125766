"""Renovation's part of the API permission matrix (merged by wuye/core/tests/permission_matrix.py):
the rows of its three parts — the application, completion and supervision — put together."""

from wuye.renovation.tests import matrix_application, matrix_completion, matrix_supervision

PARTS = (matrix_application, matrix_completion, matrix_supervision)

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
