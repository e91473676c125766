"""Import of the developer's owner roster (业主清册) from .xlsx — all rows or none.

Layout (first sheet, first row is the header; Chinese or English headers):

| 房号 / unit_code | 购房人 / buyer_name | 证件类型 / id_type (optional) | 证件号码 / id_number | 联系电话 / phone | 合同编号 / contract_number |

`证件类型` takes a code from IdType (resident_id, passport, …) or its Chinese label; empty means
resident ID, whose checksum is validated. A rejected import saves its report (each rejected
row with its reasons) and imports nothing.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook

from wuye.core import access
from wuye.core.validators import normalize_mobile, normalize_resident_id
from wuye.estate.choices import IdType
from wuye.estate.models import Project, RosterEntry, RosterImport, Unit

MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024

HEADERS = {
    "unit_code": {"房号", "房屋编号", "unit_code", "unit code"},
    "buyer_name": {"购房人", "购房人姓名", "业主姓名", "姓名", "buyer_name", "buyer name"},
    "id_type": {"证件类型", "id_type", "id type"},
    "id_number": {"证件号码", "身份证号", "身份证号码", "id_number", "id number"},
    "phone": {"联系电话", "手机", "手机号", "电话", "phone", "mobile"},
    "contract_number": {"合同编号", "购房合同编号", "合同号", "contract_number", "contract number"},
}
REQUIRED = ("unit_code", "buyer_name", "id_number", "contract_number")


def _id_type_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in IdType.choices:
        lookup[value] = value
        with override("zh-hans"):
            lookup[str(label)] = value
        with override("en"):
            lookup[str(label).lower()] = value
    lookup.update({"身份证": IdType.RESIDENT_ID, "护照": IdType.PASSPORT, "": IdType.RESIDENT_ID})
    return lookup


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


#: what a damaged, truncated or hostile file raises while it is read (openpyxl reads lazily, so
#: also while its rows are iterated): a broken zip or deflate stream, a missing part, malformed or
#: entity-bomb XML (expat refuses the expansion), a workbook without a sheet
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    ExpatError,
    ParseError,
)


def read_rows(data: bytes) -> list[dict]:
    """Rows as dicts with a `row` number (as Excel shows it). Raises ValidationError for a bad file."""
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB.")]})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _read_sheet(workbook.worksheets[0])
        finally:
            workbook.close()
    except UNREADABLE as exc:
        raise ValidationError({"file": [_("The file is not a readable .xlsx workbook.")]}) from exc


def _read_sheet(sheet) -> list[dict]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValidationError({"file": [_("The workbook is empty.")]})
    columns = {}
    for index, title in enumerate(header):
        name = _cell(title).lower()
        for key, aliases in HEADERS.items():
            if name in {a.lower() for a in aliases}:
                columns[key] = index
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise ValidationError(
            {
                "file": [
                    _("Missing columns: %(columns)s")
                    % {"columns": ", ".join(sorted(HEADERS[m])[0] for m in missing)}
                ]
            }
        )
    result = []
    for number, values in enumerate(rows, start=2):
        # every row counts, empty ones too: a sheet padded with a million blank rows stops here
        if number - 1 > MAX_ROWS:
            raise ValidationError({"file": [_("The roster has more than %(n)s rows.") % {"n": MAX_ROWS}]})
        if values is None or all(_cell(v) == "" for v in values):
            continue
        row = {"row": number}
        for key, index in columns.items():
            row[key] = _cell(values[index]) if index < len(values) else ""
        result.append(row)
    if not result:
        raise ValidationError({"file": [_("The roster has no data rows.")]})
    return result


def roster_import(*, project: Project, data: bytes, file_name: str, acting_user) -> RosterImport:
    """Validate every row; import all of them in one transaction, or none and report why."""
    access.require_perm(acting_user, "roster.import", project.pk)
    rows = read_rows(data)
    units = dict(Unit.objects.filter(project=project).values_list("code", "id"))
    existing_contracts = set(
        RosterEntry.objects.filter(project=project).values_list("contract_number", flat=True)
    )
    id_types = _id_type_lookup()
    seen_contracts: dict[str, int] = {}
    errors, entries = [], []
    for row in rows:
        reasons = []
        unit_id = units.get(row.get("unit_code", ""))
        if not row.get("unit_code"):
            reasons.append(_("Unit code is empty."))
        elif unit_id is None:
            reasons.append(_("Unit %(code)s does not exist in this project.") % {"code": row["unit_code"]})
        if not row.get("buyer_name"):
            reasons.append(_("Buyer name is empty."))
        id_type = id_types.get(row.get("id_type", "").strip().lower(), id_types.get(row.get("id_type", "")))
        if id_type is None:
            reasons.append(_("Unknown ID type “%(type)s”.") % {"type": row.get("id_type")})
        id_number = row.get("id_number", "").upper()
        if not id_number:
            reasons.append(_("ID number is empty."))
        elif id_type == IdType.RESIDENT_ID:
            try:
                id_number = normalize_resident_id(id_number)
            except ValidationError as exc:
                reasons.extend(exc.messages)
        phone = row.get("phone", "")
        if phone:
            try:
                phone = normalize_mobile(phone)
            except ValidationError as exc:
                reasons.extend(exc.messages)
        contract = row.get("contract_number", "")
        if not contract:
            reasons.append(_("Contract number is empty."))
        elif contract in existing_contracts:
            reasons.append(_("Contract %(no)s is already in the roster.") % {"no": contract})
        elif contract in seen_contracts:
            reasons.append(
                _("Contract %(no)s repeats row %(row)s.") % {"no": contract, "row": seen_contracts[contract]}
            )
        if contract:
            seen_contracts.setdefault(contract, row["row"])
        if reasons:
            errors.append({"row": row["row"], "unit_code": row.get("unit_code", ""), "reasons": reasons})
            continue
        entries.append(
            RosterEntry(
                project=project,
                unit_id=unit_id,
                buyer_name=row["buyer_name"],
                id_type=id_type,
                id_number=id_number,
                phone=phone,
                contract_number=contract,
            )
        )
    with transaction.atomic():
        record = RosterImport.objects.create(
            project=project,
            file_name=file_name[:200],
            imported_by=acting_user,
            result=RosterImport.Result.REJECTED if errors else RosterImport.Result.ACCEPTED,
            total_rows=len(rows),
            accepted_rows=0 if errors else len(entries),
            errors=errors,
        )
        if not errors:
            for entry in entries:
                entry.roster_import = record
            created = RosterEntry.objects.bulk_create(entries, batch_size=500)
            RosterEntry.history.bulk_history_create(
                created, default_user=acting_user, default_change_reason="roster-import"
            )
    return record
