"""Hostile and broken files, built on the fly (nothing of the kind is kept in the repository).

Each builder writes one file to a path and returns it. The workbooks start from a real
one openpyxl writes and replace one part of it, so that only that part is hostile.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["record_id", "full_name"])
    sheet.append(["x1", "Yusuf Testman"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace(path: Path, part: str, write: Callable[[zipfile.ZipFile], None]) -> Path:
    """The workbook with `part` written by `write` instead of openpyxl's."""
    with (
        zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in original.infolist():
            if item.filename == part:
                write(out)
            else:
                out.writestr(item, original.read(item.filename))
    return path


def _sheet(rows: str, *, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{_inline("A1", "record_id")}{_inline("B1", "full_name")}</row>'


def xlsx_zip_bomb(path: Path, inflated_mb: int = 16) -> Path:
    """A sheet that inflates about a thousand times: `inflated_mb` MB from a few tens of KB."""
    row = f'<row r="2">{_inline("A2", "x")}{_inline("B2", "a" * 1000)}</row>'.encode()

    def write(out: zipfile.ZipFile) -> None:
        with out.open(SHEET, "w", force_zip64=True) as member:
            member.write(_sheet(HEADER_ROW + "<!--")[: -len(b"</sheetData></worksheet>")])
            block = b"-" * (1 << 20)  # inside the comment: XML that inflates and means nothing
            for _ in range(inflated_mb):
                member.write(block.replace(b"--", b"- "))
            member.write(b"-->" + row + b"</sheetData></worksheet>")

    return _replace(path, SHEET, write)


def xlsx_billion_laughs(path: Path, part: str = SHEET) -> Path:
    """Entities that expand exponentially, in the sheet (or another part)."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    doctype = f"<!DOCTYPE lolz [{entities}]>"
    if part == SHEET:
        content = _sheet(
            HEADER_ROW + f'<row r="2">{_inline("A2", "&lol9;")}</row>', doctype=doctype
        )
    else:
        with zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as original:
            text = original.read(part).decode()
        if text.startswith("<?xml"):
            head, _, rest = text.partition("?>")
            content = f"{head}?>{doctype}{rest}".encode()
        else:
            content = f"{doctype}{text}".encode()
    return _replace(path, part, lambda out: out.writestr(part, content))


def xlsx_broken_xml(path: Path) -> Path:
    """A sheet whose XML stops in the middle of a tag."""
    content = _sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inl')[:-10]
    return _replace(path, SHEET, lambda out: out.writestr(SHEET, content))


def xlsx_wide_row(path: Path, cells: int = 6000) -> Path:
    """A row of more cells than any list has columns."""
    row = '<row r="2">' + "".join(f"<c><v>{i}</v></c>" for i in range(cells)) + "</row>"
    return _replace(path, SHEET, lambda out: out.writestr(SHEET, _sheet(HEADER_ROW + row)))


def xlsx_far_row(path: Path) -> Path:
    """A cell at row ten billion (openpyxl would fill every row before it)."""
    row = f'<row r="9999999999">{_inline("A9999999999", "x")}</row>'
    return _replace(path, SHEET, lambda out: out.writestr(SHEET, _sheet(HEADER_ROW + row)))


def jsonl_lone_surrogate(path: Path) -> Path:
    path.write_bytes(
        b'{"record_id": "a", "full_name": "Ali"}\n{"record_id": "b", "full_name": "Om\\ud800ar"}\n'
    )
    return path


def jsonl_deeply_nested(path: Path, depth: int = 100_000) -> Path:
    path.write_text('{"record_id": "a", "note": ' + "[" * depth + "]" * depth + "}\n")
    return path


def csv_wide_header(path: Path, columns: int = 1_000_000) -> Path:
    path.write_text(",".join(f"c{i}" for i in range(columns)) + "\n" + "x\n")
    return path
