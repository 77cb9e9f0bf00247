"""The directory as a spreadsheet (CSV or XLSX): one row per service, an agency without services on a row
of its own. Columns have stable English names, so a file exported in one language imports in the other.

This module knows the file format only: reading a file into rows of text, writing rows into a file.
What the rows mean, and whether they are valid, is the import service's business.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.directory.models import Agency, Service, split_list

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX file is a zip archive: refuse one that would inflate beyond this (a "zip bomb").
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
FORMATS = ("csv", "xlsx")

# A cell starting with one of these is run as a formula by spreadsheet programs: exported text is
# prefixed with an apostrophe (which the import removes again), so a partner's file cannot carry a
# formula into someone else's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    target: str  # "agency" or "service"
    field: str
    help: Promise
    required: bool = False
    is_list: bool = False


COLUMNS = [
    Column("agency_name", "agency", "name", gettext_lazy("Name of the agency."), required=True),
    Column(
        "agency_kind",
        "agency",
        "kind",
        gettext_lazy("Kind of agency: its code (e.g. victim_support) or its name in French or English."),
        required=True,
    ),
    Column(
        "department", "agency", "department_code", gettext_lazy("Department code, e.g. 82, 2A, 974."), required=True
    ),
    Column("municipality", "agency", "municipality", gettext_lazy("Municipality of the agency.")),
    Column("postcode", "agency", "postcode", gettext_lazy("Postcode of the agency (five digits).")),
    Column(
        "reception_address",
        "agency",
        "reception_address",
        gettext_lazy("Address of the public reception. Never the address of a shelter."),
    ),
    Column("agency_email", "agency", "email", gettext_lazy("Contact email of the agency.")),
    Column("agency_phone", "agency", "phone", gettext_lazy("Contact phone of the agency.")),
    Column("website", "agency", "website", gettext_lazy("Website (https://…).")),
    Column(
        "agency_languages",
        "agency",
        "languages",
        gettext_lazy("Languages spoken: ISO 639 codes separated by commas, e.g. fr, en, ar."),
        is_list=True,
    ),
    Column("agency_accessibility", "agency", "accessibility", gettext_lazy("Accessibility of the agency.")),
    Column(
        "service_name",
        "service",
        "name",
        gettext_lazy("Name of the service; leave the service columns empty for an agency without services."),
    ),
    Column("service_description", "service", "description", gettext_lazy("What the service does, for whom.")),
    Column(
        "move_phase",
        "service",
        "move_phase",
        gettext_lazy("MOVE phase of the service: first_line, secondary or specialised (or their names)."),
    ),
    Column("service_languages", "service", "languages", gettext_lazy("Languages of the service."), is_list=True),
    Column("service_accessibility", "service", "accessibility", gettext_lazy("Accessibility of the service.")),
    Column("service_email", "service", "email", gettext_lazy("Contact email of the service.")),
    Column("service_phone", "service", "phone", gettext_lazy("Contact phone of the service.")),
    Column("opening_hours", "service", "opening_hours", gettext_lazy("Opening hours, e.g. Mon–Fri 9:00–17:00.")),
    Column(
        "covered_postcodes",
        "service",
        "covered_postcodes",
        gettext_lazy("Postcodes the service covers, separated by commas."),
        is_list=True,
    ),
    Column(
        "covered_municipalities",
        "service",
        "covered_municipalities",
        gettext_lazy("Municipalities the service covers, separated by commas."),
        is_list=True,
    ),
    Column(
        "covered_departments",
        "service",
        "covered_departments",
        gettext_lazy("Departments the service covers, separated by commas."),
        is_list=True,
    ),
    Column(
        "provides_shelter",
        "service",
        "provides_shelter",
        gettext_lazy("Whether the service offers shelter places: yes or no."),
    ),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; its message is translated and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    line: int  # the row number a spreadsheet program shows; the header is line 1
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[Row]


# --- Reading -------------------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> Table:
    """Rows of text from an uploaded CSV or XLSX file; empty rows are skipped."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is too large (2 MB at most)."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        lines = _xlsx_lines(data)
    elif extension == "csv":
        lines = _csv_lines(data)
    else:
        raise SpreadsheetError(_("Send a CSV or XLSX file."))
    if not lines:
        raise SpreadsheetError(_("The file is empty."))
    header = [cell.strip().lower() for cell in lines[0][1]]
    missing = [column.name for column in COLUMNS if column.required and column.name not in header]
    if missing:
        raise SpreadsheetError(_("Columns missing from the first line: %(columns)s.") % {"columns": ", ".join(missing)})
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise SpreadsheetError(_("Columns present twice: %(columns)s.") % {"columns": ", ".join(repeated)})
    unknown = [name for name in header if name and name not in COLUMNS_BY_NAME]
    if unknown:
        raise SpreadsheetError(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown)[:300], "known": ", ".join(COLUMN_NAMES)}
        )
    rows = []
    for line, cells in lines[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: _restore(cells[index].strip()) if index < len(cells) else "" for index, name in enumerate(header)
        }
        values.pop("", None)
        rows.append(Row(line, values))
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    if not rows:
        raise SpreadsheetError(_("The file has no row under its first line."))
    return Table(columns=[name for name in header if name], rows=rows)


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    if b"\x00" in data:
        raise SpreadsheetError(_("This is not a CSV file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs in French save "CSV" in Windows-1252 unless asked for UTF-8.
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return list(enumerate(reader, start=1))  # bounded by the size of the upload
    except csv.Error as error:
        raise SpreadsheetError(
            _("This CSV file cannot be read near line %(line)s.") % {"line": reader.line_num}
        ) from error


def _xlsx_lines(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise SpreadsheetError(_("The file is too large once unpacked."))
            if "xl/workbook.xml" not in archive.namelist():
                raise SpreadsheetError(_("This is not an XLSX file."))
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(_("This is not an XLSX file.")) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise SpreadsheetError(_("This XLSX file cannot be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if index > MAX_ROWS + 1:
                raise SpreadsheetError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
            lines.append((index, [_cell_text(value) for value in cells]))
        return lines
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _restore(value: str) -> str:
    """Undo the apostrophe put before a formula-like cell on export."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


# --- Writing -------------------------------------------------------------------------------------


def directory_rows(agencies: Iterable[Agency]) -> list[list[str]]:
    """The header and one row per service (or per agency without services), in column order."""
    rows = [COLUMN_NAMES]
    for agency in agencies:
        services: list[Service | None] = list(agency.services.all()) or [None]
        for service in services:
            rows.append([_value(agency if column.target == "agency" else service, column) for column in COLUMNS])
    return rows


def _value(obj: Agency | Service | None, column: Column) -> str:
    if obj is None:
        return ""
    value = getattr(obj, column.field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.is_list:
        return ", ".join(split_list(value))
    return str(value)


def _neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_neutralise(value) for value in row])
    # With a byte-order mark, spreadsheet programs open the file as UTF-8 (accents intact).
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "directory"
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            cell.data_type = "s"  # text, never a formula, whatever it starts with
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
