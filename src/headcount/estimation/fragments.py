"""Possible fragments: the persons seen by one system only who may be a piece of another.

A missed link splits a person into fragments, and a fragment reads as one more person one
list recorded: the evidence of many unseen. The drawn partitions and the joined one
(`floor`) can only join what the model scored, and about half of the fragments were never
scored: blocking never compared them (on `afp-2017`, 2,000 persons, seeds 3001-3003: a
news report that gives a kunya, a nisba and an age a year or two off, beside the person's
civil records). For the floor, such a person is *folded* into a partner: their one capture
is added to the partner's history and their row leaves the histories.

A *partner* of a person P seen by system s alone is a person seen by some other system
whose records share a *name element* with P's (a phonetic name part or a kunya, as
`prepare` parses them; `linkage.ceiling` calls them so) and a fact beyond names: both give
birth years, and their traits do not contradict (`linkage.contradictions`: birth years more
than a year apart, another gender, other documents, another father). The two must be
placed in one country, or either unplaced, or one placed in a country the other's records
give as a citizenship (a dual national's record that states the other citizenship alone is
placed there: on `afp-2017` the French fragments that made `other` run high). Like the
safeguard, a name alone is not enough. P is folded only when it has exactly one partner: a
kunya shared with many, or a common name part, is no sign of whom P may be a piece of
(folding into the first of many partners put France at 1,382 for 1,800 under perfect
linkage, on `afp-2017`, seed 3001). Persons are taken in the order of their
keys, one at a time: never into a person already folded, and a person who has received one
is folded no more.

This is a bound, never a merge of persons: the run's persons, counts and every other
partition are unchanged, and the folded histories only give the floor (a name in common is
not enough to join two persons under the safeguard, and here it joins no one; it asks how
low the estimate could go were those persons one). It finds few fragments: a one-list
person who shares a name element and birth years with the one person recorded elsewhere
who does not contradict them is folded, fragment or not, and on `afp-2017` (2,000 persons,
seeds 3001-3003) 3-5 of the 47-64 persons folded per seed were true fragments (most
fragments share a common kunya with several persons, or give an age more than a year off);
under perfect linkage it folds 50 of 500 one-list persons there and 104 of about 700 on
the default scenario (seed 3001). The floor holds the truth there because it removes about
as many one-list persons as the unreached fragments add (docs/methodology/estimation.md,
version 1.7), a bound resting on those measurements.

The persons left alone for having several partners are where the floor is blind: where
they are most of a stratum's one-list persons (Russia and France on `afp-2017` at 10,000
persons, 15-20 partners each on average, against at most 6 elsewhere) `trust` warns
`crowded_names` (method 1.9).

Invariant: folding keeps every capture of every system that recorded someone (a folded
person's capture moves to its partner) and only ever removes rows of one-list persons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from headcount.accounting.timeline import UNATTRIBUTED, Evidence
from headcount.linkage.contradictions import GroupTraits, Traits
from headcount.linkage.namecache import known_features
from headcount.linkage.prepare import NAME_PROPERTIES
from headcount.storage.engine import Connection
from headcount.storage.records import property_values

ELEMENT_FEATURES = ("name_phonetic", "kunya")
"""The name features whose values are name elements."""


def name_elements(connection: Connection) -> dict[int, frozenset[str]]:
    """Record id → its name elements (module doc), from the name features the store keeps
    (a value the store has not parsed is parsed here); records without names are left out."""
    said: dict[int, set[str]] = defaultdict(set)
    for record, _, value in property_values(connection, NAME_PROPERTIES):
        said[record].add(value)
    values = {v for found in said.values() for v in found}
    known = known_features(connection, values)
    out: dict[int, frozenset[str]] = {}
    for record, found in said.items():
        elements = {
            f"{feature}:{element}"
            for value in found
            for feature in ELEMENT_FEATURES
            for element in known[value].get(feature) or ()
        }
        if elements:
            out[record] = frozenset(elements)
    return out


class Folding(NamedTuple):
    """What folding made of a partition's histories."""

    frame: pd.DataFrame
    """The histories with every one-list person that has one partner folded into it."""
    folded: int
    """How many were folded."""
    one_list: pd.DataFrame
    """The rows of the histories given of their one-list persons, with `crowded`: whether
    the person was left alone for having several partners (module doc). A fragment among
    those has no one the folding can tell it belongs to (`trust`, `crowded_names`)."""


