"""Uploading a file to ingest, with a report of every bad row, not only the first.

`ingest_path` stops at the first bad cell and writes nothing (all or nothing). A person
fixing a file wants every problem at once, so `upload` first reads the whole file and
checks every row the way ingest would (`ingest.rows.parse_row`), collecting up to `limit`
errors by row and column; only a file with none is ingested, by `ingest_path` itself, in
one transaction. A refused upload writes nothing but an audit entry saying so.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from headcount.ingest import IngestError, IngestReport, ingest_path
from headcount.ingest.mapping import Mapping, load_mapping
from headcount.ingest.readers import SUFFIXES, reader_for
from headcount.ingest.rows import parse_row
from headcount.model.vocabulary import Compartment
from headcount.security.accounts import User
from headcount.security.audit import NotAllowed
from headcount.security.compartments import compartments_for
from headcount.security.roles import Action
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store
from headcount.storage.tables import sources
from headcount.views.cache import require_schema

ERROR_LIMIT = 100
MAX_BYTES = 1 << 30
"""The largest upload taken (1 GiB); bigger files go through `headcount ingest`."""
_SAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class RowError:
    """One problem: the row (None for the whole file), the column, what is wrong."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "error": self.message}


@dataclass
class UploadResult:
    """What an upload did: the errors found (then nothing was ingested) or the ingest."""

    file: str
    source: str | None
    errors: list[RowError] = field(default_factory=list)
    more_errors: bool = False
    """More errors were found than are listed."""
    rows_checked: int = 0
    ingested: list[IngestReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "errors": [e.as_dict() for e in self.errors],
            "more_errors": self.more_errors,
            "ingested": [
                {k: v for k, v in r.to_dict().items() if k != "file"} for r in self.ingested
            ],
        }


def safe_file_name(name: str) -> str:
    """The uploaded file's own name, without folders or odd characters; its suffix must be
    one ingest reads."""
    base = _SAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    if Path(base).suffix.lower() not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise IngestError(
            f"cannot read {Path(base).suffix or 'a file without a suffix'}; use {known}"
        )
    return base


def check_rows(
    path: Path, mapping: Mapping, *, limit: int = ERROR_LIMIT
) -> tuple[list[RowError], bool, int]:
    """Every row checked as ingest would: (errors up to `limit`, whether there were more,
    rows read). A problem that stops reading the file (its encoding, its header) ends it."""
    errors: list[RowError] = []
    more = False
    rows = 0
    today = date.today()
    try:
        for number, row in reader_for(path)(path, None):
            rows += 1
            try:
                parse_row(number, row, mapping, today)
            except IngestError as exc:
                if len(errors) == limit:
                    more = True
                    continue
                errors.append(RowError(exc.row or number, exc.column, exc.message))
    except IngestError as exc:
        errors.append(RowError(exc.row, exc.column, exc.message))
    return errors, more, rows


def _refusal(source_name: str, mapping: Mapping, user: User, store: Store) -> str | None:
    """Why this user may not ingest into this source, if they may not."""
    visible = compartments_for(user)
    with store.reading() as connection:
        existing = connection.execute(
            select(sources.c.compartment).where(sources.c.name == source_name)
        ).scalar()
    if existing is not None and Compartment(existing) not in visible:
        return f"the source name {source_name!r} is taken: choose another name"
    wanted = mapping.source.compartment
    if existing is not None and wanted is not None and Compartment(existing) is not wanted:
        return (
            f"the source {source_name!r} exists in the {existing} compartment, but the mapping "
            f"says {wanted.value}: name another source"
        )
    if existing is None and (wanted or Compartment.open) not in visible:
        return "only users with restricted access may create a source in the restricted compartment"
    return None


def _upload_compartment(
    store: Store, source_name: str | None, mapping: Mapping | None
) -> Compartment:
    """The compartment an upload's audit entry is in: restricted if it names a restricted
    source or means to make one."""
    if mapping is not None and mapping.source.compartment is Compartment.restricted:
        return Compartment.restricted
    with store.reading() as connection:
        existing = connection.execute(
            select(sources.c.compartment).where(sources.c.name == source_name)
        ).scalar()
    return Compartment(existing) if existing is not None else Compartment.open


def upload(
    store: Store,
    user: User,
    file_name: str,
    content: IO[bytes],
    *,
    mapping: IO[bytes] | None = None,
    source: str | None = None,
    grade: str | None = None,
    limit: int = ERROR_LIMIT,
) -> UploadResult:
    """Check an uploaded file row by row; ingest it only when every row is good."""
    if not user.can(Action.ingest):
        raise NotAllowed("ingesting needs the analyst role or above")
    require_schema(store)
    with tempfile.TemporaryDirectory(prefix="headcount-upload-") as folder:
        try:
            name = safe_file_name(file_name)
        except IngestError as exc:
            return _refused(
                store, user, UploadResult(file_name, source, [RowError(None, None, exc.message)])
            )
        path = Path(folder) / name
        mapping_path = Path(folder) / "mapping.yaml" if mapping is not None else None
        if not _saved(content, path) or (mapping is not None and not _saved(mapping, mapping_path)):
            message = f"the upload is larger than {MAX_BYTES >> 20:,} MB: use `headcount ingest`"
            return _refused(
                store, user, UploadResult(name, source, [RowError(None, None, message)])
            )
        return _check_then_ingest(store, user, path, mapping_path, source, grade, limit)


def _saved(content: IO[bytes], path: Path | None) -> bool:
    """Copy an upload to `path`; False (and stop) past `MAX_BYTES`."""
    assert path is not None
    written = 0
    with path.open("wb") as out:
        while chunk := content.read(1 << 20):
            written += len(chunk)
            if written > MAX_BYTES:
                return False
            out.write(chunk)
    return True


def _check_then_ingest(
    store: Store,
    user: User,
    path: Path,
    mapping_path: Path | None,
    source: str | None,
    grade: str | None,
    limit: int,
) -> UploadResult:
    result = UploadResult(path.name, source)
    try:
        mapping = load_mapping(mapping_path) if mapping_path is not None else Mapping()
    except IngestError as exc:
        result.errors.append(RowError(None, exc.column, f"in the mapping: {exc.message}"))
        return _refused(store, user, result)
    result.source = source or mapping.source.name or path.stem
    refusal = _refusal(result.source, mapping, user, store)
    if refusal is not None:
        result.errors.append(RowError(None, None, refusal))
        return _refused(store, user, result, mapping)
    result.errors, result.more_errors, result.rows_checked = check_rows(path, mapping, limit=limit)
    if result.errors:
        return _refused(store, user, result, mapping)
    try:
        result.ingested = ingest_path(
            store, path, source=result.source, mapping=mapping_path, grade=grade, user=user.name
        )
    except IngestError as exc:
        result.errors.append(RowError(exc.row, exc.column, exc.message))
        return _refused(store, user, result, mapping)
    return result


def _refused(
    store: Store, user: User, result: UploadResult, mapping: Mapping | None = None
) -> UploadResult:
    """Audit a refused upload (nothing else is written)."""
    detail = {"file": result.file, "errors": len(result.errors), "more_errors": result.more_errors}
    compartment = _upload_compartment(store, result.source, mapping)
    with store.transaction() as connection:
        record_audit(
            connection, user.name, "ingest_refused", "source", result.source, detail,
            compartment=compartment,
        )  # fmt: skip
    return result
