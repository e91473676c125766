"""One list mechanism for every console list: sortable columns, pagination and an .xlsx export.

A view declares its columns once and hands over its (already scoped and filtered) rows:

    table = ListTable(request, tickets, TICKET_COLUMNS, title=_("All tickets"), filters=form_filters(form))
    if table.export_requested:
        return table.export_response()
    return render(request, "...", {"page": table.page, "table": table})

`?sort=<key>` / `?sort=-<key>` sorts by a declared column (unknown keys are ignored; the primary key
breaks ties so pages never overlap). `?export=xlsx` downloads the same columns, filters and sort as
the page, every page of it, up to `EXPORT_MAX_ROWS`. Values come from the same accessors (and the same
`prepare` step) as the page, so a masked phone on the page is masked in the file too.
"""

from __future__ import annotations

import datetime as dt
import inspect
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import F, Model, QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.api.renderers import XLSX_CONTENT_TYPE

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20_000
EXPORT_CHUNK = 500
SORT_PARAM = "sort"
EXPORT_PARAM = "export"
# query parameters that never describe the list's filters
NON_FILTER_PARAMS = {"page", SORT_PARAM, EXPORT_PARAM}


def resolve(obj: Any, path: str) -> Any:
    """`"unit.code"` or `"unit__code"` of a model instance or a dict; None as soon as a link is missing."""
    value = obj
    for part in path.replace("__", ".").split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if inspect.ismethod(value):  # get_status_display and the like
            value = value()
    return value


@dataclass(frozen=True)
class Column:
    """One column of a list.

    key: the name in `?sort=`; label: the header (lazy gettext); value: an attribute path or a
    function of the row (default: the key); sort: the model field path(s) to order by (None: not
    sortable; for a list of dicts any truthy value sorts by the column's value); css: the header's
    class (hide-sm …); page / export: whether the column is on the page / in the file."""

    key: str
    label: Any
    value: str | Callable[[Any], Any] | None = None
    sort: str | tuple[str, ...] | bool | None = None
    css: str = ""
    page: bool = True
    export: bool = True
    number_format: str | None = None
    width: int | None = None

    def get(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        return resolve(row, self.value or self.key)

    @property
    def sort_fields(self) -> tuple[str, ...]:
        if not self.sort or self.sort is True:
            return ()
        return (self.sort,) if isinstance(self.sort, str) else tuple(self.sort)


@dataclass(frozen=True)
class Header:
    label: Any
    css: str
    url: str | None
    direction: str | None  # "asc", "desc" or None

    @property
    def aria_sort(self) -> str:
        return {"asc": "ascending", "desc": "descending"}.get(self.direction or "", "none")


def choice_label(field, value) -> str:
    choices = getattr(field, "choices", None)
    if choices is not None:
        for key, label in choices:
            if isinstance(label, (list, tuple)):  # grouped choices
                for sub_key, sub_label in label:
                    if str(sub_key) == str(value):
                        return str(sub_label)
            elif str(key) == str(value):
                return str(label)
    return str(value)


def form_filters(form) -> list[tuple[str, str]]:
    """The filters a bound, valid form applied, as (label, shown value) pairs for the export's header."""
    if form is None or not form.is_bound or not form.is_valid():
        return []
    pairs = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], (), False):
            continue
        if value is True:
            shown = _("Yes")
        elif isinstance(value, (dt.date, dt.datetime)):
            shown = value.isoformat()
        elif isinstance(value, Model):
            shown = str(value)
        elif isinstance(value, (list, tuple, QuerySet)):
            shown = "、".join(choice_label(field, v) for v in value)
        else:
            shown = choice_label(field, value)
        pairs.append((str(field.label or name), shown))
    return pairs


