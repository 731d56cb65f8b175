"""Estimates: per country, the enumeration (persons some record shows had left by the date)
and, beside it, estimation's estimate of the total seen and unseen — its interval, method,
diagnostics and warnings, or its refusal with every reason. Never added together.

The estimate is the one `headcount estimate --by country` prints (`estimate_evidence`):
pooled over partitions drawn from the linkage, persons of unknown country apportioned,
small countries estimated together as `other`, mentions apart, with the warnings of
`estimation.trust`; here on the evidence the user's compartments allow (a restricted
source is not a list for a user without access). Estimating takes seconds to minutes per
date and method, so it runs in the background once per linkage run, date, method and set
of compartments, and is kept in the store (`storage.estimates`): a server started again,
or another process, reads it rather than estimating again. Until it is done the view
raises `NotReady`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from headcount.accounting.counts import ALL
from headcount.accounting.timeline import MENTIONS
from headcount.estimation import DEFAULT_METHOD, METHODS
from headcount.estimation.partitions import read_linkage
from headcount.estimation.pooled import OTHER
from headcount.estimation.results import METHOD_VERSION
from headcount.estimation.store import estimate_evidence
from headcount.model.progress import Tally, untold
from headcount.security.accounts import User
from headcount.security.compartments import EVERY, Compartments, compartments_for, coverage
from headcount.storage.engine import Store
from headcount.storage.estimates import estimate_key, save_estimate, saved_estimate
from headcount.storage.visibility import visible_source_ids
from headcount.views.cache import (
    cache,
    cached,
    in_background,
    pause_for_requests,
    require_schema,
    store_state,
)
from headcount.views.dashboard import dashboard_for, evidence_for
from headcount.views.errors import NotFound


@dataclass(frozen=True)
class CountryEstimate:
    country: str
    enumeration: dict[str, Any]
    """The dashboard's count of `departed`: value and interval (an enumeration)."""
    estimate: dict[str, Any]
    """Estimation's result (`kind: estimate`; `within: other` for a country estimated with
    the other small ones) or refusal (`kind: refusal`, with reasons)."""

    def as_dict(self) -> dict[str, Any]:
        return {"country": self.country, "enumeration": self.enumeration, "unseen": self.estimate}


@dataclass(frozen=True)
class Estimates:
    as_of: date
    known_on: date | None
    method: str
    countries: list[CountryEstimate]
    total: dict[str, Any]
    """The estimate of every country together, persons of unknown country included."""
    other: dict[str, Any] | None
    """The stratum of the countries too small to estimate alone, if there is one."""
    mentions: int
    """Persons known only from records that name no one attributable: in no estimate."""
    coverage: str | None = None
    """What the figures leave out (restricted sources, for a user without access)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Estimates:
        """The estimates `as_dict` gave (as saved in the store)."""
        known_on = data["known_on"]
        return cls(
            date.fromisoformat(data["as_of"]),
            date.fromisoformat(known_on) if known_on else None,
            data["method"],
            [
                CountryEstimate(c["country"], c["enumeration"], c["unseen"])
                for c in data["countries"]
            ],
            data["total"],
            data["other"],
            data["mentions"],
            data["coverage"],
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "coverage": self.coverage,
            "as_of": self.as_of.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "method": self.method,
            "countries": [c.as_dict() for c in self.countries],
            "other": self.other,
            "total": self.total,
            "mentions": self.mentions,
        }


def _estimate(
    store: Store,
    compartments: Compartments,
    as_of: date,
    known_on: date | None,
    method: str,
    progress: Tally,
) -> Estimates:
    state = store_state(store, compartments)
    evidence = evidence_for(store, state, compartments, wait=True)
    counts = dashboard_for(store, compartments, as_of, known_on, wait=True).counts
    with store.reading() as connection:
        linkage = read_linkage(connection, evidence.run_id)
        if not compartments >= EVERY:
            linkage = linkage.seen_through(visible_source_ids(connection, compartments))
    pause_for_requests()  # estimating is long and holds the GIL in parts
    found = estimate_evidence(
        evidence, linkage, as_of, known_on, by=["country"], method=method, progress=progress
    )
    out = [
        CountryEstimate(row.country, row.departed.as_dict(), found.of_country(row.country))
        for row in counts.rows
        if row.country not in (ALL, MENTIONS)
    ]
    out.sort(key=lambda c: -int(c.enumeration["value"]))
    data = found.to_dict()
    other = next((s for s in data["strata"] if s["stratum"].get("country") == OTHER), None)
    return Estimates(
        as_of, known_on, method, out, data["total"], other, found.mentions, coverage(compartments)
    )


def estimates(
    store: Store,
    user: User,
    as_of: date,
    known_on: date | None = None,
    *,
    method: str = DEFAULT_METHOD,
) -> Estimates:
    """Every country's enumeration and estimate on `as_of`, as the user's compartments see
    them; `NotReady` (and the work started) until they are computed."""
    require_schema(store)
    return estimates_for(store, compartments_for(user), as_of, known_on, method=method, wait=False)


def estimates_for(
    store: Store,
    compartments: Compartments,
    as_of: date,
    known_on: date | None = None,
    *,
    method: str = DEFAULT_METHOD,
    wait: bool = True,
    progress: Tally = untold,
) -> Estimates:
    """`estimates` for a set of compartments: computed here (`wait`, what warming the cache
    and `headcount demo` do, telling `progress`), or in the background with `NotReady`
    until done."""
    if method not in METHODS:
        raise ValueError(f"{method!r} is not a method: use one of {', '.join(METHODS)}")
    state = store_state(store, compartments)
    if state[1] is None:
        raise NotFound("no linkage run yet: there is nothing to estimate")
    key = (*state, compartments, "estimates", as_of, known_on, method)
    kept = estimate_key(
        *state[1:], ",".join(sorted(compartments)), as_of, known_on, method, METHOD_VERSION
    )
    ready = cache.peek(key)
    if ready is not None:
        return cast(Estimates, ready)
    saved = saved_estimate(store, kept)  # once per process: then it is in the cache
    if saved is not None:  # computed before, by this process or another
        return cached(key, lambda: Estimates.from_dict(saved))

    def compute() -> Estimates:
        found = _estimate(store, compartments, as_of, known_on, method, progress)
        save_estimate(store, kept, int(state[1] or 0), found.as_dict())
        return found

    if wait:
        return cached(key, compute)
    return in_background(key, compute, what="estimates")
