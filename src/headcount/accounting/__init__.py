"""Accounting: who is where as of any date, per country, with intervals, beside the
published figures.

Statuses are derived from events by the rules in `rules` (docs/methodology/accounting.md)
on two time axes: what had happened by a date (`as_of`) and what had been reported by a
date (`known_on`). Start with `count`, `reconcile` and `flows`; the watch list is
`add_watch`, `remove_watch` and `alerts`. A country's report is `headcount.reports.country`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "Alert": "watch",
    "Cell": "counts",
    "Counts": "counts",
    "Evidence": "timeline",
    "Flows": "status_flows",
    "NoPersons": "timeline",
    "RULES_VERSION": "rules",
    "Reading": "rules",
    "Reconciliation": "reconciliation",
    "Row": "counts",
    "Rules": "rules",
    "STATUSES": "counts",
    "STATUS_ORDER": "rules",
    "Snapshot": "status",
    "add_watch": "watch",
    "alerts": "watch",
    "count": "counts",
    "count_evidence": "counts",
    "flows": "status_flows",
    "flows_of": "status_flows",
    "link_from_truth": "truth",
    "linkage_alternatives": "counts",
    "load_evidence": "timeline",
    "person_statuses": "status",
    "reconcile": "reconciliation",
    "reconcile_figures": "reconciliation",
    "remove_watch": "watch",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.accounting.counts import (
        STATUSES as STATUSES,
        Cell as Cell,
        Counts as Counts,
        Row as Row,
        count as count,
        count_evidence as count_evidence,
        linkage_alternatives as linkage_alternatives,
    )
    from headcount.accounting.reconciliation import (
        Reconciliation as Reconciliation,
        reconcile as reconcile,
        reconcile_figures as reconcile_figures,
    )
    from headcount.accounting.rules import (
        RULES_VERSION as RULES_VERSION,
        STATUS_ORDER as STATUS_ORDER,
        Reading as Reading,
        Rules as Rules,
    )
    from headcount.accounting.status import Snapshot as Snapshot, person_statuses as person_statuses
    from headcount.accounting.status_flows import (
        Flows as Flows,
        flows as flows,
        flows_of as flows_of,
    )
    from headcount.accounting.timeline import (
        Evidence as Evidence,
        NoPersons as NoPersons,
        load_evidence as load_evidence,
    )
    from headcount.accounting.truth import link_from_truth as link_from_truth
    from headcount.accounting.watch import (
        Alert as Alert,
        add_watch as add_watch,
        alerts as alerts,
        remove_watch as remove_watch,
    )
