"""Each person's status on a date, derived from their events by the rules (never stored).

For a date t (`as_of`) and a date of knowledge k (`known_on`, default: everything known
now), with the events that happened by t, were reported by k and pass the reading's grades:

1. A person is counted when something known by k shows they had left by t: one of their
   records was reported by t, or one of their events certainly happened by t (its latest
   day is on or before t).
2. The last event that moves a person decides (`MOVES`: departed → en_route,
   entered_theatre/released → in_theatre, detained, returned, relocated; a sighting in
   the theatre → in_theatre; other sightings and prosecutions move no one). Events on the
   same day are taken in the order of a life: departed, entered_theatre, sighted,
   detained, released, relocated, returned.
3. A death report makes `killed_confirmed` when any report is graded
   `confirmed_credibility` or better, else `killed_reported` — unless a moving event graded
   `contest_credibility` or better happened certainly after it (its earliest day after the
   report's latest): then `contested`.
4. `in_theatre` with the deciding event more than `staleness_days` before t, and
   `en_route` older than `en_route_days`, become `unknown`; so does a person no event
   places at all. `reason` says which.

Invariant: every counted person has exactly one status, so `departed = Σ statuses`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from headcount.accounting.origin import person_countries
from headcount.accounting.rules import STATUS_ORDER, Reading, Rules, reliability_rank
from headcount.accounting.timeline import KINDS, MENTIONS, NEVER, Evidence, day_number
from headcount.model.vocabulary import EventKind, Status

MOVES: dict[EventKind, Status] = {
    EventKind.departed: Status.en_route,
    EventKind.entered_theatre: Status.in_theatre,
    EventKind.sighted: Status.in_theatre,  # only in the theatre (rule 2)
    EventKind.detained: Status.detained,
    EventKind.released: Status.in_theatre,
    EventKind.relocated: Status.relocated,
    EventKind.returned: Status.returned,
}
"""The status each moving event leaves a person in, in the order of a life (rule 2)."""

STATUS_CODES: dict[Status, int] = {s: i for i, s in enumerate(STATUS_ORDER)}
_MOVE_STATUS = np.full(len(KINDS), -1, dtype=np.int8)
PRECEDENCE = np.zeros(len(KINDS), dtype=np.int8)
for _rank, (_kind, _status) in enumerate(MOVES.items()):
    _MOVE_STATUS[KINDS.index(_kind)] = STATUS_CODES[_status]
    PRECEDENCE[KINDS.index(_kind)] = _rank
_SIGHTED = KINDS.index(EventKind.sighted)
_KILLED = KINDS.index(EventKind.killed)

UNKNOWN_REASONS = ("stale", "no_news_since_leaving", "no_whereabouts")
"""Why a person is `unknown`: last seen in the theatre too long ago; only known to have
left, too long ago; no event says where they are."""


class Snapshot:
    """The evidence seen from one date with one date of knowledge: who is counted, from
    where, and (per reading) in which status. What readings share is computed once."""

    def __init__(
        self,
        evidence: Evidence,
        as_of: date,
        known_on: date | None = None,
        rules: Rules | None = None,
    ) -> None:
        self.evidence = evidence
        self.as_of, self.known_on = as_of, known_on
        self.rules = rules or Rules()
        self.t = day_number(as_of)
        self.k = day_number(known_on) if known_on is not None else int(NEVER)
        codes = evidence.records["person"].to_numpy()
        n = evidence.persons
        evs = evidence.events
        self.ev_person = codes[evs["record"].to_numpy()]
        self.happened = (evs["earliest"].to_numpy() <= self.t) & (
            evs["reported"].to_numpy() <= self.k
        )
        first = evidence.records["first_reported"].to_numpy()
        member = np.zeros(n, dtype=bool)
        member[codes[first <= min(self.t, self.k)]] = True
        member[self.ev_person[self.happened & (evs["latest"].to_numpy() <= self.t)]] = True
        self.people = np.flatnonzero(member)
        """The codes of the persons counted."""
        self.country_codes = countries_known_by(evidence, self.k)[self.people]
        """Each counted person's country, as a code into `evidence.countries`."""
        self.judged = 0
        """How many counted persons' statuses rest on analysts' judgements (after
        `status_codes`)."""
        identifying = ~evidence.records["mention"].to_numpy() & (first <= self.k)
        self.mention = np.bincount(codes[identifying], minlength=n)[self.people] == 0
        """Whether each counted person is a mention: no record of theirs known by k carries
        anything beyond a name (`linkage.mentions`)."""

    def status_codes(self, reading: Reading = Reading.reported) -> tuple[np.ndarray, ...]:
        """Per counted person: status code (in STATUS_ORDER), reason (why `unknown`), the
        day of the deciding event, the day of the last death report."""
        rules = self.rules.for_reading(reading)
        evs = self.evidence.events
        counted = self.counted(reading)
        theatre = [self.evidence.country_code(c) for c in rules.theatre]
        order = derived(self.evidence, "event_order", lambda: life_order(evs, self.ev_person))
        status, since, death = _decide(
            evs, self.ev_person, order, counted, self.evidence.persons, rules, theatre
        )
        codes = status[self.people]
        reason = _reasons(codes, since[self.people], self.t, rules)
        codes = np.where(reason == "", codes, STATUS_CODES[Status.unknown])
        codes, reason = self._judged(codes, reason)
        return codes, reason, since[self.people], death[self.people]

    def counted(self, reading: Reading = Reading.reported) -> np.ndarray:
        """Which events count under a reading: happened by t, known by k, graded enough."""
        rules = self.rules.for_reading(reading)
        evs, recs = self.evidence.events, self.evidence.records
        reliable = recs["reliability"].to_numpy()[evs["record"].to_numpy()]
        return np.asarray(
            self.happened
            & (evs["credibility"].to_numpy() <= rules.min_credibility)
            & (reliable <= reliability_rank(rules.min_reliability))
        )

    def _judged(self, codes: np.ndarray, reason: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The statuses analysts judged (`storage.status_judgements`) in place of the
        rules' on the dates they hold from, once they were made (on the axis of knowledge);
        the latest judgement of a person wins. Sets `judged`: how many counted persons'
        statuses rest on a judgement."""
        judged = self.evidence.judged
        in_force = judged[
            (judged["from_day"].to_numpy() <= self.t) & (judged["made_day"].to_numpy() <= self.k)
        ]
        self.judged = 0
        if not len(in_force):
            return codes, reason
        person = self.evidence.records["person"].to_numpy()[in_force["record"].to_numpy()]
        at = np.searchsorted(self.people, person)
        counted = (at < len(self.people)) & (
            self.people[np.minimum(at, len(self.people) - 1)] == person
        )
        codes, reason = codes.copy(), reason.copy()
        codes[at[counted]] = in_force["status"].to_numpy()[counted]  # later rows win
        reason[at[counted]] = ""
        self.judged = len(set(at[counted].tolist()))
        return codes, reason

    def table(self, reading: Reading = Reading.reported) -> pd.DataFrame:
        """Persons per country × status (columns: the statuses, then `departed`); mentions
        on a row of their own, MENTIONS, whatever country a national source gives them."""
        return self.tabulate(self.status_codes(reading)[0])

    def tabulate(
        self,
        codes: np.ndarray,
        among: np.ndarray | None = None,
        flags: Mapping[str, np.ndarray] | None = None,
    ) -> pd.DataFrame:
        """`table` from status codes: only the counted persons `among` (a mask, default all),
        with a column per flag (a mask over the counted persons) after `departed`."""
        width = len(STATUS_ORDER)
        rows = len(self.evidence.countries) + 1
        row = np.where(self.mention, rows - 1, self.country_codes).astype(np.int64)
        if among is not None:
            row, codes = row[among], codes[among]
        cells = np.bincount(row * width + codes, minlength=rows * width).reshape(-1, width)
        table = pd.DataFrame(
            cells,
            index=[*self.evidence.countries.tolist(), MENTIONS],
            columns=[s.value for s in STATUS_ORDER],
        )
        table["departed"] = np.bincount(row, minlength=rows)
        for name, flag in (flags or {}).items():
            chosen = flag if among is None else flag[among]
            table[name] = np.bincount(row[chosen], minlength=rows)
        return table[table["departed"] > 0]

    def statuses(self, reading: Reading = Reading.reported) -> pd.DataFrame:
        """One row per counted person: person, country, status, reason (why `unknown`, else
        ''), since (day of the deciding event), death (day of the last death report, or
        NEVER) and mention (whether the person is a mention)."""
        codes, reason, since, death = self.status_codes(reading)
        labels = np.array([s.value for s in STATUS_ORDER], dtype=object)
        return pd.DataFrame(
            {
                "person": self.evidence.person_keys[self.people],
                "country": self.evidence.countries[self.country_codes],
                "status": labels[codes],
                "reason": reason,
                "since": since,
                "death": death,
                "mention": self.mention,
            }
        )


def person_statuses(
    evidence: Evidence,
    as_of: date,
    known_on: date | None = None,
    rules: Rules | None = None,
    reading: Reading = Reading.reported,
) -> pd.DataFrame:
    """Every counted person's status on `as_of` with what was known on `known_on` (default:
    everything known now); see `Snapshot.statuses` for the columns."""
    return Snapshot(evidence, as_of, known_on, rules).statuses(reading)


def derived(evidence: Evidence, name: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """What `compute` makes of the evidence alone (whatever the date), made once per
    evidence and kept with it (`Evidence.derived`): counting many dates, or every variant of
    one, repeats none of it. Two threads may both compute it; they get the same array."""
    found = evidence.derived.get(name)
    if found is None:
        found = evidence.derived[name] = compute()
    return found


def countries_known_by(evidence: Evidence, k: int) -> np.ndarray:
    """`person_countries` from the records known by day `k`; with everything known now
    (`NEVER`), once per evidence."""
    first = evidence.records["first_reported"].to_numpy()
    if k >= NEVER:
        return derived(evidence, "countries", lambda: person_countries(evidence, first <= k))
    return person_countries(evidence, first <= k)


def life_order(evs: pd.DataFrame, ev_person: np.ndarray) -> np.ndarray:
    """Every event's position, by person, then day, then the order of a life (rule 2)."""
    kind = evs["kind"].to_numpy()
    return np.lexsort((PRECEDENCE[kind], evs["earliest"].to_numpy(), ev_person))


