"""Developer's roster import: all rows or none, with a report of every rejected row."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from wuye.accounts.choices import Role
from wuye.core.errors import PermissionDeniedError
from wuye.core.tests.factories import UnitFactory, make_resident_id, staff
from wuye.estate.models import RosterEntry, RosterImport
from wuye.estate.roster import roster_import

pytestmark = pytest.mark.django_db

HEADER = ["房号", "购房人", "证件类型", "证件号码", "联系电话", "合同编号"]


def workbook(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def units():
    first = UnitFactory(code="1-1-101")
    second = UnitFactory(code="1-1-102", building=first.building)
    return first, second


@pytest.fixture
def archivist(units):
    return staff(Role.ARCHIVIST, units[0].project)


def test_good_roster_is_imported(units, archivist):
    data = workbook(
        [
            ["1-1-101", "王五", "", make_resident_id(), "13812345678", "HT-001"],
            [
                "1-1-102",
                "赵六",
                "身份证",
                make_resident_id(),
                13912345678,
                "HT-002",
            ],  # numbers as Excel numbers
            ["1-1-102", "Tom Li", "passport", "E1234567", "", "HT-003"],
            [None, None, None, None, None, None],  # blank rows are ignored
        ]
    )
    record = roster_import(project=units[0].project, data=data, file_name="清册.xlsx", acting_user=archivist)
    assert record.result == RosterImport.Result.ACCEPTED
    assert (record.total_rows, record.accepted_rows, record.errors) == (3, 3, [])
    entries = RosterEntry.objects.filter(roster_import=record).order_by("contract_number")
    assert [e.unit.code for e in entries] == ["1-1-101", "1-1-102", "1-1-102"]
    assert entries[1].phone == "13912345678"
    assert entries[2].id_type == "passport"


def test_english_headers_accepted(units, archivist):
    header = ["unit_code", "buyer_name", "id_number", "phone", "contract_number"]
    data = workbook([["1-1-101", "王五", make_resident_id(), "13812345678", "HT-9"]], header=header)
    record = roster_import(project=units[0].project, data=data, file_name="r.xlsx", acting_user=archivist)
    assert record.result == RosterImport.Result.ACCEPTED


def test_one_bad_row_rejects_everything_with_a_report(units, archivist):
    data = workbook(
        [
            ["1-1-101", "王五", "", make_resident_id(), "13812345678", "HT-001"],
            [
                "9-9-999",
                "钱七",
                "",
                "110105194912310021",
                "12345",
                "HT-002",
            ],  # unknown unit, bad id, bad phone
            ["1-1-102", "", "", make_resident_id(), "", "HT-001"],  # no name, repeated contract
            ["1-1-102", "孙八", "军官证?", make_resident_id(), "", ""],  # unknown id type, no contract
        ]
    )
    record = roster_import(project=units[0].project, data=data, file_name="bad.xlsx", acting_user=archivist)
    assert record.result == RosterImport.Result.REJECTED
    assert record.accepted_rows == 0 and record.total_rows == 4
    assert not RosterEntry.objects.exists()
    by_row = {e["row"]: e["reasons"] for e in record.errors}
    assert sorted(by_row) == [3, 4, 5]
    assert len(by_row[3]) == 3  # unit, ID checksum, phone
    assert len(by_row[4]) == 2  # name, repeated contract
    assert len(by_row[5]) == 2  # id type, contract
    # the rejected import is kept as a record with its report
    assert RosterImport.objects.get(pk=record.pk).errors == record.errors


def test_contract_already_in_roster_is_rejected(units, archivist):
    row = ["1-1-101", "王五", "", make_resident_id(), "", "HT-001"]
    roster_import(project=units[0].project, data=workbook([row]), file_name="a.xlsx", acting_user=archivist)
    record = roster_import(
        project=units[0].project, data=workbook([row]), file_name="a.xlsx", acting_user=archivist
    )
    assert record.result == RosterImport.Result.REJECTED
    assert RosterEntry.objects.count() == 1


def test_units_of_another_project_do_not_match(units, archivist):
    other = UnitFactory(code="2-1-101")
    data = workbook([["2-1-101", "王五", "", make_resident_id(), "", "HT-1"]])
    record = roster_import(project=units[0].project, data=data, file_name="x.xlsx", acting_user=archivist)
    assert record.result == RosterImport.Result.REJECTED
    assert other.project_id != units[0].project_id


@pytest.mark.parametrize(
    "data",
    [b"not a workbook", workbook([], header=["房号", "购房人"]), workbook([])],
    ids=["garbage", "missing-columns", "no-rows"],
)
def test_unreadable_files_raise_a_field_error(units, archivist, data):
    with pytest.raises(ValidationError) as exc:
        roster_import(project=units[0].project, data=data, file_name="x.xlsx", acting_user=archivist)
    assert "file" in exc.value.message_dict
    assert not RosterImport.objects.exists()


def test_engineer_may_not_import(units):
    with pytest.raises(PermissionDeniedError):
        roster_import(
            project=units[0].project,
            data=workbook([]),
            file_name="x.xlsx",
            acting_user=staff(Role.ENGINEER, units[0].project),
        )
