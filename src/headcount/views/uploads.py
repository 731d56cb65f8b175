"""Uploading a file to ingest: what was ingested, and every value that could not be read.

By default an upload is ingested as `headcount ingest` would: a value that cannot be read
(an impossible date, a country that is none) is kept verbatim as an unparsed statement and
listed in the result as a warning (the first `limit`, and how many in all); a fault of the
file itself (its encoding, quoting, header, limits) refuses it. With `strict`, as
`--strict`: the whole file is first read and every row checked, and any bad value refuses
the file, each bad row listed (up to `limit`), so that a person fixing the file sees every
problem at once. A refused upload writes nothing but an audit entry saying so.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from headcount.ingest import IngestError, IngestReport, ingest_path
from headcount.ingest.mapping import Mapping
from headcount.ingest.mapping_file import load_mapping
from headcount.ingest.readers import SUFFIXES, read_rows
from headcount.ingest.rows import parse_row
from headcount.linkage.namecache import cached_features
from headcount.model.vocabulary import Compartment
from headcount.security.accounts import User
from headcount.security.audit import NotAllowed
from headcount.security.compartments import compartments_for
from headcount.security.roles import Action
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store
from headcount.storage.ingests import source_row
from headcount.views.cache import require_schema

ERROR_LIMIT = 100
MAX_BYTES = 1 << 30
"""The largest upload taken (1 GiB); bigger files go through `headcount ingest`."""
MAX_MAPPING_BYTES = 1 << 20
"""A mapping is a page of YAML; a megabyte is far more than any needs."""
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
    """What an upload did: the errors found (then nothing was ingested) or the ingest, with
    the values it kept unparsed (`warnings`)."""

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

    @property
    def warnings(self) -> list[dict[str, Any]]:
        """The values kept unparsed (the first ones; `warnings_total` counts them all)."""
        return [f.as_dict() for r in self.ingested for f in r.faults]

    @property
    def warnings_total(self) -> int:
        return sum(r.values_unparsed for r in self.ingested)

    @property
    def notes(self) -> list[dict[str, Any]]:
        """Values read one way among several, or kept as written (a historical state)."""
        return [n.as_dict() for r in self.ingested for n in r.notes]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "errors": [e.as_dict() for e in self.errors],
            "more_errors": self.more_errors,
            "warnings": self.warnings,
            "warnings_total": self.warnings_total,
            "notes": self.notes,
            "ingested": [r.summary() | {"columns_unread": r.columns_unread} for r in self.ingested],
        }


def safe_file_name(name: str) -> str:
    """The uploaded file's own name, without folders or odd characters; its suffix must be
    one ingest reads."""
    base = _SAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._")[:150] or "upload"
    if Path(base).suffix.lower() not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise IngestError(
            f"cannot read {Path(base).suffix or 'a file without a suffix'}; use {known}"
        )
    return base


def check_rows(
    path: Path, mapping: Mapping, *, limit: int = ERROR_LIMIT
) -> tuple[list[RowError], bool, int]:
    """Every row checked strictly, as `--strict` would: (errors up to `limit`, whether there
    were more, rows read). A fault of the file (its encoding, its header) ends it."""
    errors: list[RowError] = []
    more = False
    rows = 0
    today = date.today()
    try:
        for number, row in read_rows(path, records=mapping.records):
            rows += 1
            try:
                parse_row(number, row, mapping, today, strict=True)
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
        found = source_row(connection, source_name)
    existing = found[1] if found is not None else None
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
    if source_name is None:
        return Compartment.open
    with store.reading() as connection:
        found = source_row(connection, source_name)
    return Compartment(found[1]) if found is not None else Compartment.open


def upload(
    store: Store,
    user: User,
    file_name: str,
    content: IO[bytes],
    *,
    mapping: IO[bytes] | None = None,
    source: str | None = None,
    grade: str | None = None,
    strict: bool = False,
    limit: int = ERROR_LIMIT,
) -> UploadResult:
    """Ingest an uploaded file (see the module doc)."""
    if not user.can(Action.ingest):
        raise NotAllowed("ingesting needs the analyst role or above")
    require_schema(store)
    with tempfile.TemporaryDirectory(prefix="headcount-upload-") as folder:
        try:
            name = safe_file_name(file_name)
        except IngestError as exc:
            shown = Path(file_name.replace("\\", "/")).name[:150]
            return _refused(store, user, UploadResult(shown, source, [_error(exc)]))
        path = Path(folder) / name
        mapping_path = Path(folder) / "mapping.yaml" if mapping is not None else None
        if not _saved(content, path, MAX_BYTES):
            message = f"the upload is larger than {MAX_BYTES >> 20:,} MB: use `headcount ingest`"
            return _refused(
                store, user, UploadResult(name, source, [RowError(None, None, message)])
            )
        if mapping is not None and not _saved(mapping, mapping_path, MAX_MAPPING_BYTES):
            message = f"in the mapping: a mapping is at most {MAX_MAPPING_BYTES >> 10:,} KB"
            return _refused(
                store, user, UploadResult(name, source, [RowError(None, None, message)])
            )
        result = UploadResult(path.name, source)
        return _check_then_ingest(store, user, result, path, mapping_path, grade, strict, limit)


def _saved(content: IO[bytes], path: Path | None, limit: int) -> bool:
    """Copy an upload to `path`; False (and stop) past `limit` bytes."""
    assert path is not None
    written = 0
    with path.open("wb") as out:
        while chunk := content.read(1 << 20):
            written += len(chunk)
            if written > limit:
                return False
            out.write(chunk)
    return True


def _check_then_ingest(
    store: Store,
    user: User,
    result: UploadResult,
    path: Path,
    mapping_path: Path | None,
    grade: str | None,
    strict: bool,
    limit: int,
) -> UploadResult:
    try:
        mapping = load_mapping(mapping_path) if mapping_path is not None else Mapping()
    except IngestError as exc:
        result.errors.append(RowError(None, exc.column, f"in the mapping: {exc.message}"))
        return _refused(store, user, result)
    result.source = result.source or mapping.source.name or path.stem
    refusal = _refusal(result.source, mapping, user, store)
    if refusal is not None:
        result.errors.append(RowError(None, None, refusal))
        return _refused(store, user, result, mapping)
    if strict:
        result.errors, result.more_errors, result.rows_checked = check_rows(
            path, mapping, limit=limit
        )
        if result.errors:
            return _refused(store, user, result, mapping)
    try:
        result.ingested = ingest_path(
            store,
            path,
            source=result.source,
            mapping=mapping_path,
            grade=grade,
            user=user.name,
            strict=strict,
            name_cache=cached_features,
        )
    except IngestError as exc:
        result.errors.append(_error(exc))
        return _refused(store, user, result, mapping)
    result.rows_checked = sum(r.rows_read for r in result.ingested)
    return result


def _error(exc: IngestError) -> RowError:
    return RowError(exc.row, exc.column, exc.message)


def _refused(
    store: Store, user: User, result: UploadResult, mapping: Mapping | None = None
) -> UploadResult:
    """Audit a refused upload (nothing else is written)."""
    detail = {"file": result.file, "errors": len(result.errors), "more_errors": result.more_errors}
    compartment = _upload_compartment(store, result.source, mapping)
    with store.transaction() as connection:
        record_audit(
            connection,
            user.name,
            "ingest_refused",
            "source",
            result.source,
            detail,
            compartment=compartment,
        )
    return result
