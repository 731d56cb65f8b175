"""`/api/cells`: the persons behind one count cell (a country × a status on a date), each
with the events that put them there. Audited: a list of persons is a read of persons."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from headcount.api.auth import Viewing
from headcount.api.dashboard import AsOf, KnownOn
from headcount.security.compartments import compartments_for
from headcount.views.dashboard import default_as_of
from headcount.views.drill import persons_in_cell

router = APIRouter(prefix="/api", tags=["dashboard"])

CountryQuery = Annotated[
    str, Query(min_length=3, max_length=8, description="ISO 3166 alpha-3, `all` or `mentions`")
]
CellStatus = Literal[
    "departed", "en_route", "in_theatre", "killed_confirmed", "killed_reported", "detained",
    "returned", "relocated", "contested", "unknown",
]  # fmt: skip
"""The columns of the counts (`accounting.counts.COLUMNS`; a test checks that they agree)."""
StatusQuery = Annotated[
    CellStatus, Query(description="a status, or `departed` for every counted person")
]


@router.get("/cells")
def cell(
    caller: Viewing,
    request: Request,
    country: CountryQuery,
    status: StatusQuery,
    as_of: AsOf = None,
    known_on: KnownOn = None,
) -> dict[str, Any]:
    """The persons of `country` × `status` on `as_of` (with what was known on `known_on`),
    as the records you may see place them: as many as the count cell says."""
    store = request.app.state.store
    compartments = compartments_for(caller.user)
    return persons_in_cell(
        store,
        as_of or default_as_of(store, compartments),
        known_on,
        country=country.upper() if len(country) == 3 else country,
        status=status,
        user=caller.user.name,
        compartments=compartments,
    ).as_dict()
