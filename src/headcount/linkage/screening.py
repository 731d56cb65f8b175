"""Screening: is this name already known? An in-memory index of persons' names.

`ScreeningIndex` holds persons (id, names in any script, birth dates, citizenships). Each
stored name is parsed once, kept parsed, and filed under its blocking keys
(`names.features.blocking_keys`: canonical parts, consonant skeletons, phonetic keys) in an
inverted index kept as NumPy arrays (one sorted array of name numbers per key). A query is
parsed the same way; the stored names that share the most key weight with it (each key
weighted by its rarity, IDF) are compared in full with `compare_parsed`, and the best name of
each person gives the person's name score.

The parsed names are kept rather than parsed again per query (through the parser's cache of
100,000 names) because at a million names that cache mostly missed, and what it kept in
turn piled up outside the frozen generation (`gc.freeze`, once warm): a full collection of
the garbage collector walked it, hundreds of milliseconds in one query now and then, which
made the slowest percent of queries (issue 16). The cost is memory: about 1 kB per name
(2.8 GB instead of 1.8 at a million persons).

Birth date and citizenship then adjust the score: birth dates are compared at the precision
both have (`model.dates.PartialDate.overlaps`: "1975" agrees with "1975-03-12"); agreement
adds a little (more for a full date), a clear disagreement (more than a year apart) takes
away more; citizenships add or take away less, because people hold several and sources
disagree. A name score capped for being a kunya or a single part stays below the threshold
with a matching year of birth and citizenship.

Order: a person with a name written exactly as the query (casefolded, spaces collapsed: a
full name or a kunya as typed) comes first, whatever the fuzzy scores of others; then by
score, then by name score; ties are then ordered by evidence — the birth date and
citizenship agreement, then how many names the person is known by (the more sources, the
more names) — never by id. Candidates equal in all of these keep the order the index was
built in.

Invariants: candidates come out best first, at most `limit`, one per person; `match` is
`score >= SCREENING_THRESHOLD`; the index never changes a name it was given.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from headcount.model.dates import InvalidDate, PartialDate, Precision, parse_date
from headcount.model.places import UnknownCountry, resolve_country
from headcount.names.compare import SCREENING_THRESHOLD, NameComparison, compare_parsed
from headcount.names.features import blocking_keys
from headcount.names.parse import parse_names
from headcount.names.parts import ParsedName

SHORTLIST = 60
"""Stored names compared in full per query (the best by shared key weight)."""
DATE_AGREES = {Precision.day: 0.08, Precision.month: 0.05, Precision.year: 0.03}
DATE_RANGE_AGREES = 0.02
DATE_DISAGREES = -0.15
CITIZENSHIP_AGREES = 0.03
CITIZENSHIP_DISAGREES = -0.03


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored person a query may be, with the evidence."""

    person_id: str
    score: float
    name_score: float
    name: str
    """The stored name that matched best."""
    comparison: NameComparison
    birth_date: str | None
    """`agrees`, `near`, `disagrees` or None (nothing to compare)."""
    citizenship: str | None
    """`agrees`, `disagrees` or None."""
    exact: bool = False
    """Whether the stored name is written exactly as the query (casefolded, spaces collapsed)."""
    evidence: tuple[float, int] = (0.0, 0)
    """The birth date and citizenship adjustment, and the number of the person's names."""

    @property
    def match(self) -> bool:
        return self.score >= SCREENING_THRESHOLD

    def explain(self) -> str:
        """The name alignment, then the date and citizenship evidence."""
        extra = [f"birth date {self.birth_date}"] if self.birth_date else []
        extra += [f"citizenship {self.citizenship}"] if self.citizenship else []
        return "; ".join([self.comparison.explain(), *extra])


def _plain(name: str) -> str:
    """A name as typed, for the exact-match rule: casefolded, spaces collapsed."""
    return " ".join(name.casefold().split())


@lru_cache(maxsize=50_000)
def _date(text: str) -> PartialDate | None:
    try:
        return parse_date(text)
    except InvalidDate:
        return None


@lru_cache(maxsize=5_000)
def _country(text: str) -> str:
    try:
        return resolve_country(text)
    except UnknownCountry:
        return text.strip().casefold()


def compare_birth_dates(a: str, stored: Sequence[str]) -> tuple[str | None, float]:
    """The best agreement between a query date and a person's dates, and its adjustment."""
    query = _date(a)
    dates = [d for d in map(_date, stored) if d is not None]
    if query is None or not dates:
        return None, 0.0
    best: tuple[str | None, float] = ("disagrees", DATE_DISAGREES)
    for d in dates:
        if query.overlaps(d):
            coarser = query if _rank(query) <= _rank(d) else d
            bonus = DATE_AGREES.get(coarser.precision, DATE_RANGE_AGREES)
            if bonus > best[1]:
                best = ("agrees", bonus)
        elif _years_apart(query, d) <= 1 and best[1] < 0:
            best = ("near", 0.0)
    return best


def _rank(d: PartialDate) -> int:
    return {Precision.day: 3, Precision.month: 2, Precision.year: 1}.get(d.precision, 0)


def _years_apart(a: PartialDate, b: PartialDate) -> int:
    if a.latest < b.earliest:
        return b.earliest.year - a.latest.year
    return a.earliest.year - b.latest.year


def compare_citizenships(a: str, stored: Sequence[str]) -> tuple[str | None, float]:
    """Whether a query citizenship is one of a person's, and its adjustment."""
    if not stored:
        return None, 0.0
    if _country(a) in {_country(s) for s in stored}:
        return "agrees", CITIZENSHIP_AGREES
    return "disagrees", CITIZENSHIP_DISAGREES


