"""Watches on persons and countries, and the alerts they raise.

A watch is a row of `watches`; stopping it adds a row to `watch_removals` (nothing is
deleted, and the audit log says who did either). `alerts(since)` compares what the records
said on `since` with what was known then (as of `since`, known on `since`) with what they
say today with everything known now, and for each active watch reports:

- a person's status change (`in_theatre → killed_reported`), a person newly `contested`
  (a sighting after a death report), or a person the latest linkage run no longer has;
- a country's counts that moved, its persons newly `contested`, and each published figure
  loaded since `since` whose range does not meet the records' interval for that metric on
  the figure's date (the gap, as in `reconcile`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from headcount.accounting.counts import count_evidence
from headcount.accounting.figures import figure_of
from headcount.accounting.reconciliation import range_text, reconcile_figures
from headcount.accounting.rules import Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import Evidence, load_evidence
from headcount.model.figures import PublishedFigure
from headcount.model.places import known_codes
from headcount.model.vocabulary import Compartment, Status
from headcount.storage.audit import record_audit
from headcount.storage.engine import Connection, Store, now
from headcount.storage.figures import dated_figure_rows_since
from headcount.storage.migrate import require_current
from headcount.storage.watches import (
    active_watch_rows,
    insert_watch,
    insert_watch_removal,
    person_exists,
    watch_row,
    watch_stopped,
)

WATCHABLE = ("person", "country")


@dataclass(frozen=True)
class Watch:
    id: int
    object_type: str
    object_id: str
    note: str | None
    user: str


@dataclass(frozen=True)
class Alert:
    """One change a watch raised."""

    watch_id: int
    object_type: str
    object_id: str
    kind: str
    """status_change, contradiction, no_longer_a_person, counts, figure_out_of_line"""
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def add_watch(
    store: Store,
    object_type: str,
    object_id: str,
    *,
    note: str | None = None,
    user: str,
    compartment: Compartment = Compartment.open,
) -> int:
    """Watch a person (by id) or a country (ISO3); returns the watch's id."""
    if object_type not in WATCHABLE:
        raise LookupError(f"one can watch a person or a country, not {object_type!r}")
    require_current(store)
    with store.transaction() as connection:
        _check_exists(connection, object_type, object_id)
        watch_id = insert_watch(
            connection,
            user_name=user,
            object_type=object_type,
            object_id=object_id,
            note=note,
            created_at=now(),
        )
        record_audit(
            connection,
            user,
            "watch",
            object_type,
            object_id,
            {"watch": watch_id},
            compartment=compartment,
        )
    return watch_id


def _check_exists(connection: Connection, object_type: str, object_id: str) -> None:
    if object_type == "country":
        if object_id not in known_codes():
            raise LookupError(f"{object_id!r} is not an ISO 3166 alpha-3 country code")
        return
    if not person_exists(connection, object_id):
        raise LookupError(f"no person {object_id!r} in the store")


def find_watch(connection: Connection, watch_id: int) -> Watch | None:
    """The watch of this id, stopped or not."""
    row = watch_row(connection, watch_id)
    return None if row is None else Watch(*row)


def remove_watch(
    store: Store, watch_id: int, *, user: str, compartment: Compartment = Compartment.open
) -> None:
    """Stop a watch: recorded in `watch_removals`, never deleted."""
    require_current(store)
    with store.transaction() as connection:
        watch = find_watch(connection, watch_id)
        if watch is None:
            raise LookupError(f"no watch {watch_id}")
        if watch_stopped(connection, watch_id):
            raise LookupError(f"watch {watch_id} was already stopped")
        insert_watch_removal(connection, watch_id, user, now())
        record_audit(
            connection,
            user,
            "unwatch",
            watch.object_type,
            watch.object_id,
            {"watch": watch_id},
            compartment=compartment,
        )


def active_watches(connection: Connection) -> list[Watch]:
    """The watches not stopped, oldest first."""
    return [Watch(*row) for row in active_watch_rows(connection)]


