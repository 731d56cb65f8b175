"""The evidence accounting reads: every record of the current persons, their events and
the statements that say where they came from, in three queries, as arrays.

Dates become day numbers (days since 1970-01-01) so that both time axes are comparisons
of integers: an event *happened by* day t when its earliest day is ≤ t (`--as-of`), and was
*known by* day k when it was reported on or before k (`--known-on`). A record was known
from its first report: the earliest of its own report date and its events'. A missing
report date is never known by any day k (only "known now" sees it); an undated event
cannot be placed on the time line and takes no part in statuses.

Invariant: the arrays describe records, not persons. Which person a record belongs to is
one column (`person`), so that another clustering of the same records (a neighbouring
linkage threshold) is a different column over the same evidence, never another query.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from headcount.accounting.rules import STATUS_ORDER
from headcount.accounting.subjects import no_subjects, subject_frame
from headcount.linkage.mentions import identifying_records, mention_flags
from headcount.model.dates import InvalidDate, from_value
from headcount.model.judgements import StatusJudgement
from headcount.model.vocabulary import EventKind, Property
from headcount.storage.columns import Columns
from headcount.storage.engine import Connection
from headcount.storage.evidence import (
    event_columns,
    on_own_connection,
    run_record_columns,
    shareable,
    source_grades,
    statement_columns,
)
from headcount.storage.queries import latest_run_id
from headcount.storage.status_judgements import active_status_judgements
from headcount.storage.subjects import subject_statements

EPOCH = date(1970, 1, 1)
NEVER = np.int32(np.iinfo(np.int32).max)
"""The day number of a date that is not known: after every date."""
KINDS: tuple[EventKind, ...] = tuple(EventKind)
"""Event kinds by code (the code is the position)."""
PLACE_PRIORITY: dict[str, int] = {
    "departed": 0,
    Property.residence.value: 1,
    Property.citizenship.value: 2,
    Property.birth_place.value: 3,
    "source": 4,
}
"""The kinds of evidence of where a person is from, by code: the place of departure,
residence, citizenship, birth place, and the country of a national source that lists them
(see `origin` for how they are weighed)."""
UNATTRIBUTED = "XXX"
"""The country of persons no record places (no departure place, residence, citizenship,
birth place or national source): ICAO's code for an unspecified nationality."""
MENTIONS = "mentions"
"""The row of the counts that holds mentions (`linkage.mentions`), apart from every country."""
_ISO3 = re.compile(r"^[A-Z]{3}(?::|$)")


class NoPersons(LookupError):
    """The store has no linkage run, so there are no persons to account for."""


def day_number(when: date) -> int:
    """A date as days since 1970-01-01."""
    return (when - EPOCH).days


def day_date(number: int) -> date:
    """A day number back to a date."""
    return date.fromordinal(EPOCH.toordinal() + int(number))


@dataclass(frozen=True)
class Evidence:
    """What the records of one linkage run say, as columns of integers (one row per record,
    event or place statement). `events.record` and `places.record` are positions in
    `records`; persons and countries are codes into `person_keys` and `countries`."""

    run_id: int
    records: pd.DataFrame
    """record_id, person (code), source_id, reliability (0 = A … 5 = F), reported and
    first_reported (days), mention (the record carries nothing beyond a name:
    `linkage.mentions`)."""
    events: pd.DataFrame
    """record, kind (code in KINDS), earliest, latest, reported (days), credibility, place
    (country code, -1 when none), and where read from a store: region (the place within
    the country, '' when none) and note (the source's words, '' when none)."""
    places: pd.DataFrame
    """record, priority (PLACE_PRIORITY), country (code): where statements say a person is
    from."""
    person_keys: np.ndarray
    """Person code → person id."""
    countries: np.ndarray
    """Country code → ISO 3166 alpha-3; code 0 is UNATTRIBUTED."""
    judged: pd.DataFrame = field(default_factory=lambda: no_judgements())
    """record (the judgement's anchor), status (code in STATUS_ORDER), from_day, made_day:
    analysts' status judgements in force (`storage.status_judgements`), oldest first."""
    subjects: pd.DataFrame = field(default_factory=lambda: no_subjects())
    """record, female (1, 0 for male), born (day in the middle of the birth date): one row
    per gender (born `subjects.NO_BIRTH`) or birth-date statement (female -1)."""
    derived: dict[str, np.ndarray] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """Arrays computed from this evidence alone, the same for every date (`status.derived`):
    made once per evidence and never stale, as evidence is never changed (another
    clustering or another set of compartments is another Evidence, with its own)."""

    def with_persons(self, person_of_record: Mapping[int, str]) -> Evidence:
        """The same evidence under another clustering (record id → person key); records the
        clustering does not mention stay persons of their own."""
        ids = self.records["record_id"].to_numpy()
        keys = np.array([person_of_record.get(i, f"r{i}") for i in ids.tolist()], dtype=object)
        codes, uniques = pd.factorize(keys)
        records = self.records.assign(person=codes.astype(np.int32))
        return replace(self, records=records, person_keys=np.asarray(uniques, dtype=object))

    @property
    def persons(self) -> int:
        """How many persons the records make."""
        return len(self.person_keys)

    def country_code(self, iso3: str) -> int:
        """The code of a country, -1 when no record names it."""
        found = np.flatnonzero(self.countries == iso3)
        return int(found[0]) if len(found) else -1


