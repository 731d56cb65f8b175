"""Reading the unparsed statements of records (values kept verbatim that could not be read)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Connection, select

from headcount.storage.tables import unparsed_statements

FIELDS = ("prop", "source_column", "value", "error_type", "error")


def unparsed_of(
    connection: Connection, record_ids: Collection[int]
) -> dict[int, list[dict[str, str]]]:
    """Each record's unparsed statements, in the order they were written."""
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    if not record_ids:
        return found
    ids = list(record_ids)
    for start in range(0, len(ids), 5000):  # within every database's limit of parameters
        rows = connection.execute(
            select(unparsed_statements)
            .where(unparsed_statements.c.record_id.in_(ids[start : start + 5000]))
            .order_by(unparsed_statements.c.id)
        ).mappings()
        for row in rows:
            found[row["record_id"]].append({k: row[k] for k in FIELDS})
    return found
