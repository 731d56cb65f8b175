"""Alerts: what changed since a date for the watched persons and countries, as the user's
compartments see it, and the watches themselves.

The rules are accounting's (`accounting.watch`: status changes, new contradictions, counts
that moved, published figures out of line with the records); here they run on the evidence
the user may see, so a restricted source moves no alert for a user without access, and a
watch on a person the user cannot see raises nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from headcount.accounting import watch as watching
from headcount.accounting.rules import Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.watch import (
    Alert,
    Watch,
    active_watches,
    add_watch,
    find_watch,
    remove_watch,
)
from headcount.security.accounts import User
from headcount.security.audit import NotAllowed
from headcount.security.compartments import compartments_for
from headcount.security.roles import Action
from headcount.storage.audit import act_compartment
from headcount.storage.engine import Store
from headcount.views.cache import require_schema, store_state
from headcount.views.dashboard import evidence_for
from headcount.views.errors import NotFound
from headcount.views.person import person_exists


@dataclass(frozen=True)
class Alerts:
    since: date
    today: date
    watches: list[Watch]
    alerts: list[Alert]

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "today": self.today.isoformat(),
            "watches": [w.__dict__ for w in self.watches],
            "alerts": [a.as_dict() for a in self.alerts],
        }


def alerts_for(store: Store, user: User, since: date, today: date | None = None) -> Alerts:
    """The alerts of every active watch the user may see, from `since` to `today`."""
    require_schema(store)
    today = today or date.today()
    rules = Rules()
    with store.reading() as connection:
        active = active_watches(connection)
        new_figures = watching._figures_since(connection, since)
    compartments = compartments_for(user)
    state = store_state(store, compartments)
    if state[1] is None or not active:
        return Alerts(since, today, active, [])
    evidence = evidence_for(store, state, compartments)
    before = Snapshot(evidence, since, since, rules).statuses().set_index("person")
    after = Snapshot(evidence, today, None, rules).statuses().set_index("person")
    visible = [w for w in active if w.object_type == "country" or w.object_id in after.index]
    found: list[Alert] = []
    for w in visible:
        if w.object_type == "person":
            found += watching._person_alerts(w, before, after)
        else:
            found += watching._country_alerts(w, before, after)
            figures = [f for c, f in new_figures if c == w.object_id]
            found += watching._figure_alerts(w, figures, evidence, rules)
    return Alerts(since, today, visible, found)


def start_watch(
    store: Store, user: User, object_type: str, object_id: str, note: str | None = None
) -> int:
    """Watch a person the user may see, or a country; the watch's id (audited)."""
    if not user.can(Action.watch):
        raise NotAllowed("watching needs the analyst role or above")
    if object_type == "person" and not person_exists(store, user, object_id):
        raise NotFound(f"there is no person {object_id}")
    compartment = act_compartment(compartments_for(user))
    try:
        return add_watch(
            store,
            object_type,
            object_id.strip(),
            note=note or None,
            user=user.name,
            compartment=compartment,
        )
    except LookupError as exc:
        raise NotFound(str(exc)) from None


def stop_watch(store: Store, user: User, watch_id: int) -> None:
    """Stop a watch of a person the user may see, or of a country (kept, with who stopped
    it; audited). A watch of a person they may not see does not exist for them."""
    if not user.can(Action.watch):
        raise NotAllowed("watching needs the analyst role or above")
    with store.reading() as connection:
        watch = find_watch(connection, watch_id)
    hidden = watch is not None and (
        watch.object_type == "person" and not person_exists(store, user, watch.object_id)
    )
    if watch is None or hidden:
        raise NotFound(f"no watch {watch_id}")
    try:
        remove_watch(
            store, watch_id, user=user.name, compartment=act_compartment(compartments_for(user))
        )
    except LookupError as exc:
        raise NotFound(str(exc)) from None
