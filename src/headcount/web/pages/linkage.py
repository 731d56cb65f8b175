"""The linkage page: the latest run's model and how its scores fall, as Splink's charts
show them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.charts import linkage as charts
from headcount.views.linkage import inspect_linkage
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/linkage")
def linkage_page(caller: Viewing, request: Request) -> Response:
    found = inspect_linkage(request.app.state.store, caller.user)
    context = {
        "title": "Linkage",
        "found": found,
        "histogram_spec": charts.weight_histogram(found.histogram, found.threshold),
        "parameters_spec": charts.parameters(found.parameters),
        "curve_spec": charts.precision_recall(found.curve, found.threshold),
        "json_twin": "/api/linkage",
    }
    return page(request, "linkage.html", context, caller=caller)
