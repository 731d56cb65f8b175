"""The dashboard page: the counts table with published figures, the map and the Sankey."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from headcount.accounting.breakdowns import BREAKDOWNS, FLAG_DEFINITIONS, FLAGS
from headcount.accounting.counts import COLUMNS, STATUSES
from headcount.accounting.rules import definitions
from headcount.api.auth import Viewing
from headcount.api.dashboard import AsOf, BreakdownQuery, KnownOn, MapMetric
from headcount.charts import specs
from headcount.charts.sankey import echarts_sankey
from headcount.security.compartments import compartments_for
from headcount.views.dashboard import MAP_METRICS, dashboard, default_as_of
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard_page(
    caller: Viewing,
    request: Request,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    metric: MapMetric = "departed",
    flows_from: Annotated[date | None, Query()] = None,
    breakdown: BreakdownQuery = None,
) -> Response:
    when = as_of or default_as_of(request.app.state.store, compartments_for(caller.user))
    found = dashboard(
        request.app.state.store,
        caller.user,
        when,
        known_on,
        metric=metric,
        flows_from=flows_from,
        breakdown=breakdown,
    )
    data = found.as_dict()
    query = f"?as_of={when}&metric={metric}" + (f"&known_on={known_on}" if known_on else "")
    query += f"&breakdown={breakdown}" if breakdown else ""
    context = {
        "title": "Dashboard",
        "dash": found,
        "data": data,
        "as_of": when,
        "known_on": known_on,
        "metric": metric,
        "metrics": MAP_METRICS,
        "breakdown": breakdown,
        "breakdowns": BREAKDOWNS,
        "flags": FLAGS,
        "flag_definitions": FLAG_DEFINITIONS,
        "statuses": STATUSES,
        "columns": COLUMNS,
        "definitions": {str(k): v for k, v in definitions(found.counts.rules).items()},
        "map_spec": specs.world_map(data["map"]["values"], metric),
        "sankey": echarts_sankey(data["flows"]["sankey"]),
        "json_twin": f"/api/dashboard{query}",
        "csv_twin": f"/api/dashboard.csv{query}",
    }
    return page(request, "dashboard.html", context, caller=caller)
