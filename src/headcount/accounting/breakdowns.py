"""Counts broken down: by sex, age group, destination of the relocated, place of detention;
and the persons repatriated, prosecuted and convicted, women, men and minors.

A *breakdown* splits the counted persons into *parts*, each counted like the whole (every
status, every variant, the same intervals):

- `sex`: `female`, `male` — the gender most of the person's records state — or `unknown`;
- `age_group`: `minor` or `adult` on the day they left (their first departure, else their
  first event), from the middle of the median stated birth date; `unknown` without one;
- `destination`: the relocated, by the country of their latest relocation (the front or
  third country; `unknown` when it names none); and, as `TUR:at_large`, those in theatre or
  unknown whose last news is a sighting in Turkey after the theatre;
- `detention`: the detained only, by the place of their latest detention
  (`model.places.detention_place`: the camps al-Hol and Roj, else prisons by country).

*Flags* are columns beside the statuses, never part of their sum: `women` and `men`
(female or male, not known to be minors), `minors`, `repatriated` (returned, and detained
in the theatre before that return), `prosecuted` (a prosecution event by the date) and
`convicted` (one whose note reads as a conviction: `CONVICTION`, and no `ACQUITTAL`).
Traits come from every record of the person; events from those the reading counts.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from headcount.accounting.rules import Reading
from headcount.accounting.status import (
    STATUS_CODES,
    Snapshot,
    derived,
    last_per_person,
    life_order,
)
from headcount.accounting.subjects import NO_BIRTH
from headcount.accounting.timeline import KINDS, NEVER, Evidence
from headcount.model.places import detention_place
from headcount.model.vocabulary import EventKind, Status

BREAKDOWNS: tuple[str, ...] = ("sex", "age_group", "destination", "detention")
FLAGS: tuple[str, ...] = ("women", "men", "minors", "repatriated", "prosecuted", "convicted")
FLAG_DEFINITIONS: dict[str, str] = {
    "women": "persons most of whose records say female, not known to be minors",
    "men": "persons most of whose records say male, not known to be minors",
    "minors": "persons under 18 on the day they left (middle of the stated birth date)",
    "repatriated": "returned, after a detention in the theatre (a camp or prison)",
    "prosecuted": "a prosecution (charge, trial or judgment) recorded by the date",
    "convicted": "a prosecution whose note records a conviction",
}
"""What each flag counts, for tables and exports."""
AT_LARGE_IN_TURKEY = "TUR:at_large"
"""The `destination` of those not relocated whose last news is a sighting in Turkey after
the theatre: at large there, on their way out or home."""
ADULT_DAYS = 18 * 365.2425
"""Eighteen years in days: younger on the day they left is a minor."""
CONVICTION = re.compile(
    r"convicted|sentenced|guilty|condamn|verurteil|осужд|الإعدام|السجن|مدان", re.IGNORECASE
)
"""Words of a verdict that convicts, in the languages sources write notes in."""
ACQUITTAL = re.compile(r"acquit|not guilty|relaxe|freigesproch|оправда|براءة", re.IGNORECASE)
"""Words of a verdict that does not (they win over CONVICTION)."""
_KIND = {k: KINDS.index(k) for k in EventKind}


def parts_of(snapshot: Snapshot, reading: Reading, codes: np.ndarray, breakdown: str) -> np.ndarray:
    """Each counted person's part in a breakdown ('' for persons outside it)."""
    evidence, people = snapshot.evidence, snapshot.people
    if breakdown == "sex":
        return np.asarray(_sex(evidence)[people])
    if breakdown == "age_group":
        return np.asarray(_age_group(evidence)[people])
    counted = snapshot.counted(reading)
    if breakdown == "destination":
        last = _latest(snapshot, counted, EventKind.relocated)
        place = evidence.events["place"].to_numpy()
        labels = np.array(
            ["unknown" if p < 0 else evidence.countries[p] for p in place[np.maximum(last, 0)]],
            dtype=object,
        )
        labels[last < 0] = "unknown"
        parts = np.where(codes == STATUS_CODES[Status.relocated], labels, "").astype(object)
        parts[_at_large_in_turkey(snapshot, counted, codes)] = AT_LARGE_IN_TURKEY
        return np.asarray(parts)
    if breakdown == "detention":
        last = _latest(snapshot, counted, EventKind.detained)
        evs = evidence.events
        place, region = evs["place"].to_numpy(), _text(evs, "region")
        at = np.maximum(last, 0)
        labels = np.array(
            [
                detention_place("" if p < 0 else evidence.countries[p], r)
                for p, r in zip(place[at].tolist(), region[at].tolist(), strict=True)
            ],
            dtype=object,
        )
        labels[last < 0] = "unknown"
        return np.where(codes == STATUS_CODES[Status.detained], labels, "").astype(object)
    raise ValueError(f"--by breaks counts down by {', '.join(BREAKDOWNS)}, not {breakdown!r}")


