"""What no two records of one person may contradict, what a weak link may not join (rules 5
and 6 of `linkage.cluster`), and when two values are a clerical slip apart rather than a
contradiction.

`Traits` holds, per record, its birth years (and day), gender, identity-document numbers,
father's name (from a patronymic) and citizenships; `GroupTraits` what a group of records
says together, whether joining two groups would make a contradiction neither held, and
whether they disagree: full birth dates none of which the other group shares (nor a slip
from one), or citizenships none in common — facts one person's documents give alike, which
a link too weak to have weighed them may not override.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz.distance import OSA, Levenshtein

YEAR_SLACK = 1
"""How many years apart one person's recorded birth years may be (an age given a year off)."""
SLIP = 1
"""Edits (a character changed, or two neighbours swapped) that make two birth dates a
clerical slip apart rather than a contradiction."""
DOCUMENT_SLIP = 2
"""The same for document numbers of at least `SLIP_LENGTH` characters (two random nine-digit
numbers are within two such edits about once in two million); shorter ones must agree."""
SLIP_LENGTH = 6


def slipped(a: Iterable[str], b: Iterable[str], edits: int) -> bool:
    """Whether a value of `a` is at most `edits` typing slips from one of `b`, both at least
    SLIP_LENGTH long."""
    return any(
        OSA.distance(x, y, score_cutoff=edits) <= edits
        for x in a
        for y in b
        if min(len(x), len(y)) >= SLIP_LENGTH
    )


@dataclass(frozen=True)
class Traits:
    """Per record, what no two records of one person may contradict (see rule 5)."""

    birth_years: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    """The first and last birth year a record allows (the same year twice for a date)."""
    birth_days: Mapping[int, str] = field(default_factory=dict)
    """The ISO birth date of a record that gives the day."""
    gender: Mapping[int, str] = field(default_factory=dict)
    documents: Mapping[int, frozenset[str]] = field(default_factory=dict)
    fathers: Mapping[int, str] = field(default_factory=dict)
    """The phonetic key of the father's name a record's patronymic gives (`prepare`)."""
    other_days: Mapping[int, str] = field(default_factory=dict)
    """The other reading of a day–month-ambiguous birth date (03/05/1990)."""
    citizenships: Mapping[int, frozenset[str]] = field(default_factory=dict)
    alone: dict[int, GroupTraits] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """What each record says on its own (`GroupTraits.of`), made once per record: clustering
    reads the same records again for every partition drawn."""

    def __bool__(self) -> bool:
        return bool(self.holders)

    @cached_property
    def holders(self) -> frozenset[int]:
        """The records that say anything here."""
        return (
            frozenset(self.birth_years)
            | frozenset(self.gender)
            | frozenset(self.documents)
            | frozenset(self.fathers)
            | frozenset(self.birth_days)
            | frozenset(self.citizenships)
        )

    @staticmethod
    def arrays(column: Mapping[int, Any]) -> tuple[np.ndarray, np.ndarray]:
        """A column's record ids and values as arrays (values as codes for strings)."""
        records = np.fromiter(column.keys(), dtype=np.int64, count=len(column))
        values = list(column.values())
        if values and not isinstance(values[0], int):
            return records, pd.factorize(pd.Series(values, dtype=object))[0]
        return records, np.asarray(values, dtype=np.int64)


