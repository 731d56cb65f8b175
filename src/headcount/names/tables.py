"""The name tables shipped in `headcount/names/data/`, loaded once and read-only.

Every table is a small CSV (lines starting with `#` are comments) so that a reviewer can read
and change it without touching code; nothing is downloaded at run time. Latin entries are
stored folded (see `normalise.fold`); Arabic entries without vowel marks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources


def read_table(name: str) -> Iterator[dict[str, str]]:
    """The rows of `data/<name>`, as dictionaries keyed by the header."""
    text = resources.files("headcount.names").joinpath(f"data/{name}").read_text("utf-8")
    yield from csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))


@dataclass(frozen=True)
class PartTable:
    """Name-part equivalences: spelling → canonical part, and each canonical part's weight."""

    canonical: dict[str, str]
    weight: dict[str, float]


@cache
def part_table() -> PartTable:
    """`data/name_parts.csv`: every spelling (and the canonical itself) → canonical."""
    canonical: dict[str, str] = {}
    weight: dict[str, float] = {}
    for row in read_table("name_parts.csv"):
        name = row["canonical"]
        weight[name] = float(row["weight"])
        canonical[name.replace("_", "")] = name
        for variant in row["variants"].split():
            canonical.setdefault(variant, name)
    return PartTable(canonical, weight)


@cache
def particles(kind: str, script: str = "latin") -> frozenset[str]:
    """The words of one kind (honorific, kunya, nasab, article, after_abd) in particles.csv."""
    words: set[str] = set()
    for row in read_table("particles.csv"):
        if row["kind"] == kind and row["script"] == script:
            words.update(row["forms"].split())
    return frozenset(words)


@dataclass(frozen=True)
class Nisba:
    """A nisba naming a country (or a region of several: `country` is None)."""

    canonical: str
    country: str | None


@cache
def nisba_table() -> dict[str, Nisba]:
    """`data/nisbas.csv`: folded spelling without the article → nisba."""
    table: dict[str, Nisba] = {}
    for row in read_table("nisbas.csv"):
        nisba = Nisba(row["canonical"], row["country"] or None)
        for variant in (row["canonical"], *row["variants"].split()):
            table.setdefault(variant, nisba)
    return table
