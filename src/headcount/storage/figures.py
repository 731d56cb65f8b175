"""The rows of published figures: loaded by `ingest.figures`, read by accounting's
reconciliation and alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, insert, select

from headcount.storage.tables import published_figures

FIGURE_FIELDS = (
    "metric_original",
    "low",
    "high",
    "as_of",
    "as_of_earliest",
    "as_of_latest",
    "publisher",
    "note",
)
"""The columns of a figure as accounting reads it, in this order."""

_COLUMNS = tuple(published_figures.c[name] for name in FIGURE_FIELDS)


def country_figure_rows(connection: Connection, country: str) -> list[Sequence[Any]]:
    """Every figure for a country that gives a number (a note alone gives none), as rows of
    `FIGURE_FIELDS`, in the order they were loaded."""
    t = published_figures.c
    return list(
        connection.execute(
            select(*_COLUMNS)
            .where(t.country_code == country, (t.low.is_not(None)) | (t.high.is_not(None)))
            .order_by(t.id)
        ).all()
    )


def dated_figure_rows_since(connection: Connection, since: date) -> list[tuple[str, Sequence[Any]]]:
    """Each dated figure loaded on or after `since`: its country code and its row of
    `FIGURE_FIELDS`, in the order they were loaded."""
    t = published_figures.c
    rows = connection.execute(
        select(t.country_code, *_COLUMNS)
        .where(t.loaded_at >= datetime.combine(since, time.min))
        .where(t.as_of_latest.is_not(None))
        .order_by(t.id)
    ).all()
    return [(row[0], row[1:]) for row in rows]


def figure_hashes(connection: Connection) -> set[str]:
    """The content hashes of every figure loaded (so that a figure is loaded once)."""
    return set(connection.execute(select(published_figures.c.content_hash)).scalars())


def insert_figures(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Add figures."""
    if rows:
        connection.execute(insert(published_figures), rows)


def figure_countries(connection: Connection) -> list[str]:
    """The countries published figures are about, sorted."""
    query = select(published_figures.c.country_code).distinct()
    return [
        str(c)
        for c in connection.execute(query.order_by(published_figures.c.country_code)).scalars()
    ]
