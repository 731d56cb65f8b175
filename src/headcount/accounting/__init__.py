"""Accounting: who is where as of any date, per country, with intervals, beside the
published figures.

Statuses are derived from events by the rules in `rules` (docs/methodology/accounting.md)
on two time axes: what had happened by a date (`as_of`) and what had been reported by a
date (`known_on`). Start with `count`, `reconcile`, `country_report` and `flows`; the
watch list is `add_watch`, `remove_watch` and `alerts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "Alert": "watch",
    "Cell": "counts",
    "CountryReport": "report",
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
    "country_report": "report",
    "flows": "status_flows",
    "flows_of": "status_flows",
    "link_from_truth": "truth",
    "linkage_alternatives": "counts",
    "load_evidence": "timeline",
    "person_statuses": "status",
    "reconcile": "reconciliation",
    "reconcile_figures": "reconciliation",
    "remove_watch": "watch",
    "render_report": "report",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.accounting.counts import (
        STATUSES,
        Cell,
        Counts,
        Row,
        count,
        count_evidence,
        linkage_alternatives,
    )
    from headcount.accounting.reconciliation import Reconciliation, reconcile, reconcile_figures
    from headcount.accounting.report import CountryReport, country_report, render_report
    from headcount.accounting.rules import RULES_VERSION, STATUS_ORDER, Reading, Rules
    from headcount.accounting.status import Snapshot, person_statuses
    from headcount.accounting.status_flows import Flows, flows, flows_of
    from headcount.accounting.timeline import Evidence, NoPersons, load_evidence
    from headcount.accounting.truth import link_from_truth
    from headcount.accounting.watch import Alert, add_watch, alerts, remove_watch
