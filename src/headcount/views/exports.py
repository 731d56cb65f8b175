"""Exports from the workbench: the library's `export` (records, persons or FollowTheMoney
entities) through the user's compartments, audited there; analysts and above.

Without restricted access an export holds the open sources' records and the persons of the
open records' own linkage run, exactly what that user sees on the pages.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from headcount.export import ExportFormat, ExportKind, export
from headcount.security.accounts import User
from headcount.security.audit import NotAllowed
from headcount.security.compartments import compartments_for
from headcount.security.roles import Action
from headcount.storage.engine import Store
from headcount.views.cache import require_schema

MEDIA_TYPES = {ExportFormat.csv: "text/csv", ExportFormat.jsonl: "application/x-ndjson"}


@dataclass(frozen=True)
class ExportFile:
    """A written export: where it is (a temporary file the caller deletes), its name."""

    path: Path
    file_name: str
    media_type: str
    rows: int


def export_for(store: Store, user: User, kind: ExportKind, fmt: ExportFormat) -> ExportFile:
    """Write an export to a temporary file (FollowTheMoney is always JSON Lines)."""
    if not user.can(Action.export):
        raise NotAllowed("exporting needs the analyst role or above")
    require_schema(store)
    chosen = ExportFormat.jsonl if kind is ExportKind.ftm else fmt
    descriptor, name = tempfile.mkstemp(prefix="headcount-export-", suffix=f".{chosen.value}")
    os.close(descriptor)
    path = Path(name)
    rows = export(store, kind, chosen, path, user=user.name, compartments=compartments_for(user))
    return ExportFile(path, f"headcount-{kind.value}.{chosen.value}", MEDIA_TYPES[chosen], rows)
