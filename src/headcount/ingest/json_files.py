"""JSON Lines (one record per line, streamed) and JSON documents (a list of records).

Python's `json` is the parser; what it accepts and the store could not keep is refused
here, naming the row: a lone surrogate (`"\\ud800"` is valid JSON but no valid text, and
would fail deep in the database driver), a value nested deeper than `MAX_DEPTH` (Python's
parser itself stops, with a RecursionError, near a thousand), an object of more keys than
`MAX_COLUMNS`. A JSON document is parsed whole, so it is limited in size; JSON Lines are
streamed and limited per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from headcount.ingest.errors import IngestError
from headcount.ingest.limits import MAX_COLUMNS, MAX_DEPTH, MAX_FIELD, MAX_JSON_DOCUMENT_BYTES
from headcount.ingest.text import Progress, Row, decoded_lines, surrogate


def read_jsonl(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """Objects of a JSON Lines file, one per line; blank lines are skipped."""
    with path.open("rb") as stream:
        yield from _jsonl_objects(stream, progress)


def _jsonl_objects(stream: IO[bytes], progress: Progress | None) -> Iterator[tuple[int, Row]]:
    for number, line in enumerate(decoded_lines(stream, progress), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_FIELD:
            raise IngestError(f"the line is longer than {MAX_FIELD:,} characters", row=number)
        value = _loads(line, number)
        if not isinstance(value, dict):
            raise IngestError("each line must be a JSON object", row=number)
        check_record(value, number, deep="{" in line or "[" in line, escaped="\\u" in line)
        yield number, value


def read_json(
    path: Path, progress: Progress | None = None, *, records: str | None = None
) -> Iterator[tuple[int, Row]]:
    """The records of a JSON document: its top-level list, or the list at `records` (a
    dotted path of keys, `persons` or `data.items`). Row numbers are positions in the list."""
    size = path.stat().st_size
    if size > MAX_JSON_DOCUMENT_BYTES:
        raise IngestError(
            f"a JSON document is read whole, and this one is larger than "
            f"{MAX_JSON_DOCUMENT_BYTES >> 20:,} MB: write it as JSON Lines (one record a line)"
        )
    raw = path.read_bytes()
    if progress is not None:
        progress(size)
    if b"\x00" in raw:
        raise IngestError("contains a NUL byte (a binary or corrupted file?)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IngestError(
            f"is not UTF-8 text (byte 0x{raw[exc.start : exc.start + 1].hex()} on line {line}); "
            "save the file as UTF-8"
        ) from None
    del raw
    document = _loads(text, None)
    found = _records_at(document, records)
    for position, value in enumerate(found, start=1):
        if not isinstance(value, dict):
            raise IngestError("each record must be a JSON object", row=position)
        check_record(value, position, deep=True, escaped=True)
        yield position, value


def _loads(text: str, row: int | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = (
            f"line {exc.lineno}, column {exc.colno}" if row is None else f"character {exc.pos + 1}"
        )
        raise IngestError(
            f"is not valid JSON ({exc.msg} at {where}; truncated?)", row=row
        ) from None
    except RecursionError:
        raise IngestError(
            f"is nested deeper than any record (more than {MAX_DEPTH} levels)", row=row
        ) from None


def _records_at(document: Any, path: str | None) -> list[Any]:
    value = document
    for key in path.split(".") if path else []:
        if not isinstance(value, dict) or key not in value:
            raise IngestError(f"the document has no list of records at {path!r} (no key {key!r})")
        value = value[key]
    if not isinstance(value, list):
        where = f"at {path!r}" if path else "at its top level"
        keys = (
            sorted(k for k, v in document.items() if isinstance(v, list))
            if isinstance(document, dict)
            else []
        )
        hint = (
            f"; the mapping's `records:` names where they are ({', '.join(keys)}?)" if keys else ""
        )
        raise IngestError(f"the document holds no list of records {where}{hint}")
    return value


def check_record(value: dict[str, Any], row: int, *, deep: bool, escaped: bool) -> None:
    """Refuse a record the store could not keep (see the module doc); `deep` and `escaped`
    say whether its text could hold nesting or escapes at all (skipping the walk if not)."""
    if len(value) > MAX_COLUMNS:
        raise IngestError(f"the object has more than {MAX_COLUMNS:,} keys", row=row)
    if deep or escaped:
        _walk(value, row, 1)


def _walk(value: Any, row: int, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise IngestError(
            f"is nested deeper than any record (more than {MAX_DEPTH} levels)", row=row
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _text(key, row, key)
            _walk(item, row, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _walk(item, row, depth + 1)
    elif isinstance(value, str):
        _text(value, row, None)


def _text(text: str, row: int, key: str | None) -> None:
    code = surrogate(text)
    if code is not None:
        what = "a key" if key is not None else "a value"
        raise IngestError(
            f"{what} holds the lone surrogate {code}: it is not valid Unicode text "
            "(a broken \\u escape?)",
            row=row,
        )
