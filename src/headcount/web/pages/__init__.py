"""The pages, one module per area; each route parses, calls the view function its JSON twin
calls, and renders."""

from fastapi import APIRouter

from headcount.web.pages import (
    alerts,
    audit,
    cells,
    dashboard,
    estimates,
    linkage,
    login,
    persons,
    review,
    screening,
    sources,
)

ROUTERS: list[APIRouter] = [
    login.router,
    dashboard.router,
    cells.router,
    persons.router,
    linkage.router,
    estimates.router,
    review.router,
    screening.router,
    sources.router,
    alerts.router,
    audit.router,
]
