"""Movements between countries in a period: an origin–destination table, a Sankey, a map.

A person's path is the sequence of countries their events place them in, in the order of
the events (rule 2 of `status`): their own country first (where they left from), then the
place of each event that has one — entering the theatre, sightings, detentions, releases,
relocations, deaths — and, for a return that names no place, their own country again.
Consecutive events in one country are one stay. A move is a change of country, dated by
the first event in the new country; a move belongs to the period when that date is in it.

Only events that count under the rules (grades) and, with `known_on`, that were reported
by then, take part. The Sankey's nodes are (step, country) so that it has no cycles
(Syria → Turkey → Syria is drawn as three steps); the origin–destination table adds moves
up by country.

Invariant: a link's `persons` counts each person once, `moves` every move they made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from headcount.accounting.rules import Rules, reliability_rank
from headcount.accounting.status import PRECEDENCE, countries_known_by
from headcount.accounting.timeline import KINDS, NEVER, Evidence, day_number, load_evidence
from headcount.model.places import country_name, numeric_code
from headcount.model.vocabulary import EventKind
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current

MAX_STEPS = 6
"""Sankey steps beyond this are drawn at the last step (long paths are rare)."""
_RETURNED = KINDS.index(EventKind.returned)
_PLACED = np.array([k not in (EventKind.prosecuted, EventKind.departed) for k in KINDS], dtype=bool)


@dataclass(frozen=True)
class Link:
    """Movements from one country to another in the period."""

    source: str
    target: str
    persons: int
    moves: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "persons": self.persons,
            "moves": self.moves,
        }


@dataclass(frozen=True)
class Flows:
    """The moves of a period, by country and by step."""

    start: date
    end: date
    links: list[Link]
    steps: list[tuple[int, str, int, str, int]]
    """Sankey links: (step, country, step + 1, country, persons)."""

    def nodes(self) -> list[dict[str, Any]]:
        codes = sorted({c for link in self.links for c in (link.source, link.target)})
        return [{"id": c, "name": _name(c), "numeric": numeric_code(c)} for c in codes]

    def as_dict(self) -> dict[str, Any]:
        sankey_nodes = sorted(
            {(s, c) for a, ca, b, cb, _ in self.steps for s, c in ((a, ca), (b, cb))}
        )
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "nodes": self.nodes(),
            "links": [link.as_dict() for link in self.links],
            "sankey": {
                "nodes": [{"id": f"{s}:{c}", "step": s, "country": c} for s, c in sankey_nodes],
                "links": [
                    {"source": f"{a}:{ca}", "target": f"{b}:{cb}", "persons": n}
                    for a, ca, b, cb, n in self.steps
                ],
            },
        }

    def flat(self) -> list[dict[str, Any]]:
        """origin,destination,persons,moves — for CSV."""
        return [
            {
                "origin": link.source,
                "destination": link.target,
                "persons": link.persons,
                "moves": link.moves,
            }
            for link in self.links
        ]


def _name(code: str) -> str:
    try:
        return country_name(code)
    except (KeyError, ValueError):
        return code


def flows(
    store: Store,
    start: date,
    end: date,
    *,
    country: str | None = None,
    known_on: date | None = None,
    rules: Rules | None = None,
) -> Flows:
    """The moves between `start` and `end` (both included) of the current persons."""
    if end < start:
        raise ValueError(f"--to ({end}) is before --from ({start})")
    require_current(store)
    with store.reading() as connection:
        evidence = load_evidence(connection)
    return flows_of(evidence, start, end, country=country, known_on=known_on, rules=rules)


def flows_of(
    evidence: Evidence,
    start: date,
    end: date,
    *,
    country: str | None = None,
    known_on: date | None = None,
    rules: Rules | None = None,
) -> Flows:
    """`flows` on evidence already read."""
    moves = person_moves(evidence, known_on=known_on, rules=rules)
    return flows_in(moves, start, end, country=country)


def flows_in(moves: pd.DataFrame, start: date, end: date, *, country: str | None = None) -> Flows:
    """`flows` from every move (`person_moves`), which is the same for every period: a
    caller showing many periods reads the moves once."""
    if country is not None:
        moves = moves[moves["origin"] == country]
    period = moves[(moves["day"] >= day_number(start)) & (moves["day"] <= day_number(end))]
    grouped = period.groupby(["source", "target"]).agg(
        persons=("person", "nunique"), moves=("person", "size")
    )
    grouped = grouped.reset_index().sort_values(["persons", "source"], ascending=[False, True])
    links = [
        Link(str(s), str(t), int(p), int(m))
        for s, t, p, m in zip(
            grouped["source"].tolist(),
            grouped["target"].tolist(),
            grouped["persons"].tolist(),
            grouped["moves"].tolist(),
            strict=True,
        )
    ]
    steps = period.assign(step=np.minimum(period["step"], MAX_STEPS - 1))
    by_step = steps.groupby(["step", "source", "target"])["person"].nunique().reset_index()
    sankey = [
        (int(k), str(s), int(k) + 1, str(t), int(n))
        for k, s, t, n in zip(
            by_step["step"].tolist(),
            by_step["source"].tolist(),
            by_step["target"].tolist(),
            by_step["person"].tolist(),
            strict=True,
        )
    ]
    return Flows(start, end, links, sankey)


def person_moves(
    evidence: Evidence, *, known_on: date | None = None, rules: Rules | None = None
) -> pd.DataFrame:
    """Every move of every person: person (code), origin, step, source, target, day."""
    rules = rules or Rules()
    k = day_number(known_on) if known_on is not None else int(NEVER)
    codes = evidence.records["person"].to_numpy()
    origin = countries_known_by(evidence, k)
    evs = evidence.events
    record = evs["record"].to_numpy()
    person = codes[record]
    kind = evs["kind"].to_numpy()
    place = evs["place"].to_numpy()
    place = np.where((kind == _RETURNED) & (place < 0), origin[person], place)
    keep = (
        _PLACED[kind]
        & (place >= 0)
        & (evs["earliest"].to_numpy() != NEVER)
        & (evs["reported"].to_numpy() <= k)
        & (evs["credibility"].to_numpy() <= rules.min_credibility)
        & (
            evidence.records["reliability"].to_numpy()[record]
            <= reliability_rank(rules.min_reliability)
        )
    )
    located = pd.DataFrame(
        {
            "person": person[keep],
            "day": evs["earliest"].to_numpy()[keep],
            "order": PRECEDENCE[kind[keep]] + 1,
            "place": place[keep],
        }
    )
    starts = pd.DataFrame({"person": np.unique(person[keep]), "day": -1, "order": 0})
    starts["place"] = origin[starts["person"].to_numpy()]
    starts = starts[starts["place"] != 0]  # unattributed: the path starts at its first place
    path = pd.concat([starts, located], ignore_index=True).sort_values(["person", "day", "order"])
    previous = path.groupby("person")["place"].shift()
    moved = path[previous.notna() & (path["place"] != previous)].copy()
    names = evidence.countries
    moved["source"] = names[previous[moved.index].to_numpy(np.int64)]
    moved["target"] = names[moved["place"].to_numpy(np.int64)]
    moved["origin"] = names[origin[moved["person"].to_numpy()]]
    moved["step"] = moved.groupby("person").cumcount()
    return moved[["person", "origin", "step", "source", "target", "day"]]