def folded(
    frame: pd.DataFrame,
    systems: Sequence[str],
    evidence: Evidence,
    elements: Mapping[int, frozenset[str]],
    traits: Traits,
) -> Folding:
    """The histories `frame` (`person`, strata, a 0/1 column per system; the persons of
    `evidence`) with every one-list person that has a partner folded into it (module doc),
    how many were folded, and which one-list persons have several partners."""
    if frame.empty:
        return Folding(frame, 0, frame.assign(crowded=False))
    persons = frame["person"].tolist()
    row_of = {p: i for i, p in enumerate(persons)}
    records = evidence.records
    keys = evidence.person_keys[records["person"].to_numpy()]
    held: dict[str, set[str]] = defaultdict(set)
    recorded: dict[str, list[int]] = defaultdict(list)
    for record, key in zip(records["record_id"].tolist(), keys.tolist(), strict=True):
        if key in row_of:
            recorded[key].append(record)
            held[key] |= elements.get(record, frozenset())
    captures = frame[list(systems)].to_numpy(dtype=bool)
    places = _Places.of(frame["country"].astype(str).to_numpy(), persons, recorded, traits)
    holding: dict[str, list[int]] = defaultdict(list)
    for p, person in enumerate(persons):
        for element in held[person]:
            holding[element].append(p)
    holders = {element: np.array(who, dtype=np.int64) for element, who in holding.items()}
    one_list = np.flatnonzero(captures.sum(axis=1) == 1)
    group: dict[int, GroupTraits] = {}
    received: set[int] = set()
    gone: set[int] = set()
    out = captures.copy()
    crowded: list[int] = []
    for p in sorted(one_list.tolist(), key=lambda i: persons[i]):
        if p in received:
            continue
        found = _partners(
            p, captures, places, persons, held, holders, gone, group, recorded, traits
        )
        if len(found) > 1:
            crowded.append(p)
        if len(found) != 1:
            continue
        (q,) = found
        out[q] |= captures[p]
        gone.add(p)
        received.add(q)
    kept = np.ones(len(frame), dtype=bool)
    kept[list(gone)] = False
    result = frame.copy()
    result[list(systems)] = out.astype(frame[list(systems)].to_numpy().dtype)
    alone = frame.iloc[one_list].reset_index(drop=True).assign(crowded=np.isin(one_list, crowded))
    return Folding(result[kept].reset_index(drop=True), len(gone), alone)


@dataclass(frozen=True)
class _Places:
    """Each person's country as a code (`unplaced` for UNATTRIBUTED, -1 when no one is),
    and per country the persons whose records give it as a citizenship, so that the
    persons who may be one with a person by their countries are found at once
    (`may_be_one`)."""

    code: np.ndarray
    names: np.ndarray
    unplaced: int
    citizens: dict[str, np.ndarray]

    @classmethod
    def of(
        cls,
        countries: np.ndarray,
        persons: list[str],
        recorded: Mapping[str, list[int]],
        traits: Traits,
    ) -> _Places:
        codes, names = pd.factorize(countries)
        unplaced = np.flatnonzero(names == UNATTRIBUTED)
        citizens: dict[str, np.ndarray] = {}
        for p, person in enumerate(persons):
            for record in recorded[person]:
                for country in traits.citizenships.get(record, ()):
                    holders = citizens.setdefault(country, np.zeros(len(persons), dtype=bool))
                    holders[p] = True
        return cls(codes, np.asarray(names), int(unplaced[0]) if len(unplaced) else -1, citizens)

    def may_be_one(self, p: int, others: np.ndarray, mine: GroupTraits) -> np.ndarray:
        """Which of `others` may be one with person p by their countries: the same country,
        either unplaced, or one placed in a country the other's records give as a
        citizenship."""
        code = self.code[others]
        if self.code[p] == self.unplaced:
            return np.ones(len(others), dtype=bool)
        fits: np.ndarray = (code == self.code[p]) | (code == self.unplaced)
        fits |= np.isin(self.names[code], list(mine.citizenships))
        theirs = self.citizens.get(str(self.names[self.code[p]]))
        if theirs is not None:
            fits |= theirs[others]
        return fits


def _partners(
    p: int,
    captures: np.ndarray,
    places: _Places,
    persons: list[str],
    held: Mapping[str, set[str]],
    holders: Mapping[str, np.ndarray],
    gone: set[int],
    group: dict[int, GroupTraits],
    recorded: Mapping[str, list[int]],
    traits: Traits,
) -> list[int]:
    """Person p's partners (module doc), up to two: none, its one partner, or two of
    several (the search stops there). The persons sharing a name element are narrowed at
    once to those not folded, seen by another system and placed where p may be
    (`_Places`); only they are read one by one (at 10,000 persons, about one in twenty)."""
    mine = _traits(p, group, persons, recorded, traits)
    if mine.low is None or not held[persons[p]]:
        return []
    near = np.zeros(len(persons), dtype=bool)
    for element in held[persons[p]]:
        near[holders[element]] = True
    near[np.fromiter(gone, np.int64, len(gone))] = False
    shared = np.flatnonzero(near)
    shared = shared[(captures[shared] & ~captures[p]).any(axis=1)]
    shared = shared[places.may_be_one(p, shared, mine)]
    found: list[int] = []
    for q in shared.tolist():
        theirs = _traits(q, group, persons, recorded, traits)
        if theirs.low is None:
            continue
        if not mine.contradicts(theirs):
            found.append(q)
            if len(found) > 1:
                return found
    return found


def _traits(
    p: int,
    group: dict[int, GroupTraits],
    persons: list[str],
    recorded: Mapping[str, list[int]],
    traits: Traits,
) -> GroupTraits:
    """What person p's records say together (made once)."""
    if p not in group:
        members = [GroupTraits.of(r, traits) for r in recorded[persons[p]]]
        joined = members[0]
        for other in members[1:]:
            joined = joined.joined(other)
        group[p] = joined
    return group[p]