def encode(
    run_id: int,
    records: Columns,
    events: Columns,
    places: Columns,
) -> Evidence:
    """Evidence from plain columns: persons as keys, event places and stated countries as
    ISO3 text ('' when none). Persons and countries become codes; a departure's place
    joins the place statements (it is where the person left from), and so does the country
    of a national source (optional column `source_country` of the records). The optional
    column `mention` marks records that carry nothing beyond a name."""
    codes, keys = pd.factorize(np.asarray(records["person"], dtype=object))
    n = len(codes)
    national = np.asarray(records.get("source_country", np.full(n, "", dtype=object)), dtype=object)
    listed = np.flatnonzero(national != "")
    places = {
        "record": np.concatenate([np.asarray(places["record"]), listed]),
        "priority": np.concatenate(
            [np.asarray(places["priority"]), np.full(len(listed), PLACE_PRIORITY["source"])]
        ),
        "country": np.concatenate([np.asarray(places["country"], dtype=object), national[listed]]),
    }
    records = {k: v for k, v in records.items() if k != "source_country"} | {
        "mention": np.asarray(records.get("mention", np.zeros(n, dtype=bool)), dtype=bool)
    }
    event_place = np.asarray(events["place"], dtype=object)
    stated = np.asarray(places["country"], dtype=object)
    countries = np.array(
        [
            UNATTRIBUTED,
            *sorted((set(event_place.tolist()) | set(stated.tolist())) - {"", UNATTRIBUTED}),
        ],
        dtype=object,
    )
    index = {c: i for i, c in enumerate(countries.tolist())}
    index[""] = -1
    place_codes = _lookup(event_place, index)
    departed = (np.asarray(events["kind"]) == KINDS.index(EventKind.departed)) & (place_codes >= 0)
    first = np.asarray(records["reported"], dtype=np.int32).copy()
    np.minimum.at(
        first,
        np.asarray(events["record"], dtype=np.int64),
        np.asarray(events["reported"], dtype=np.int32),
    )
    recs = pd.DataFrame({**records, "person": codes.astype(np.int32), "first_reported": first})
    evs = pd.DataFrame({**events, "place": place_codes})
    stated_codes = _lookup(stated, index)
    keep = stated_codes >= 0
    pl = pd.DataFrame(
        {
            "record": np.concatenate(
                [np.asarray(events["record"])[departed], np.asarray(places["record"])[keep]]
            ).astype(np.int64),
            "priority": np.concatenate(
                [np.zeros(int(departed.sum()), dtype=np.int8), np.asarray(places["priority"])[keep]]
            ).astype(np.int8),
            "country": np.concatenate([place_codes[departed], stated_codes[keep]]).astype(np.int32),
        }
    )
    return Evidence(run_id, recs, evs, pl, np.asarray(keys, dtype=object), countries)