@dataclass
class GroupTraits:
    """What one group's records say: birth years, genders, document numbers, fathers' names,
    full birth dates (each reading of an ambiguous one) and citizenships.

    `low` is the latest first year and `high` the earliest last year its records allow, so
    that `low - high` is how far apart they are: at most 0 when one year fits them all."""

    low: int | None = None
    high: int | None = None
    genders: frozenset[str] | set[str] = frozenset()
    documents: frozenset[str] | set[str] = frozenset()
    fathers: frozenset[str] | set[str] = frozenset()
    days: frozenset[str] | set[str] = frozenset()
    citizenships: frozenset[str] | set[str] = frozenset()

    @classmethod
    def of(cls, record: int, traits: Traits) -> GroupTraits:
        """What `record` says (made once per record: traits are never changed in place)."""
        found = traits.alone.get(record)
        if found is None:
            found = traits.alone[record] = cls._of(record, traits)
        return found

    @classmethod
    def _of(cls, record: int, traits: Traits) -> GroupTraits:
        low, high = traits.birth_years.get(record, (None, None))
        gender, father = traits.gender.get(record), traits.fathers.get(record)
        days = (traits.birth_days.get(record), traits.other_days.get(record))
        return cls(
            low,
            high,
            frozenset([gender] if gender else []),
            frozenset(traits.documents.get(record, ())),
            frozenset([father] if father else []),
            frozenset(filter(None, days)),
            frozenset(traits.citizenships.get(record, ())),
        )

    def contradicts(self, other: GroupTraits) -> bool:
        """Whether joining the two groups makes a contradiction neither holds already (a
        `same` judgement may have joined records that contradict each other)."""
        if self.low is not None and other.low is not None:
            assert self.high is not None and other.high is not None
            apart = max(self.low, other.low) - min(self.high, other.high)
            if apart > max(YEAR_SLACK, self.low - self.high, other.low - other.high) and not (
                slipped(self.days, other.days, SLIP)
            ):
                return True
        if len(self.genders | other.genders) > max(1, len(self.genders), len(other.genders)):
            return True
        if self.documents and other.documents and not self.documents & other.documents:
            return not slipped(self.documents, other.documents, DOCUMENT_SLIP)
        return fathers_apart(self.fathers, other.fathers)

    def disagrees(self, other: GroupTraits) -> bool:
        """Whether the two groups give full birth dates none of which the other shares or
        is a slip from, or citizenships none in common (rule 6 of `linkage.cluster`)."""
        days = self.days and other.days and not self.days & other.days
        if days and not slipped(self.days, other.days, SLIP):
            return True
        return bool(
            self.citizenships and other.citizenships and not self.citizenships & other.citizenships
        )

    def joined(self, other: GroupTraits) -> GroupTraits:
        low, high = self.low, self.high
        if other.low is not None:
            low = other.low if low is None else max(low, other.low)
        if other.high is not None:
            high = other.high if high is None else min(high, other.high)
        return GroupTraits(
            low,
            high,
            self.genders | other.genders,
            self.documents | other.documents,
            self.fathers | other.fathers,
            self.days | other.days,
            self.citizenships | other.citizenships,
        )

    def growing(self) -> GroupTraits:
        """A copy whose values are sets of its own, for `take` to grow in place."""
        return GroupTraits(
            self.low,
            self.high,
            set(self.genders),
            set(self.documents),
            set(self.fathers),
            set(self.days),
            set(self.citizenships),
        )

    def take(self, other: GroupTraits) -> None:
        """Make this group `joined` with `other` in place, in time of `other`'s size: only
        for a copy made by `growing` (a record's own traits are shared, never changed)."""
        if other.low is not None:
            self.low = other.low if self.low is None else max(self.low, other.low)
        if other.high is not None:
            self.high = other.high if self.high is None else min(self.high, other.high)
        self.genders |= other.genders
        self.documents |= other.documents
        self.fathers |= other.fathers
        self.days |= other.days
        self.citizenships |= other.citizenships


FATHER_SLACK = 1
"""How many edits apart one person's fathers' names may be, in phonetic keys: Turkish
spelling leaves a letter's difference (CEMSIT for Джамшедович: `smst`, `jmst`)."""


def fathers_apart(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether a father's name of `a` is more than FATHER_SLACK edits from one of `b`."""
    if not a or not b:
        return False
    return any(
        Levenshtein.distance(x, y, score_cutoff=FATHER_SLACK) > FATHER_SLACK for x in a for y in b
    )


NOTHING = GroupTraits()
"""The traits of a record that says none (shared: traits are never changed in place)."""
