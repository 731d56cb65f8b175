"""What `headcount export` writes and in which format, apart from the writers, so that the
command line can offer the choices without importing the store."""

from __future__ import annotations

from enum import StrEnum


class ExportKind(StrEnum):
    records = "records"
    persons = "persons"
    ftm = "ftm"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