def flags_of(snapshot: Snapshot, reading: Reading, codes: np.ndarray) -> dict[str, np.ndarray]:
    """Each flag as a mask over the counted persons (see the module docstring)."""
    evidence, people = snapshot.evidence, snapshot.people
    sex, age = _sex(evidence)[people], _age_group(evidence)[people]
    counted = snapshot.counted(reading)
    evs = evidence.events
    kind, person = evs["kind"].to_numpy(), snapshot.ev_person
    prosecuted = _any(person, counted & (kind == _KIND[EventKind.prosecuted]), evidence.persons)
    convicting = derived(evidence, "convicting", lambda: _convicting(evs))
    convicted = _any(person, counted & convicting, evidence.persons)
    return {
        "women": (sex == "female") & (age != "minor"),
        "men": (sex == "male") & (age != "minor"),
        "minors": age == "minor",
        "repatriated": (codes == STATUS_CODES[Status.returned]) & _repatriated(snapshot, counted),
        "prosecuted": prosecuted[people],
        "convicted": convicted[people],
    }


def tables(
    snapshot: Snapshot, reading: Reading, breakdown: str | None
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The snapshot's table under a reading with the flags; and one per part of `breakdown`."""
    codes = snapshot.status_codes(reading)[0]
    flags = flags_of(snapshot, reading, codes)
    whole = snapshot.tabulate(codes, flags=flags)
    if breakdown is None:
        return whole, {}
    parts = parts_of(snapshot, reading, codes, breakdown)
    return whole, {
        str(p): snapshot.tabulate(codes, among=parts == p, flags=flags)
        for p in sorted(set(parts.tolist()) - {""})
    }


def _sex(evidence: Evidence) -> np.ndarray:
    """Per person: the gender most of their records' statements give, else `unknown`."""

    def compute() -> np.ndarray:
        subjects = evidence.subjects
        stated = subjects[subjects["female"].to_numpy() >= 0]
        person = evidence.records["person"].to_numpy()[stated["record"].to_numpy()]
        female = stated["female"].to_numpy() == 1
        n = evidence.persons
        votes = np.bincount(person, weights=np.where(female, 1, -1), minlength=n)
        said = np.bincount(person, minlength=n) > 0
        sex = np.full(n, "unknown", dtype=object)
        sex[said & (votes > 0)] = "female"
        sex[said & (votes < 0)] = "male"
        return sex

    return derived(evidence, "sex", compute)


def _age_group(evidence: Evidence) -> np.ndarray:
    """Per person: `minor` or `adult` on the day they left, `unknown` without a birth date."""

    def compute() -> np.ndarray:
        subjects = evidence.subjects
        stated = subjects[subjects["born"].to_numpy() != NO_BIRTH]
        person = evidence.records["person"].to_numpy()[stated["record"].to_numpy()]
        born = pd.Series(stated["born"].to_numpy()).groupby(person).median()
        n = evidence.persons
        birth = np.full(n, np.nan)
        birth[born.index.to_numpy()] = born.to_numpy()
        left = _left(evidence)
        group = np.full(n, "unknown", dtype=object)
        known = ~np.isnan(birth) & (left < NEVER)
        group[known] = np.where(left[known] - birth[known] < ADULT_DAYS, "minor", "adult")
        return group

    return derived(evidence, "age_group", compute)


def _left(evidence: Evidence) -> np.ndarray:
    """Per person: the day of their first departure, else of their first dated event."""
    evs = evidence.events
    person = evidence.records["person"].to_numpy()[evs["record"].to_numpy()]
    earliest = evs["earliest"].to_numpy().astype(np.int64)
    n = evidence.persons
    first = np.full(n, int(NEVER), dtype=np.int64)
    np.minimum.at(first, person, earliest)
    departed = evs["kind"].to_numpy() == _KIND[EventKind.departed]
    left = np.full(n, int(NEVER), dtype=np.int64)
    np.minimum.at(left, person[departed], earliest[departed])
    return np.where(left < NEVER, left, first)


def _latest(snapshot: Snapshot, counted: np.ndarray, kind: EventKind) -> np.ndarray:
    """Per counted person: the position of their latest counted event of a kind, -1 if none."""
    evidence = snapshot.evidence
    evs = evidence.events
    order = derived(evidence, "event_order", lambda: life_order(evs, snapshot.ev_person))
    chosen = counted & (evs["kind"].to_numpy() == _KIND[kind])
    last = last_per_person(order[chosen[order]], snapshot.ev_person)
    found = np.full(evidence.persons, -1, dtype=np.int64)
    found[snapshot.ev_person[last]] = last
    return found[snapshot.people]


def _at_large_in_turkey(snapshot: Snapshot, counted: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per counted person: last placed in Turkey by a sighting after the theatre, and in no
    status that says otherwise (in theatre by an older event, or unknown)."""
    evidence, person = snapshot.evidence, snapshot.ev_person
    evs = evidence.events
    kind, place = evs["kind"].to_numpy(), evs["place"].to_numpy()
    order = derived(evidence, "event_order", lambda: life_order(evs, person))
    last = last_per_person(order[(counted & (place >= 0))[order]], person)
    latest = np.full(evidence.persons, -1, dtype=np.int64)
    latest[person[last]] = last
    theatre = [evidence.country_code(c) for c in snapshot.rules.theatre]
    was_there = _any(person, counted & np.isin(place, theatre), evidence.persons)
    at = latest[snapshot.people]
    turkey = evidence.country_code("TUR")
    sighted = (at >= 0) & (kind[np.maximum(at, 0)] == _KIND[EventKind.sighted])
    in_turkey = sighted & (place[np.maximum(at, 0)] == turkey) & (turkey >= 0)
    open_status = np.isin(codes, [STATUS_CODES[Status.in_theatre], STATUS_CODES[Status.unknown]])
    return np.asarray(in_turkey & was_there[snapshot.people] & open_status)


def _repatriated(snapshot: Snapshot, counted: np.ndarray) -> np.ndarray:
    """Per counted person: whether their latest return followed a detention in the theatre."""
    evidence, person = snapshot.evidence, snapshot.ev_person
    evs = evidence.events
    kind, earliest = evs["kind"].to_numpy(), evs["earliest"].to_numpy().astype(np.int64)
    theatre = [evidence.country_code(c) for c in snapshot.rules.theatre]
    held = counted & (kind == _KIND[EventKind.detained]) & np.isin(evs["place"].to_numpy(), theatre)
    first_held = np.full(evidence.persons, int(NEVER), dtype=np.int64)
    np.minimum.at(first_held, person[held], earliest[held])
    back = counted & (kind == _KIND[EventKind.returned])
    last_back = np.full(evidence.persons, -1, dtype=np.int64)
    np.maximum.at(last_back, person[back], earliest[back])
    return np.asarray((first_held <= last_back)[snapshot.people])


def _convicting(evs: pd.DataFrame) -> np.ndarray:
    """Per event: a prosecution whose note reads as a conviction."""
    notes = _text(evs, "note")
    codes, uniques = pd.factorize(notes)
    reads = np.array(
        [bool(CONVICTION.search(u)) and not ACQUITTAL.search(u) for u in map(str, uniques)],
        dtype=bool,
    )
    convicting = reads[codes] if len(reads) else np.zeros(len(notes), dtype=bool)
    return np.asarray(convicting & (evs["kind"].to_numpy() == _KIND[EventKind.prosecuted]))


def _any(person: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """Per person: whether any of their events is in `mask`."""
    return np.bincount(person[mask], minlength=n) > 0


def _text(evs: pd.DataFrame, column: str) -> np.ndarray:
    """A text column of the events ('' for all when the evidence has none)."""
    if column not in evs:
        return np.full(len(evs), "", dtype=object)
    return np.asarray(evs[column].to_numpy(), dtype=object)
