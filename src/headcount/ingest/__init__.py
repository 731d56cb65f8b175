"""Ingest: read files as they come, validate every cell, keep the raw row, add statements and events."""

from headcount.ingest.errors import IngestError
from headcount.ingest.figures import FiguresReport, load_figures
from headcount.ingest.pipeline import IngestReport, ingest_path

__all__ = ["FiguresReport", "IngestError", "IngestReport", "ingest_path", "load_figures"]
