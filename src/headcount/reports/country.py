"""A country's report: the table the article could not print.

One function gathers everything (`country_report`): the counts with their intervals, the
published figures nearest the date beside them and what they imply, the contested and the
stale persons, the status mix over the years, and the main movements. `render_report`
presents it as HTML (with inline SVG charts, no network), Markdown, or JSON — the same
data in each, from the same object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from headcount.accounting.counts import Cell, Counts, count_evidence, linkage_alternatives
from headcount.accounting.reconciliation import (
    Reconciliation,
    country_figures,
    range_text,
    reconcile_figures,
)
from headcount.accounting.rules import RULES_VERSION, Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.status_flows import Flows, flows_of
from headcount.accounting.timeline import NEVER, Evidence, day_date, load_evidence
from headcount.charts import specs
from headcount.charts.render import to_svg
from headcount.charts.sankey import sankey_svg
from headcount.estimation.partitions import read_linkage
from headcount.estimation.store import estimate_evidence
from headcount.model.places import country_name
from headcount.model.vocabulary import Status
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current

LISTED = 50
"""At most this many contested and stale persons are listed by id (all are counted)."""
FIRST_YEAR = 2011
"""The status mix over time starts at the end of the first year with persons, not before."""


@dataclass(frozen=True)
class CountryReport:
    """Everything the country report shows (see the module docstring)."""

    country: str
    as_of: date
    known_on: date | None
    rules: Rules
    run_id: int
    counts: Counts
    reconciliation: Reconciliation
    contested: list[dict[str, Any]]
    stale: list[dict[str, Any]]
    unknown_reasons: dict[str, int]
    over_time: list[tuple[str, dict[str, int]]]
    movements: Flows
    unseen: dict[str, Any] | None = None
    """Estimation's estimate of the total, seen and unseen (or its refusal); None when
    not asked for."""

    @property
    def name(self) -> str:
        try:
            return country_name(self.country)
        except (KeyError, ValueError):
            return self.country

    def as_dict(self) -> dict[str, Any]:
        row = self.counts.row(self.country)
        return {
            "country": self.country,
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "rules": self.rules.as_dict(),
            "linkage_run": self.run_id,
            "variants": self.counts.variants,
            "margins": self.counts.margins.as_dict() if self.counts.margins.down else None,
            "intervals": self.counts.intervals_note(),
            "counts": row.as_dict() if row else None,
            "reconciliation": self.reconciliation.as_dict(),
            "contested": self.contested,
            "stale": self.stale,
            "unknown_reasons": self.unknown_reasons,
            "over_time": [{"date": d, "statuses": mix} for d, mix in self.over_time],
            "movements": self.movements.as_dict(),
            "unseen": self.unseen,
        }


def country_report(
    store: Store,
    country: str,
    as_of: date,
    *,
    known_on: date | None = None,
    rules: Rules | None = None,
    estimate: str | None = None,
) -> CountryReport:
    """Gather a country's report from the store (one read of the evidence). With
    `estimate` (a method of `headcount.estimation`), the estimate of those no record saw
    is added beside the enumeration: the country's line of `headcount estimate --by
    country` (`estimate_evidence`), the same every interface shows."""
    require_current(store)
    with store.reading() as connection:
        evidence = load_evidence(connection)
        alternatives = linkage_alternatives(connection, evidence.run_id)
        figures = country_figures(connection, country)
        linkage = None if estimate is None else read_linkage(connection, evidence.run_id)
    rules = rules or Rules()
    counts = count_evidence(
        evidence, as_of, known_on, country=country, rules=rules, alternatives=alternatives
    )
    snapshot = Snapshot(evidence, as_of, known_on, rules)
    statuses = snapshot.statuses()
    mine = statuses[statuses["country"] == country]
    unknown = mine[mine["status"] == Status.unknown]["reason"].value_counts()
    return CountryReport(
        country=country,
        as_of=as_of,
        known_on=known_on,
        rules=rules,
        run_id=evidence.run_id,
        counts=counts,
        reconciliation=reconcile_figures(figures, country, as_of, counts),
        contested=_listed(mine[mine["status"] == Status.contested], as_of),
        stale=_listed(mine[mine["reason"] == "stale"], as_of),
        unknown_reasons={str(k): int(v) for k, v in unknown.items()},
        over_time=_over_time(evidence, country, as_of, known_on, rules),
        movements=flows_of(
            evidence, date(1900, 1, 1), as_of, country=country, known_on=known_on, rules=rules
        ),
        unseen=None
        if linkage is None or estimate is None
        else estimate_evidence(
            evidence, linkage, as_of, known_on, by=["country"], method=estimate, rules=rules
        ).of_country(country),
    )


def _listed(frame: pd.DataFrame, as_of: date) -> list[dict[str, Any]]:
    """Persons by id with their last news and death report (dates), most recent first."""
    out = []
    top = frame.sort_values("since", ascending=False).head(LISTED)
    for person, day, death in zip(
        top["person"].tolist(), top["since"].tolist(), top["death"].tolist(), strict=True
    ):
        since = None if day == NEVER else day_date(int(day))
        out.append(
            {
                "person": str(person),
                "last_news": since.isoformat() if since else None,
                "days_since_news": (as_of - since).days if since else None,
                "death_reported": None if death == NEVER else day_date(int(death)).isoformat(),
            }
        )
    return out


def _over_time(
    evidence: Evidence, country: str, as_of: date, known_on: date | None, rules: Rules
) -> list[tuple[str, dict[str, int]]]:
    """The status mix at each year's end up to `as_of`, then on `as_of`."""
    dates = [date(y, 12, 31) for y in range(FIRST_YEAR, as_of.year)] + [as_of]
    out: list[tuple[str, dict[str, int]]] = []
    for when in dates:
        statuses = Snapshot(evidence, when, known_on, rules).statuses()
        mix = statuses[statuses["country"] == country]["status"].value_counts()
        if out or len(mix):
            out.append((when.isoformat(), {str(k): int(v) for k, v in mix.items()}))
    return out


def render_report(report: CountryReport, fmt: str) -> str:
    """The report as `html`, `md` or `json`."""
    data = report.as_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    if fmt not in ("html", "md"):
        raise ValueError(f"a report is html, md or json, not {fmt!r}")
    template = _environment().get_template(f"report.{fmt}.j2")
    return template.render(
        r=data,
        charts=_charts(report) if fmt == "html" else {},
        range_text=range_text,
        version=RULES_VERSION,
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("headcount.reports", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _charts(report: CountryReport) -> dict[str, str]:
    bars = [
        specs.Bar(
            metric, line.records.value, line.records.low, line.records.high, line.low, line.high
        )
        for metric, line in report.reconciliation.metrics.items()
        if isinstance(line.records, Cell)
    ]
    row = report.counts.row(report.country)
    if row is not None:
        cell = row.statuses.get(Status.contested.value)
        if cell is not None:
            bars.append(specs.Bar(Status.contested.value, cell.value, cell.low, cell.high))
    return {
        "statuses": to_svg(
            specs.status_bars(bars, f"{report.name}: persons by status on {report.as_of}")
        ),
        "over_time": to_svg(
            specs.stacked_over_time(
                [d for d, _ in report.over_time],
                [m for _, m in report.over_time],
                f"{report.name}: status mix over time",
            )
        ),
        "movements": sankey_svg(report.movements.steps, f"{report.name}: movements"),
    }
