"""Tables of docs/simulator.md generated from the source specs, so the page cannot drift.

`sources_table()` lists every source (kind, file, language, compartment, reliability, date);
`coverage_table()` its coverage model; `noise_table()` its noise profile. The docs test
checks that the page holds them exactly as printed here.
"""

from __future__ import annotations

from headcount.simulate.sources.base import SourceSpec
from headcount.simulate.sources.registry import SOURCES


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def sources_table(sources: tuple[SourceSpec, ...] = SOURCES) -> str:
    """Markdown: one row per source with its mapping metadata and description."""
    rows = [
        [
            f"`{s.name}`",
            s.kind.value,
            f"`{s.file_name}`",
            s.language,
            s.compartment.value,
            s.reliability,
            str(s.credibility),
            s.published,
            s.description,
        ]
        for s in sources
    ]
    header = [
        "source",
        "kind",
        "file",
        "language",
        "compartment",
        "reliability",
        "credibility",
        "published",
        "what it is",
    ]
    return _table(header, rows)


def _shifts(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:+g}" for k, v in values.items()) or "–"


def coverage_table(sources: tuple[SourceSpec, ...] = SOURCES) -> str:
    """Markdown: the logistic coverage model of each source."""
    rows = []
    for s in sources:
        c = s.coverage
        rows.append(
            [
                f"`{s.name}`",
                f"{c.base:+g}",
                f"{c.visibility:g}",
                f"{c.women:+g}",
                f"{c.minors:+g}",
                _shifts(dict(c.country)),
                _shifts(dict(c.fate)),
                _shifts(dict(c.depends_on)),
            ]
        )
    header = ["source", "base", "visibility", "women", "minors", "country", "fate", "depends on"]
    return _table(header, rows)


NOISE_FIELDS = (
    "variant",
    "typo",
    "swap_order",
    "drop_nasab",
    "add_nasab",
    "year_only",
    "month_only",
    "day_month_swap",
    "year_off",
    "missing_birth_date",
    "wrong_citizenship",
    "duplicate",
)


def noise_table(sources: tuple[SourceSpec, ...] = SOURCES) -> str:
    """Markdown: each source's noise profile (rates per record)."""
    rows = [[f"`{s.name}`", *(f"{getattr(s.noise, f):g}" for f in NOISE_FIELDS)] for s in sources]
    return _table(["source", *NOISE_FIELDS], rows)
