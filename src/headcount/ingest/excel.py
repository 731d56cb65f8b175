"""Excel workbooks (.xlsx): the first sheet's rows, read within bounds, XML defused.

An .xlsx is a zip of XML files, and both layers can be turned against the reader: a zip
member that inflates a thousand times (a 1 MB file that fills gigabytes), XML entities that
expand exponentially ("billion laughs"), a row of ten million cells, a cell at row ten
billion. openpyxl parses the XML (through defusedxml, which refuses entity declarations and
DTDs); before it does, this module
1. checks the archive from its directory: how many members, how large each is uncompressed,
   how much each inflates (Python's zipfile stops at a member's declared size, so a member
   that lies about it ends as broken XML, not as memory), and
2. walks the sheet's XML as a stream, one row in memory at a time, refusing a row past
   Excel's last (1,048,576), a row of more than `MAX_COLUMNS` cells, a value longer than
   `MAX_FIELD` characters, and any entity or DTD.
Only then does openpyxl read the rows (its `WorkSheetParser`, fed by its `ExcelReader`
without the step that sizes every sheet, which on a sheet without a declared size would
hold every cell of it in memory). A cell is read as written: a formula is kept as its
text, never evaluated. Anything openpyxl cannot read is "not a readable Excel file",
never a traceback.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from headcount.ingest.errors import IngestError
from headcount.ingest.limits import (
    MAX_COLUMNS,
    MAX_FIELD,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_STRINGS,
    MAX_XLSX_UNCOMPRESSED,
    XLSX_RATIO_FLOOR,
)
from headcount.ingest.text import Progress, Row, check_header

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
_REFERENCE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def read_xlsx(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """Rows of the first sheet of an Excel workbook; the first row is the header."""
    check_archive(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of styles it does not know
        reader, sheet = _open(path)
        try:
            _walk_sheet(reader.archive, sheet)
            if progress is not None:
                progress(path.stat().st_size)
            yield from _rows(reader, sheet)
        finally:
            reader.archive.close()


def check_archive(path: Path) -> None:
    """Refuse a workbook whose zip could not be read within the limits (module doc, 1)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IngestError(f"is not a readable Excel (.xlsx) file: {exc}") from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise IngestError(f"the workbook holds more than {MAX_XLSX_MEMBERS:,} files: refused")
    total = 0
    for member in members:
        size = member.file_size
        total += size
        ratio = size / max(member.compress_size, 1)
        if size > XLSX_RATIO_FLOOR and ratio > MAX_XLSX_RATIO:
            raise IngestError(
                f"the workbook's {member.filename} inflates {ratio:,.0f} times "
                f"(to {size >> 20:,} MB): a zip bomb, refused"
            )
        if member.filename.endswith("sharedStrings.xml") and size > MAX_XLSX_SHARED_STRINGS:
            raise IngestError(
                f"the workbook's table of strings is larger than "
                f"{MAX_XLSX_SHARED_STRINGS >> 20:,} MB uncompressed: split the file"
            )
    if total > MAX_XLSX_UNCOMPRESSED:
        raise IngestError(
            f"the workbook is larger than {MAX_XLSX_UNCOMPRESSED >> 30:,} GB uncompressed "
            f"({total >> 20:,} MB): split it, or save it as CSV"
        )


def _open(path: Path) -> tuple[Any, str]:
    """openpyxl's reader with strings, workbook and styles read; the first sheet's part."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(str(path), read_only=True, data_only=False)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            rel.target
            for _, rel in reader.parser.find_sheets()
            if "chartsheet" not in rel.Type and rel.target in reader.valid_files
        ]
    except Exception as exc:  # a hostile file can fail anywhere inside the parser
        raise IngestError(_unreadable(exc)) from None
    if not sheets:
        reader.archive.close()
        raise IngestError("the workbook has no sheet of cells", row=1)
    return reader, sheets[0]


def _walk_sheet(archive: zipfile.ZipFile, name: str) -> None:
    """Stream the sheet's XML once, one row in memory, refusing it past the limits."""
    data: Any = None
    cells = 0
    try:
        with archive.open(name) as source:
            for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
                tag = element.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "sheetData":
                        data = element
                    elif tag == "row":
                        cells = 0
                        _check_row_number(element.get("r"))
                    elif tag == "c":
                        cells += 1
                        _check_cell(element.get("r"), cells)
                elif tag in ("v", "t") and element.text and len(element.text) > MAX_FIELD:
                    raise IngestError(f"a cell is longer than {MAX_FIELD:,} characters")
                elif tag == "row" and data is not None:
                    data.clear()  # the rows read so far: nothing keeps them
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(_unreadable(exc)) from None


def _check_row_number(reference: str | None) -> None:
    if reference is not None and (not reference.isdigit() or int(reference) > EXCEL_ROWS):
        raise IngestError(f"the sheet has a row numbered {reference[:20]!r}, past Excel's last")


def _check_cell(reference: str | None, cells: int) -> None:
    if cells > MAX_COLUMNS:
        raise IngestError(f"a row of the sheet has more than {MAX_COLUMNS:,} cells")
    if reference is None:
        return
    match = _REFERENCE.match(reference)
    if match is None or _column_number(match.group(1)) > EXCEL_COLUMNS:
        raise IngestError(f"the sheet has a cell at {reference[:20]!r}, outside Excel's grid")
    if int(match.group(2)) > EXCEL_ROWS:
        raise IngestError(f"the sheet has a cell at {reference[:20]!r}, past Excel's last row")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _rows(reader: Any, sheet: str) -> Iterator[tuple[int, Row]]:
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = reader.wb
    header: list[str] | None = None
    try:
        with reader.archive.open(sheet) as source:
            parser = WorkSheetParser(
                source,
                reader.shared_strings,
                data_only=False,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            for number, found in parser.parse():
                cells = _cells(found, number)
                if header is None:
                    header = check_header(cells, row=number)
                    continue
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                    raise IngestError("has values beyond the last named column", row=number)
                cells = (cells + [""] * len(header))[: len(header)]
                yield number, dict(zip(header, cells, strict=True))
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(_unreadable(exc)) from None
    if header is None:
        raise IngestError("the sheet is empty: it needs a header row", row=1)


def _cells(found: list[dict[str, Any]], row: int) -> list[str]:
    width = max((c["column"] for c in found), default=0)
    cells = [""] * width
    for cell in found:
        text = _cell_text(cell["value"])
        if len(text) > MAX_FIELD:
            message = f"a cell is longer than {MAX_FIELD:,} characters"
            raise IngestError(message, row=row)
        cells[cell["column"] - 1] = text
    return cells


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unreadable(exc: BaseException) -> str:
    """What to tell a user about a workbook openpyxl or the XML parser gave up on."""
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps what went wrong in a ValueError of its own
        if isinstance(cause, DefusedXmlException):
            return (
                "the workbook's XML declares entities or a DTD, which no spreadsheet needs "
                "(a 'billion laughs' file?): refused"
            )
        if isinstance(cause, ParseError):
            line, column = getattr(cause, "position", (None, None))
            return f"the workbook's XML is broken (line {line}, column {column}): not a readable Excel file"
        cause = cause.__cause__ or cause.__context__
    return f"is not a readable Excel (.xlsx) file ({type(exc).__name__}: {str(exc)[:200]})"
