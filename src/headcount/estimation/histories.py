"""Capture histories from the store: which systems recorded each person counted on a date.

A person's capture history is the set of systems (a source, or a group of sources) with a
record of theirs known on the date of knowledge. The persons are those accounting counts
on the date (`headcount.accounting.Snapshot`) and those recorded only later who, as far as
the records known tell, had left by the date too: no departure or entry into the theatre
of theirs is dated after it (`later`). Counting needs evidence dated by the date; a
capture does not. Leaving the later ones out would keep in the histories mostly persons
many sources recorded (more records, more chance of one dated early), and the estimate of
the unseen would fall short. Each person comes with the strata an estimate can be split by:

- `country`: the country they left from, as accounting places them;
- `period`: the year they left (their earliest departure or entry into the theatre that
  had happened by the date), `undated` when no such event is dated;
- `status`: their status on the date by accounting's rules, except that
  `killed_confirmed` and `killed_reported` are one stratum, `killed`: whether a death is
  confirmed depends on how many sources report it, so splitting by it would split by the
  capture history itself. A person recorded only later has `unknown`: nothing dated
  says where they were on the date.

`catalogue.STRATA` names them. Mentions (persons whose records carry nothing beyond a name,
`linkage.mentions`) have no row: they are counted apart (`Histories.mentions`), and a
capture history of theirs would look like one more person recorded by one list only.

Since method version 1.5 a capture is an *identifying* record: a mention record is no
capture of anyone, even where the linkage attributed it to a person. Whether a mention is
attributed depends on the linkage (perfect linkage attributes every one, headcount's own
few), and counting the attributed ones while leaving out the persons known only through
mentions makes a system whose one-list persons are missing: under perfect linkage the
death notices then held no one they alone recorded, and the totals fell 7-9% short. With
identifying records only, the persons known only through mentions are among the unseen,
like any person no identifying record shows (docs/methodology/estimation.md, "Mentions").

Invariant: one row per counted person who is not a mention and a 0/1 column per system
that recorded at least one of them in an identifying record; every row has a 1 somewhere
(a counted person who is not a mention has an identifying record known on the date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from headcount.accounting.status import Snapshot, countries_known_by
from headcount.accounting.timeline import KINDS, day_date
from headcount.model.vocabulary import EventKind, Status

UNDATED = "undated"
KILLED = "killed"
"""The stratum of `killed_confirmed` and `killed_reported` together."""
LEAVING = (KINDS.index(EventKind.departed), KINDS.index(EventKind.entered_theatre))


@dataclass(frozen=True)
class Histories:
    """Capture histories: `frame` has `person`, the strata columns, then one 0/1 column
    per system (in `systems`)."""

    frame: pd.DataFrame
    systems: tuple[str, ...]
    mentions: int = 0
    """Mentions counted on the date, left out of the histories."""
    later: frozenset[str] = frozenset()
    """The persons recorded only after the date (module doc), by key."""

    def captures(self) -> pd.DataFrame:
        """The 0/1 system columns only, one row per person."""
        return self.frame[list(self.systems)].reset_index(drop=True)


def person_histories(
    snapshot: Snapshot, system_of_source: Mapping[int, str], *, country: str | None = None
) -> Histories:
    """The capture histories of the persons counted in `snapshot` and of those recorded
    later (module doc; only `country`'s when given) over systems; `system_of_source` maps a
    source id to its system's name (a source it does not name is a system of its own,
    `source <id>`)."""
    evidence = snapshot.evidence
    counted = snapshot.statuses().assign(code=snapshot.people)
    statuses = pd.concat([counted, later(snapshot)], ignore_index=True)
    people = statuses["code"].to_numpy()
    mentions = statuses["mention"].to_numpy().copy()
    mine = ~mentions
    if country is not None:
        mine &= (statuses["country"] == country).to_numpy()
        mentions &= (statuses["country"] == country).to_numpy()
    people, statuses = people[mine], statuses[mine].reset_index(drop=True)
    recs = evidence.records
    known = recs["first_reported"].to_numpy() <= snapshot.k
    person = recs["person"].to_numpy()
    position = np.full(evidence.persons, -1, dtype=np.int64)
    position[people] = np.arange(len(people))
    row = position[person]
    use = known & (row >= 0) & ~recs["mention"].to_numpy()
    names = np.array(
        [system_of_source.get(int(s), f"source {s}") for s in recs["source_id"].tolist()],
        dtype=object,
    )
    codes, systems = pd.factorize(names[use], sort=True)
    seen = np.zeros((len(people), len(systems)), dtype=np.int64)
    seen[row[use], codes] = 1
    frame = pd.DataFrame(
        {
            "person": statuses["person"].to_numpy(),
            "country": statuses["country"].to_numpy(),
            "period": _periods(snapshot, people),
            "status": statuses["status"].replace(
                {Status.killed_confirmed.value: KILLED, Status.killed_reported.value: KILLED}
            ),
        }
    )
    columns = [str(s) for s in systems]
    frame = pd.concat([frame, pd.DataFrame(seen, columns=columns)], axis=1)
    recorded_later = statuses.loc[statuses["reason"] == "recorded_later", "person"]
    return Histories(frame, tuple(columns), int(mentions.sum()), frozenset(recorded_later))


def later(snapshot: Snapshot) -> pd.DataFrame:
    """Persons the snapshot does not count (nothing of theirs dated by its date) with a
    record known by its date of knowledge that carries more than a name, and no departure
    or entry into the theatre known to have happened after the date: in `statuses`' shape
    (status `unknown`, reason `recorded_later`) with `code`, the person's code."""
    evidence = snapshot.evidence
    recs, evs = evidence.records, evidence.events
    codes = recs["person"].to_numpy()
    known = recs["first_reported"].to_numpy() <= snapshot.k
    wanted = np.zeros(evidence.persons, dtype=bool)
    wanted[codes[known & ~recs["mention"].to_numpy()]] = True
    wanted[snapshot.people] = False
    leaving = np.isin(evs["kind"].to_numpy(), LEAVING) & (evs["reported"].to_numpy() <= snapshot.k)
    after = leaving & (evs["earliest"].to_numpy() > snapshot.t)
    wanted[snapshot.ev_person[after]] = False
    people = np.flatnonzero(wanted)
    countries = countries_known_by(evidence, snapshot.k)[people]
    return pd.DataFrame(
        {
            "person": evidence.person_keys[people],
            "country": evidence.countries[countries],
            "status": Status.unknown.value,
            "reason": "recorded_later",
            "mention": False,
            "code": people,
        }
    )


def _periods(snapshot: Snapshot, people: np.ndarray) -> np.ndarray:
    """Each person's year of leaving: their earliest departure or entry into the theatre
    that had happened by the date (and was known), else UNDATED."""
    evs = snapshot.evidence.events
    leaving = snapshot.happened & np.isin(evs["kind"].to_numpy(), LEAVING)
    first = (
        pd.Series(evs["earliest"].to_numpy()[leaving]).groupby(snapshot.ev_person[leaving]).min()
    )
    days = first.reindex(people).to_numpy()
    return np.array(
        [UNDATED if np.isnan(d) else str(day_date(int(d)).year) for d in days], dtype=object
    )
