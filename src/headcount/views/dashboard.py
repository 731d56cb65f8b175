"""The dashboard: countries × statuses on a date (with what was known on a date), each
count with its interval, the published figures nearest the date beside them, a metric per
country for the map, and the flows between countries for a Sankey.

The counts are accounting's (`count_evidence`, `reconcile_figures`, `flows_in`) on the
evidence the user's compartments allow. The evidence, the alternative clusterings and
every person's moves are read once per linkage run; the counts of a date once per date
(`views.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from headcount.accounting.counts import (
    ALL,
    GROUPINGS,
    Counts,
    count_evidence,
    linkage_alternatives,
    regrouped,
)
from headcount.accounting.reconciliation import (
    Reconciliation,
    country_figures,
    reconcile_figures,
)
from headcount.accounting.status_flows import Flows, flows_in, person_moves
from headcount.accounting.timeline import Evidence, NoPersons, load_evidence
from headcount.accounting.visible import visible_evidence
from headcount.model.figures import PublishedFigure
from headcount.model.places import country_name, numeric_code
from headcount.model.vocabulary import Status
from headcount.security.accounts import User
from headcount.security.compartments import EVERY, Compartments, compartments_for, coverage
from headcount.storage.engine import Store
from headcount.storage.figures import figure_countries
from headcount.storage.queries import latest_event_date
from headcount.storage.visibility import visible_source_ids
from headcount.views.cache import cached, require_schema, store_state

MAP_METRICS: tuple[str, ...] = ("departed", "killed", *(s.value for s in Status))
"""What the map can colour countries by: whoever left, the dead confirmed or reported, and
every status column of the table."""
FLOWS_FROM = date(2011, 1, 1)
"""Where the flows' period starts by default: before the first departures to Syria."""


@dataclass(frozen=True)
class MapValue:
    country: str
    name: str
    numeric: str | None
    value: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows for one date."""

    counts: Counts
    published: dict[str, Reconciliation]
    metric: str
    map: list[MapValue]
    flows: Flows
    coverage: str | None = None
    """What the figures leave out (restricted sources, for a user without access)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "coverage": self.coverage,
            "counts": self.counts.as_dict(),
            "published": {c: r.as_dict() for c, r in self.published.items()},
            "map": {"metric": self.metric, "values": [v.as_dict() for v in self.map]},
            "flows": self.flows.as_dict(),
        }


def evidence_for(
    store: Store, state: tuple[Any, ...], compartments: Compartments, *, wait: bool = True
) -> Evidence:
    """Accounting's evidence of the run `state` names (the latest these compartments see:
    `store_state`), with nothing of a source they may not see."""

    def read() -> Evidence:
        with store.reading() as connection:
            evidence = load_evidence(connection, state[1])
            if compartments >= EVERY:
                return evidence
            return visible_evidence(evidence, visible_source_ids(connection, compartments))

    return cached((*state, "evidence", compartments), read, wait=wait, what="evidence")


def _alternatives(
    store: Store, state: tuple[Any, ...], run_id: int, *, wait: bool = True
) -> dict[str, dict[int, str]]:
    def read() -> dict[str, dict[int, str]]:
        with store.reading() as connection:
            return linkage_alternatives(connection, run_id)

    return cached((*state, "alternatives"), read, wait=wait, what="alternative clusterings")


def _name(code: str) -> str:
    try:
        return country_name(code)
    except (KeyError, ValueError, LookupError):
        return code


def default_as_of(store: Store, compartments: Compartments) -> date:
    """The date counts open on: the latest date the records these compartments see cover
    (their last event, or the last report), not today, which is usually years after it."""
    with store.reading() as connection:
        latest = latest_event_date(connection, compartments)
    return min(latest, date.today()) if latest is not None else date.today()


def dashboard(
    store: Store,
    user: User,
    as_of: date,
    known_on: date | None = None,
    *,
    metric: str = "departed",
    flows_from: date | None = None,
    breakdown: str | None = None,
) -> Dashboard:
    """The dashboard for `as_of` (and `known_on`), through the user's compartments; the
    counts broken down by `breakdown` (`accounting.breakdowns`) when given."""
    return dashboard_for(
        store,
        compartments_for(user),
        as_of,
        known_on,
        metric=metric,
        flows_from=flows_from,
        breakdown=breakdown,
    )


def dashboard_for(
    store: Store,
    compartments: Compartments,
    as_of: date,
    known_on: date | None = None,
    *,
    metric: str = "departed",
    flows_from: date | None = None,
    wait: bool = False,
    breakdown: str | None = None,
) -> Dashboard:
    """`dashboard` for a set of compartments. What is read once per run (the evidence, the
    alternative clusterings) raises `NotReady` while another thread reads it, unless `wait`
    (what warming the cache does)."""
    if metric not in MAP_METRICS:
        raise ValueError(f"the map shows one of {', '.join(MAP_METRICS)}, not {metric!r}")
    require_schema(store)
    state = store_state(store, compartments)
    if state[1] is None:
        raise NoPersons("no linkage run yet: link the records first (headcount link)")
    evidence = evidence_for(store, state, compartments, wait=wait)
    clusterings = _alternatives(store, state, evidence.run_id, wait=wait)
    alternatives = cached(  # the evidence under each clustering, whatever the date
        (*state, compartments, "regrouped"), lambda: regrouped(evidence, clusterings)
    )

    by = (*GROUPINGS, breakdown) if breakdown else GROUPINGS

    def counted() -> Counts:
        return count_evidence(evidence, as_of, known_on, by=by, alternatives=alternatives)

    key = (*state, compartments, "counts", as_of, known_on, *by[len(GROUPINGS) :])
    counts = cached(key, counted, per_date=True)
    figures = cached((*state, "figures"), lambda: _figures(store))
    published = cached(
        (*state, compartments, "published", as_of, known_on),
        lambda: _published(figures, counts, as_of, known_on),
        per_date=True,
    )
    moves = cached(  # whatever the period
        (*state, compartments, "moves", known_on),
        lambda: person_moves(evidence, known_on=known_on),
    )
    start = flows_from or FLOWS_FROM
    flows = cached(
        (*state, compartments, "flows", start, as_of, known_on),
        lambda: flows_in(moves, start, as_of),
        per_date=True,
    )
    return Dashboard(counts, published, metric, _map(counts, metric), flows, coverage(compartments))


def _figures(store: Store) -> dict[str, list[PublishedFigure]]:
    """Every published figure mapped to a metric, by country (read once per state)."""
    with store.reading() as connection:
        codes = figure_countries(connection)
        return {code: country_figures(connection, code) for code in codes}


def _published(
    figures: dict[str, list[PublishedFigure]], counts: Counts, as_of: date, known_on: date | None
) -> dict[str, Reconciliation]:
    """Per country, the published figures nearest the date beside the records' counts."""
    return {
        row.country: reconcile_figures(
            figures[row.country], row.country, as_of, counts, known_on=known_on
        )
        for row in counts.rows
        if row.country != ALL and figures.get(row.country)
    }


def _map(counts: Counts, metric: str) -> list[MapValue]:
    values = []
    for row in counts.rows:
        if row.country == ALL:
            continue
        cell = counts.metric(row.country, metric)
        if cell is not None and cell.value:
            values.append(
                MapValue(row.country, _name(row.country), numeric_code(row.country), cell.value)
            )
    return values
