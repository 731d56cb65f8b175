"""How `headcount count --by …,sex|age_group|destination|detention` prints: a table of the
parts per country (in place of the whole's), and one of the flags (women, men, minors,
repatriated, prosecuted, convicted) beside the statuses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from headcount.accounting.breakdowns import FLAGS
from headcount.accounting.rules import STATUS_ORDER
from headcount.cli.common import cell_text

if TYPE_CHECKING:
    from headcount.accounting.counts import Counts

WHOLE_PARTS = ("sex", "age_group")
"""Breakdowns that split every counted person (the others split one status)."""


def parts_table(result: Counts, title: str) -> Table:
    """A row per country and part: its persons, and for sex and age group every status."""
    heading = f"by {result.breakdown}: {title}"
    table = Table(title=heading, min_width=min(len(heading), 118))
    table.add_column("country")
    table.add_column(str(result.breakdown))
    table.add_column("persons", justify="right")
    statuses = [s.value for s in STATUS_ORDER] if result.breakdown in WHOLE_PARTS else []
    for s in statuses:
        table.add_column(s.replace("_", "\n"), justify="right")
    countries = [r.country for r in result.rows]
    for country in countries:
        for part, rows in result.parts.items():
            row = next((r for r in rows if r.country == country), None)
            if row is None or row.departed.high == 0:
                continue
            cells = [cell_text(row.statuses[s]) for s in statuses if s in row.statuses]
            table.add_row(country, part, cell_text(row.departed), *cells)
    return table


def flags_table(result: Counts) -> Table:
    """A row per country: the flags, columns beside the statuses (not in their sum)."""
    table = Table(title="beside the statuses (not in their sum)")
    table.add_column("country")
    for flag in FLAGS:
        table.add_column(flag, justify="right")
    for row in result.rows:
        table.add_row(row.country, *(cell_text(row.flags[f]) for f in FLAGS))
    return table