def last_per_person(order: np.ndarray, ev_person: np.ndarray) -> np.ndarray:
    """The last of each person's events in `order` (events grouped by person)."""
    if not len(order):
        return order
    return order[np.r_[ev_person[order][1:] != ev_person[order][:-1], True]]


def _decide(
    evs: pd.DataFrame,
    ev_person: np.ndarray,
    order: np.ndarray,
    counted: np.ndarray,
    n: int,
    rules: Rules,
    theatre: list[int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per person: the status code of the deciding event (rules 2–3), its day, the death day.
    `order` is every event in the order of `life_order`; a subset of it keeps that order,
    so no date sorts the events again."""
    kind = evs["kind"].to_numpy()
    earliest = evs["earliest"].to_numpy()
    in_theatre = np.isin(evs["place"].to_numpy(), [c for c in theatre if c >= 0])
    moves = counted & (_MOVE_STATUS[kind] >= 0) & ((kind != _SIGHTED) | in_theatre)
    status = np.full(n, STATUS_CODES[Status.unknown], dtype=np.int8)
    since = np.full(n, NEVER, dtype=np.int32)
    last = last_per_person(order[moves[order]], ev_person)
    status[ev_person[last]] = _MOVE_STATUS[kind[last]]
    since[ev_person[last]] = earliest[last]
    death, confirmed = _deaths(evs, ev_person, counted & (kind == _KILLED), n, rules)
    after = np.full(n, -1, dtype=np.int64)
    contesting = moves & (evs["credibility"].to_numpy() <= rules.contest_credibility)
    latest = last_per_person(order[contesting[order]], ev_person)  # each person's latest day
    after[ev_person[latest]] = earliest[latest]
    dead = death[0] != NEVER
    contested = dead & (after > death[1])
    status[dead] = np.where(
        confirmed[dead], STATUS_CODES[Status.killed_confirmed], STATUS_CODES[Status.killed_reported]
    )
    status[contested] = STATUS_CODES[Status.contested]
    return status, since, death[0]


def _deaths(
    evs: pd.DataFrame, ev_person: np.ndarray, deaths: np.ndarray, n: int, rules: Rules
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Per person: (earliest, latest) day of the last death report, and whether any report
    is graded `confirmed_credibility` or better."""
    earliest = np.full(n, -1, dtype=np.int64)
    np.maximum.at(earliest, ev_person[deaths], evs["earliest"].to_numpy()[deaths])
    latest = np.full(n, -1, dtype=np.int64)
    np.maximum.at(latest, ev_person[deaths], evs["latest"].to_numpy()[deaths])
    best = np.full(n, 99, dtype=np.int8)
    np.minimum.at(best, ev_person[deaths], evs["credibility"].to_numpy()[deaths])
    earliest[earliest < 0] = NEVER
    return (earliest, latest), best <= rules.confirmed_credibility


def _reasons(status: np.ndarray, since: np.ndarray, t: int, rules: Rules) -> np.ndarray:
    """Why each person is `unknown` (rule 4), '' for the others."""
    age = t - since.astype(np.int64)
    reason = np.full(len(status), "", dtype=object)
    reason[(status == STATUS_CODES[Status.in_theatre]) & (age > rules.staleness_days)] = "stale"
    old = (status == STATUS_CODES[Status.en_route]) & (age > rules.en_route_days)
    reason[old] = "no_news_since_leaving"
    reason[status == STATUS_CODES[Status.unknown]] = "no_whereabouts"
    return reason
