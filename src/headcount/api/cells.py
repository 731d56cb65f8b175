"""`/api/cells`: the persons behind one count cell (a country × a status on a date), each
with the events that put them there; `/api/cells.csv` the same as CSV. Audited: a list of
persons is a read of persons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Caller, Viewing
from headcount.api.csv_twin import csv_response
from headcount.api.dashboard import AsOf, BreakdownQuery, KnownOn
from headcount.api.persons import JudgedStatus
from headcount.views.drill import CellListing, user_cell

router = APIRouter(prefix="/api", tags=["dashboard"])

CountryQuery = Annotated[
    str, Query(min_length=3, max_length=8, description="ISO 3166 alpha-3, `all` or `mentions`")
]
CellStatus = Literal["departed", JudgedStatus]
"""The columns of the counts (`accounting.counts.COLUMNS`; a test checks that they agree)."""
PartQuery = Annotated[
    str | None,
    Query(max_length=40, description="with breakdown: only the persons of this part"),
]
StatusQuery = Annotated[
    CellStatus, Query(description="a status, or `departed` for every counted person")
]


@dataclass(frozen=True)
class CellQuery:
    """What a cell takes, as JSON, as CSV and as the page `/cells`: the country, the
    status, the dates, and with `breakdown` and `part` one part of a breakdown."""

    country: CountryQuery
    status: StatusQuery
    as_of: AsOf = None
    known_on: KnownOn = None
    breakdown: BreakdownQuery = None
    part: PartQuery = None

    def run(self, request: Request, caller: Caller) -> CellListing:
        return user_cell(
            request.app.state.store,
            caller.user,
            country=self.country,
            status=self.status,
            as_of=self.as_of,
            known_on=self.known_on,
            breakdown=self.breakdown,
            part=self.part,
        )


@router.get("/cells")
def cell(
    caller: Viewing, request: Request, query: Annotated[CellQuery, Depends()]
) -> dict[str, Any]:
    """The persons of `country` × `status` on `as_of` (with what was known on `known_on`),
    as the records you may see place them: as many as the count cell says; with
    `breakdown` and `part`, those of one part (`/api/dashboard?breakdown=`)."""
    return query.run(request, caller).as_dict()


@router.get("/cells.csv", response_class=Response)
def cell_csv(caller: Viewing, request: Request, query: Annotated[CellQuery, Depends()]) -> Response:
    """The same persons as CSV, one line per person and deciding event."""
    return csv_response(query.run(request, caller).flat(), "cell.csv", CELL_COLUMNS)


CELL_COLUMNS = ("person_id", "status", "since", "reason", "event", "event_date", "record")
"""`views.drill.CellListing.flat`'s columns, for a cell without persons too."""