def _cell_value(value: Any) -> tuple[Any, str | None]:
    """A value openpyxl writes as is, and its number format."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return (_("Yes") if value else _("No")), None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, "yyyy-mm-dd hh:mm"
    if isinstance(value, dt.date):
        return value, "yyyy-mm-dd"
    if isinstance(value, Decimal):
        return value, "#,##0.00"
    if isinstance(value, (int, float, str)):
        return value, None
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value), None
    return str(value), None


class ListTable:
    """The page (or the file) of one list: see the module docstring."""

    def __init__(
        self,
        request,
        rows: QuerySet | Sequence,
        columns: Iterable[Column],
        *,
        title: Any,
        filters: Iterable[tuple[str, str]] = (),
        per_page: int = PAGE_SIZE,
        prepare: Callable[[list], list | None] | None = None,
        file_stem: str | None = None,
        max_export_rows: int = EXPORT_MAX_ROWS,
    ):
        self.request = request
        self.columns = list(columns)
        self.title = title
        self.filters = list(filters)
        self.per_page = per_page
        self.prepare = prepare
        self.file_stem = file_stem
        self.max_export_rows = max_export_rows
        self._by_key = {c.key: c for c in self.columns if c.sort}
        self.sort_key, self.descending = self._parse_sort(request.GET.get(SORT_PARAM, ""))
        self.rows = self._sorted(rows)
        self._page = None

    # sorting ---------------------------------------------------------------------------------
    def _parse_sort(self, raw: str) -> tuple[str | None, bool]:
        raw = (raw or "").strip()
        descending = raw.startswith("-")
        key = raw[1:] if descending else raw
        if key not in self._by_key:
            return None, False
        return key, descending

    def _sorted(self, rows):
        if self.sort_key is None:
            if isinstance(rows, QuerySet) and not rows.ordered:
                return rows.order_by("pk")
            return rows
        column = self._by_key[self.sort_key]
        if isinstance(rows, QuerySet):
            order = [
                F(name).desc(nulls_last=True) if self.descending else F(name).asc(nulls_last=True)
                for name in column.sort_fields
            ]
            return rows.order_by(*order, "-pk" if self.descending else "pk")

        def key(row):
            value = column.get(row)
            # None last either way; mixed types compare as text
            return (
                value is None,
                value if isinstance(value, (int, float, Decimal, dt.date)) else str(value or ""),
            )

        present = [r for r in rows if column.get(r) is not None]
        missing = [r for r in rows if column.get(r) is None]
        return sorted(present, key=key, reverse=self.descending) + missing

    # the page ----------------------------------------------------------------------------------
    @property
    def page(self):
        if self._page is None:
            page = Paginator(self.rows, self.per_page).get_page(self.request.GET.get("page"))
            rows = list(page.object_list)
            if self.prepare is not None:
                rows = self.prepare(rows) or rows
            page.object_list = rows
            self._page = page
        return self._page

    def _url(self, **changes) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def headers(self) -> list[Header]:
        headers = []
        for column in self.columns:
            if not column.page:
                continue
            if not column.sort:
                headers.append(Header(column.label, column.css, None, None))
                continue
            current = column.key == self.sort_key
            direction = ("desc" if self.descending else "asc") if current else None
            # the first click sorts ascending, the next one descending, and so on
            target = f"-{column.key}" if current and not self.descending else column.key
            headers.append(Header(column.label, column.css, self._url(**{SORT_PARAM: target}), direction))
        return headers

    @property
    def sort_value(self) -> str:
        """The current `?sort=` value (for a filter form's hidden field), "" when unsorted."""
        if self.sort_key is None:
            return ""
        return f"-{self.sort_key}" if self.descending else self.sort_key

    @property
    def export_url(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        params[EXPORT_PARAM] = "xlsx"
        return f"?{params.urlencode()}"

    # the export --------------------------------------------------------------------------------
    @property
    def export_requested(self) -> bool:
        return self.request.method in ("GET", "HEAD") and self.request.GET.get(EXPORT_PARAM) == "xlsx"

    def _export_rows(self):
        """Every row up to the cap (+1 to know it was reached), fetched and prepared in chunks."""
        limit = self.max_export_rows + 1
        for start in range(0, limit, EXPORT_CHUNK):
            chunk = list(self.rows[start : min(start + EXPORT_CHUNK, limit)])
            if not chunk:
                return
            if self.prepare is not None:
                chunk = self.prepare(chunk) or chunk
            yield from chunk
            if len(chunk) < EXPORT_CHUNK:
                return

    def file_name(self) -> str:
        stem = self.file_stem or str(self.title)
        return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"

    def export_response(self) -> FileResponse:
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        from wuye.core.excel import text_cell

        columns = [c for c in self.columns if c.export]
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title=_sheet_title(str(self.title)))
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width or max(
                10, len(str(column.label)) * 2 + 4
            )

        def text(value, **font):
            cell = text_cell(ws, value)
            if font:
                cell.font = Font(**font)
            return cell

        header_row = 6 if self.sort_key is not None else 5
        # write-only sheets write their panes with the first row: freeze below the header now
        ws.freeze_panes = f"A{header_row + 1}"
        ws.append([text(str(self.title), bold=True, size=14)])
        summary = "；".join(f"{label}：{value}" for label, value in self.filters) or _("All")
        ws.append([text(f"{_('Filters')}：{summary}")])
        if self.sort_key is not None:
            label = str(self._by_key[self.sort_key].label)
            order = _("descending") if self.descending else _("ascending")
            ws.append([f"{_('Sorted by')}：{label}（{order}）"])
        ws.append([f"{_('Exported at')}：{timezone.localtime():%Y-%m-%d %H:%M}"])
        ws.append([])
        header_fill = PatternFill("solid", fgColor="E6EFEC")
        header = []
        for column in columns:
            cell = text(str(column.label), bold=True)
            cell.fill = header_fill
            header.append(cell)
        ws.append(header)
        count = 0
        truncated = False
        for row in self._export_rows():
            if count >= self.max_export_rows:
                truncated = True
                break
            cells = []
            for column in columns:
                value, number_format = _cell_value(column.get(row))
                cell = text_cell(ws, value)
                if column.number_format or number_format:
                    cell.number_format = column.number_format or number_format
                cells.append(cell)
            ws.append(cells)
            count += 1
        if truncated:
            ws.append([])
            note = _("Only the first %(n)s rows were exported; narrow the filters to export the rest.")
            ws.append([text(note % {"n": self.max_export_rows}, bold=True, color="B00020")])
        # a spooled file keeps small workbooks in memory and streams big ones from disk in blocks
        out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        wb.save(out)
        out.seek(0)
        response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_header(self.file_name())
        response["X-Export-Rows"] = str(count)
        return response


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet1"


def attachment_header(file_name: str) -> str:
    """`attachment` with an ASCII fallback name and the real (Chinese) one per RFC 6266 / 5987."""
    fallback = file_name if file_name.isascii() else f"export-{timezone.localdate():%Y%m%d}.xlsx"
    fallback = fallback.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"