def alerts(
    store: Store, since: date, *, today: date | None = None, rules: Rules | None = None
) -> list[Alert]:
    """What changed for every active watch between `since` and `today` (see module doc)."""
    require_current(store)
    with store.reading() as connection:
        active = active_watches(connection)
        if not active:
            return []
        evidence = load_evidence(connection)
        new_figures = _figures_since(connection, since)
    today = today or date.today()
    rules = rules or Rules()
    before = Snapshot(evidence, since, since, rules).statuses().set_index("person")
    after = Snapshot(evidence, today, None, rules).statuses().set_index("person")
    found: list[Alert] = []
    for watch in active:
        if watch.object_type == "person":
            found += _person_alerts(watch, before, after)
        else:
            found += _country_alerts(watch, before, after)
            figures = [f for c, f in new_figures if c == watch.object_id]
            found += _figure_alerts(watch, figures, evidence, rules)
    return found


def _person_alerts(watch: Watch, before: pd.DataFrame, after: pd.DataFrame) -> list[Alert]:
    pid = watch.object_id
    if pid not in after.index:
        detail = "not among the persons of the latest linkage run (merged or split away?)"
        return [Alert(watch.id, "person", pid, "no_longer_a_person", detail)]
    then = str(before.at[pid, "status"]) if pid in before.index else "not counted"
    current = str(after.at[pid, "status"])
    out = []
    if then != current:
        out.append(Alert(watch.id, "person", pid, "status_change", f"{then} → {current}"))
    if current == Status.contested and then != Status.contested:
        detail = "a sighting after the death report: contested (shown, not resolved)"
        out.append(Alert(watch.id, "person", pid, "contradiction", detail))
    return out


def _country_alerts(watch: Watch, before: pd.DataFrame, after: pd.DataFrame) -> list[Alert]:
    code = watch.object_id
    then = before[before["country"] == code]
    now_ = after[after["country"] == code]
    old, new = then["status"].value_counts(), now_["status"].value_counts()
    moved = [
        f"{s.value} {int(old.get(s.value, 0)):,} → {int(new.get(s.value, 0)):,}"
        for s in Status
        if old.get(s.value, 0) != new.get(s.value, 0)
    ]
    out = []
    if moved:
        out.append(Alert(watch.id, "country", code, "counts", "; ".join(moved)))
    fresh = set(now_.index[now_["status"] == Status.contested]) - set(
        then.index[then["status"] == Status.contested]
    )
    if fresh:
        detail = f"{len(fresh)} newly contested: {', '.join(sorted(fresh)[:10])}"
        out.append(Alert(watch.id, "country", code, "contradiction", detail))
    return out


def _figures_since(connection: Connection, since: date) -> list[tuple[str, PublishedFigure]]:
    read = [(code, figure_of(row)) for code, row in dated_figure_rows_since(connection, since)]
    return [(code, f) for code, f in read if f.metric is not None]


def _figure_alerts(
    watch: Watch, figures: list[PublishedFigure], evidence: Evidence, rules: Rules
) -> list[Alert]:
    out = []
    for figure in figures:
        assert figure.latest is not None and figure.metric is not None
        # the reconciliation of the figure's own date, by the code `reconcile` runs
        counts = count_evidence(evidence, figure.latest, country=watch.object_id, rules=rules)
        found = reconcile_figures([figure], watch.object_id, figure.latest, counts)
        line = found.metrics.get(figure.metric)
        if line is not None and line.gap and line.sources == [figure]:
            cell = line.records
            assert cell is not None
            detail = (
                f"{figure.metric}: {figure.publisher} {figure.as_of} says "
                f"{range_text(figure.low, figure.high)}; records {cell.low:,}–{cell.high:,} "
                f"(gap {line.gap:+,})"
            )
            out.append(Alert(watch.id, "country", watch.object_id, "figure_out_of_line", detail))
    return out
