"""Text as the readers take it: bytes to lines of UTF-8, each bounded, NUL bytes refused."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from headcount.ingest.errors import IngestError
from headcount.ingest.limits import MAX_COLUMNS, MAX_LINE_BYTES

Row = dict[str, Any]
Progress = Callable[[int], None]
"""Told how many more bytes of the file have been read."""

_SURROGATE = re.compile("[\ud800-\udfff]")


class BadBytes(IngestError):
    """Bytes no reader accepts; `before` is the line's text up to them (to find the column)."""

    def __init__(self, message: str, row: int, before: str) -> None:
        super().__init__(message, row=row)
        self.before = before


def decoded_lines(stream: IO[bytes], progress: Progress | None) -> Iterator[str]:
    """Lines as text, refusing NUL bytes, anything that is not UTF-8 and lines longer than
    `MAX_LINE_BYTES`, by line number."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if progress is not None:
            progress(len(raw))
        if len(raw) > MAX_LINE_BYTES:
            raise IngestError(
                f"a line is longer than {MAX_LINE_BYTES >> 20:,} MB (not a text file, "
                "or a file without line ends?)",
                row=number,
            )
        if (nul := raw.find(b"\x00")) >= 0:
            before = raw[:nul].decode("utf-8", "replace")
            raise BadBytes("contains a NUL byte (a binary or corrupted file?)", number, before)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            raise BadBytes(
                f"is not UTF-8 text (byte 0x{bad} at position {exc.start + 1}); "
                "save the file as UTF-8",
                number,
                raw[: exc.start].decode("utf-8", "replace"),
            ) from None
        yield line.removeprefix("\ufeff") if number == 1 else line


def surrogate(text: str) -> str | None:
    """`U+D800` for the first lone surrogate in `text` (text no encoding can write), or None."""
    match = _SURROGATE.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def check_header(header: list[str], *, row: int = 1) -> list[str]:
    """The column names of a header row, refused when empty, unnamed, repeated or too many."""
    if len(header) > MAX_COLUMNS:
        raise IngestError(
            f"the header has {len(header):,} columns, more than {MAX_COLUMNS:,}", row=row
        )
    names = [h.strip() for h in header]
    if not any(names):
        raise IngestError("the header row is empty", row=row)
    for position, name in enumerate(names, start=1):
        if not name:
            raise IngestError(f"column {position} of the header has no name", row=row)
        if (code := surrogate(name)) is not None:
            raise IngestError(f"column {position} of the header holds {code}, not text", row=row)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise IngestError("the header names this column twice", row=row, column=name)
        seen.add(name)
    return names