def _lookup(values: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """Codes of text values through a small vocabulary (factorised first: few distinct)."""
    codes, uniques = pd.factorize(values)
    table = np.array([index.get(str(u), -1) for u in uniques], dtype=np.int32)
    return table[codes] if len(table) else np.full(len(values), -1, dtype=np.int32)


def load_evidence(connection: Connection, run_id: int | None = None) -> Evidence:
    """Read the evidence of a linkage run (default: the latest): the run's records, then
    every event and place statement, matched to the run's records by id (what no record of
    the run holds is left out).

    The events are read on a second connection in a second thread while this one reads the
    records and statements: the database does its part of each query without holding
    Python's lock, so on two cores the reads overlap (not for an in-memory SQLite store,
    which a second connection would not see)."""
    run = run_id if run_id is not None else latest_run_id(connection)
    if run is None:
        raise NoPersons("no linkage run yet: link the records first (headcount link)")
    gc_was = gc.isenabled()
    gc.disable()  # millions of fresh objects: collecting them as they come only costs time
    try:
        if shareable(connection):
            with ThreadPoolExecutor(1) as pool:
                later = pool.submit(on_own_connection, connection, _event_rows)
                recs = _records(connection, run)
                stated = _statement_rows(connection)
                happened = later.result()
        else:
            recs = _records(connection, run)
            stated = _statement_rows(connection)
            happened = _event_rows(connection)
    finally:
        if gc_was:
            gc.enable()
    position = pd.Index(recs["record_id"])
    evidence = encode(run, recs, _events(happened, position), _places(stated, position))
    return replace(
        evidence,
        judged=_judged(active_status_judgements(connection), position),
        subjects=subject_frame(subject_statements(connection), position),
    )


def no_judgements() -> pd.DataFrame:
    """The `judged` frame of evidence no analyst has judged."""
    return pd.DataFrame(
        {c: np.zeros(0, dtype=np.int64) for c in ("record", "status", "from_day", "made_day")}
    )


def _judged(found: list[StatusJudgement], position: pd.Index) -> pd.DataFrame:
    """The judgements whose anchor record is in the run, as positions and day numbers."""
    order = [s.value for s in STATUS_ORDER]
    rows = [
        (
            position.get_loc(j.record_id),
            order.index(j.status),
            day_number(j.as_of),
            day_number(j.created_at.date()),
        )
        for j in found
        if j.record_id in position
    ]
    if not rows:
        return no_judgements()
    return pd.DataFrame(rows, columns=["record", "status", "from_day", "made_day"])


def _days(values: np.ndarray) -> np.ndarray:
    """Day numbers read as floats (NULL as NaN) to int32, NULL becoming NEVER."""
    return np.where(np.isnan(values), NEVER, values).astype(np.int32)


def _records(connection: Connection, run: int) -> Columns:
    rows = run_record_columns(connection, run)
    listed = source_grades(connection)
    source = pd.Series(rows["source"])
    reliability = source.map({i: "ABCDEF".index(grade) for i, grade, _ in listed})
    national = source.map({i: country or "" for i, _, country in listed})
    return {
        "record_id": rows["id"],
        "person": rows["person"],
        "source_id": rows["source"],
        "reliability": reliability.to_numpy("int8"),
        "reported": _partial_days(rows["reported"]),
        "source_country": national.to_numpy(object),
        "mention": mention_flags(rows["id"], identifying_records(connection)),
    }


def _event_rows(connection: Connection) -> Columns:
    return event_columns(connection, {k.value: i for i, k in enumerate(KINDS)})


def _events(rows: Columns, position: pd.Index) -> Columns:
    at = position.get_indexer(pd.Index(rows["record"]))
    keep = (at >= 0) & (rows["kind"] >= 0)
    return {
        "record": at[keep],
        "kind": rows["kind"][keep],
        "earliest": _days(rows["earliest"][keep]),
        "latest": _days(rows["latest"][keep]),
        "reported": _days(rows["reported"][keep]),
        "credibility": rows["credibility"][keep],
        "place": rows["place"][keep],
        "region": rows["region"][keep],
        "note": rows["note"][keep],
    }


def _statement_rows(connection: Connection) -> Columns:
    props = [p for p in PLACE_PRIORITY if p != "departed"]
    return statement_columns(connection, {p: PLACE_PRIORITY[p] for p in props})


def _places(rows: Columns, position: pd.Index) -> Columns:
    at = position.get_indexer(pd.Index(rows["record"]))
    keep = at >= 0
    return {
        "record": at[keep],
        "priority": rows["priority"][keep],
        "country": _country_codes(rows["value"][keep]),
    }


def _partial_days(values: np.ndarray) -> np.ndarray:
    """Stored partial dates (their canonical text) as the day number they start on."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    days = np.array([_start(str(u)) for u in uniques], dtype=np.int32)
    if len(days) == 0:
        return np.full(len(codes), NEVER, dtype=np.int32)
    return np.where(codes >= 0, days[codes], NEVER).astype(np.int32)


def _start(value: str) -> int:
    try:
        return day_number(from_value(value).earliest)
    except InvalidDate:
        return int(NEVER)


def _country_codes(values: np.ndarray) -> np.ndarray:
    """The ISO 3166 alpha-3 code a stored country value starts with ('' when it has none)."""
    codes, uniques = pd.factorize(values)
    found = np.array([str(u)[:3] if _ISO3.match(str(u)) else "" for u in uniques], dtype=object)
    if len(found) == 0:
        return np.array([], dtype=object)
    return found[codes]