class ScreeningIndex:
    """Persons' names filed under blocking keys, for `screen`; see the module doc."""

    def __init__(self) -> None:
        self._person_ids: list[str] = []
        self._birth_dates: list[tuple[str, ...]] = []
        self._citizenships: list[tuple[str, ...]] = []
        self._names: list[str] = []
        self._parsed: list[tuple[ParsedName, ...]] = []
        self._name_person: list[int] = []
        self._name_counts: list[int] = []
        self._key_ids: dict[str, int] = {}
        self._pending_keys = array("i")
        self._pending_names = array("i")
        self._offsets = np.zeros(1, dtype=np.int64)
        self._postings = np.zeros(0, dtype=np.int32)
        self._idf = np.zeros(0, dtype=np.float32)
        self._dirty = False

    def __len__(self) -> int:
        """The number of stored names."""
        return len(self._names)

    def add(
        self,
        person_id: str,
        names: Iterable[str],
        birth_dates: Iterable[str] = (),
        citizenships: Iterable[str] = (),
    ) -> None:
        """Store a person with every name they are known by (any script)."""
        person = len(self._person_ids)
        self._person_ids.append(person_id)
        self._birth_dates.append(tuple(birth_dates))
        self._citizenships.append(tuple(citizenships))
        self._name_counts.append(0)
        for name in names:
            parsed = parse_names(name)
            if not parsed:
                continue
            number = len(self._names)
            self._names.append(name)
            self._parsed.append(tuple(parsed))
            self._name_person.append(person)
            self._name_counts[person] += 1
            for key in {k for p in parsed for k in blocking_keys(p)}:
                key_id = self._key_ids.setdefault(key, len(self._key_ids))
                self._pending_keys.append(key_id)
                self._pending_names.append(number)
        self._dirty = True

    def build(self) -> None:
        """Sort the (key, name) pairs into one array of postings per key, and the keys' IDF.

        `screen` calls it when names were added since the last build; call it yourself to
        pay the cost up front.
        """
        keys = np.frombuffer(self._pending_keys, dtype=np.int32).astype(np.int64)
        names = np.frombuffer(self._pending_names, dtype=np.int32)
        order = np.argsort(keys, kind="stable")
        counts = np.bincount(keys, minlength=len(self._key_ids))
        self._offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._postings = names[order]
        total = max(len(self._names), 1)
        self._idf = np.log1p(total / np.maximum(counts, 1)).astype(np.float32)
        self._dirty = False

    def _shortlist(self, parsed: list[ParsedName]) -> np.ndarray:
        """Stored name numbers sharing the most IDF-weighted keys with the query."""
        keys = {k for p in parsed for k in blocking_keys(p)}
        found = sorted(self._key_ids[k] for k in keys if k in self._key_ids)
        if not found:
            return np.zeros(0, dtype=np.int32)
        slices = [self._postings[self._offsets[k] : self._offsets[k + 1]] for k in found]
        ids = np.concatenate(slices)
        weights = np.repeat(self._idf[found], [len(s) for s in slices])
        unique, inverse = np.unique(ids, return_inverse=True)
        totals = np.bincount(inverse, weights=weights)
        if len(unique) > SHORTLIST:
            best = np.argpartition(-totals, SHORTLIST)[:SHORTLIST]
            return np.asarray(unique[best])
        return np.asarray(unique)

    def screen(
        self,
        query_name: str,
        birth_date: str | None = None,
        citizenship: str | None = None,
        limit: int = 5,
    ) -> list[Candidate]:
        """The stored persons the query may be, best first (see the module doc)."""
        if self._dirty:
            self.build()
        parsed = parse_names(query_name)
        best: dict[int, tuple[NameComparison, str]] = {}
        for number in self._shortlist(parsed).tolist():
            stored = self._names[number]
            comparison = max(
                (compare_parsed(q, s) for q in parsed for s in self._parsed[number]),
                key=lambda c: c.score,
            )
            person = self._name_person[number]
            if person not in best or comparison.score > best[person][0].score:
                best[person] = (comparison, stored)
        out = [self._candidate(p, c, n, birth_date, citizenship) for p, (c, n) in best.items()]
        exact = _plain(query_name)
        out = [replace(c, exact=_plain(c.name) == exact) for c in out]
        out.sort(
            key=lambda c: (not c.exact, -c.score, -c.name_score, -c.evidence[0], -c.evidence[1])
        )
        return out[:limit]

    def _candidate(
        self,
        person: int,
        comparison: NameComparison,
        name: str,
        birth_date: str | None,
        citizenship: str | None,
    ) -> Candidate:
        date_says, date_adjust = (None, 0.0)
        if birth_date:
            date_says, date_adjust = compare_birth_dates(birth_date, self._birth_dates[person])
        country_says, country_adjust = (None, 0.0)
        if citizenship:
            country_says, country_adjust = compare_citizenships(
                citizenship, self._citizenships[person]
            )
        score = min(1.0, max(0.0, comparison.score + date_adjust + country_adjust))
        names = self._name_counts[person] if person < len(self._name_counts) else 0
        return Candidate(
            person_id=self._person_ids[person],
            score=round(score, 6),
            name_score=comparison.score,
            name=name,
            comparison=comparison,
            birth_date=date_says,
            citizenship=country_says,
            evidence=(round(date_adjust + country_adjust, 6), names),
        )
