"""Every router of the API, one module per area."""

from fastapi import APIRouter

from headcount.api import (
    alerts,
    audit,
    cells,
    dashboard,
    estimates,
    exports,
    linkage,
    persons,
    review,
    screening,
    session,
    sources,
    users,
)

ROUTERS: list[APIRouter] = [
    session.router,
    dashboard.router,
    cells.router,
    persons.router,
    linkage.router,
    estimates.router,
    review.router,
    screening.router,
    sources.router,
    exports.router,
    alerts.router,
    audit.router,
    users.router,
]
