"""Drill-down: the persons behind one count cell, with the events and records that put
each there (`accounting.drill`), on the evidence the user may see; audited, as a list of
persons is a read of persons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from headcount.accounting.drill import CellPerson, cell_persons
from headcount.accounting.rules import Rules
from headcount.model.vocabulary import EVERY, Compartments
from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Store
from headcount.storage.queries import record_names
from headcount.views.cache import require_schema, store_state
from headcount.views.dashboard import default_as_of, evidence_for


@dataclass(frozen=True)
class CellListing:
    """The persons of one cell and the names of the records behind them."""

    as_of: date
    known_on: date | None
    country: str
    status: str
    persons: list[CellPerson]
    record_names: dict[int, str]
    part: tuple[str, str] | None = None
    """(breakdown, part) when the cell is one part's (`accounting.breakdowns`)."""

    def as_dict(self) -> dict[str, Any]:
        persons = []
        for person in self.persons:
            data = person.as_dict()
            for cause in data["causes"]:
                cause["record"] = self.record_names.get(cause["record_id"])
            persons.append(data)
        return {
            "as_of": self.as_of.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "country": self.country,
            "status": self.status,
            "breakdown": self.part[0] if self.part else None,
            "part": self.part[1] if self.part else None,
            "persons": persons,
        }

    def flat(self) -> list[dict[str, Any]]:
        """One line per person and deciding event, for CSV."""
        lines = []
        for person in self.persons:
            causes = person.causes or (None,)
            for cause in causes:
                lines.append(
                    {
                        "person_id": person.person_id,
                        "status": person.status,
                        "since": person.since.isoformat() if person.since else "",
                        "reason": person.reason,
                        "event": cause.kind if cause else "",
                        "event_date": cause.earliest.isoformat() if cause else "",
                        "record": self.record_names.get(cause.record_id, "") if cause else "",
                    }
                )
        return lines


def persons_in_cell(
    store: Store,
    as_of: date,
    known_on: date | None = None,
    *,
    country: str,
    status: str,
    rules: Rules | None = None,
    user: str,
    compartments: Compartments = EVERY,
    part: tuple[str, str] | None = None,
) -> CellListing:
    """The persons of `country` × `status` on `as_of`, as `compartments` see them; of one
    part of a breakdown with `part` = (breakdown, part)."""
    require_schema(store)
    evidence = evidence_for(store, store_state(store, compartments), compartments)
    found = cell_persons(
        evidence, as_of, known_on, country=country, status=status, rules=rules, part=part
    )
    ids = sorted({c.record_id for p in found for c in p.causes})
    with store.transaction() as connection:
        names = record_names(connection, ids)
        record_audit(
            connection,
            user,
            "view",
            "cell",
            f"{country}/{status}@{as_of.isoformat()}",
            {"persons": len(found), **({"part": "/".join(part)} if part else {})},
            compartment=act_compartment(compartments),
        )
    return CellListing(as_of, known_on, country, status, found, names, part)


def user_cell(
    store: Store,
    user: User,
    *,
    country: str,
    status: str,
    as_of: date | None = None,
    known_on: date | None = None,
    breakdown: str | None = None,
    part: str | None = None,
) -> CellListing:
    """A cell as the workbench asks for it, through the user's compartments: on `as_of`, by
    default the latest date the user's records cover; an ISO code in any case; one part
    only when both `breakdown` and `part` are given."""
    compartments = compartments_for(user)
    return persons_in_cell(
        store,
        as_of or default_as_of(store, compartments),
        known_on,
        country=country.upper() if len(country) == 3 else country,
        status=status,
        user=user.name,
        compartments=compartments,
        part=(breakdown, part) if breakdown and part else None,
    )
