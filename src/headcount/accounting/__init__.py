"""Accounting: who is where as of any date, per country, with intervals, beside the
published figures.

Statuses are derived from events by the rules in `rules` (docs/methodology/accounting.md)
on two time axes: what had happened by a date (`as_of`) and what had been reported by a
date (`known_on`). Start with `count`, `reconcile`, `country_report` and `flows`; the
watch list is `add_watch`, `remove_watch` and `alerts`.
"""

from headcount.accounting.counts import (
    STATUSES,
    Cell,
    Counts,
    Row,
    count,
    count_evidence,
    linkage_alternatives,
)
from headcount.accounting.flows import Flows, flows, flows_of
from headcount.accounting.reconcile import Reconciliation, reconcile, reconcile_figures
from headcount.accounting.report import CountryReport, country_report, render_report
from headcount.accounting.rules import RULES_VERSION, STATUS_ORDER, Reading, Rules
from headcount.accounting.status import Snapshot, person_statuses
from headcount.accounting.timeline import Evidence, NoPersons, load_evidence
from headcount.accounting.truth import link_from_truth
from headcount.accounting.watch import Alert, add_watch, alerts, remove_watch

__all__ = [
    "RULES_VERSION",
    "STATUSES",
    "STATUS_ORDER",
    "Alert",
    "Cell",
    "CountryReport",
    "Counts",
    "Evidence",
    "Flows",
    "NoPersons",
    "Reading",
    "Reconciliation",
    "Row",
    "Rules",
    "Snapshot",
    "add_watch",
    "alerts",
    "count",
    "count_evidence",
    "country_report",
    "flows",
    "flows_of",
    "link_from_truth",
    "linkage_alternatives",
    "load_evidence",
    "person_statuses",
    "reconcile",
    "reconcile_figures",
    "remove_watch",
    "render_report",
]
