"""Screening: is this name already known? A name in any script, with an optional birth date
and citizenship, against the persons the user may see; ranked candidates, each with the
evidence for it.

The persons' names come from the records of the sources in the user's compartments only
(so a name known only to a restricted source is never a candidate for a user without
access); the index (`linkage.screening.ScreeningIndex`) is built once per linkage run and
set of compartments. Every search is audited, with what was searched for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from headcount.linkage.screening import Candidate, ScreeningIndex
from headcount.model.vocabulary import Property
from headcount.names.compare import SCREENING_THRESHOLD
from headcount.security.accounts import User
from headcount.security.compartments import Compartments, compartments_for
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Store
from headcount.storage.persons import person_statements
from headcount.views.cache import cached, require_schema, store_state
from headcount.views.errors import NotFound

LIMIT = 10
NAMES = (Property.full_name, Property.alias, Property.weak_alias, Property.kunya)
"""Statements that are whole names; a record's given and family names make one more."""
PARTS = (Property.given_name, Property.family_name)
FACTS = (*NAMES, *PARTS, Property.birth_date, Property.citizenship)


@dataclass(frozen=True)
class Screening:
    """The query and the candidates, best first."""

    name: str
    birth_date: str | None
    citizenship: str | None
    candidates: list[Candidate]
    threshold: float = SCREENING_THRESHOLD
    persons_searched: int = field(default=0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": {
                "name": self.name,
                "birth_date": self.birth_date,
                "citizenship": self.citizenship,
            },
            "threshold": self.threshold,
            "persons_searched": self.persons_searched,
            "candidates": [
                {
                    "person_id": c.person_id,
                    "score": c.score,
                    "match": c.match,
                    "name_score": c.name_score,
                    "name": c.name,
                    "birth_date": c.birth_date,
                    "citizenship": c.citizenship,
                    "explanation": c.explain(),
                }
                for c in self.candidates
            ],
        }


def build_index(
    store: Store, run_id: int, compartments: Compartments
) -> tuple[ScreeningIndex, int]:
    """The index of the run's persons as these compartments see them, and how many."""
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    parts: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    with store.reading() as connection:
        wanted = [p.value for p in FACTS]
        for person, record, prop, value in person_statements(
            connection, run_id, wanted, compartments
        ):
            facts[person][prop].append(value)
            if prop in PARTS:
                parts[(person, record)].setdefault(prop, value)
    for (person, _), named in parts.items():
        if len(named) == len(PARTS):
            facts[person]["composed"].append(f"{named['given_name']} {named['family_name']}")
    index = ScreeningIndex()
    for person in sorted(facts):
        said = facts[person]
        names = [v for p in (*NAMES, "composed") for v in said.get(p, [])]
        if names:
            index.add(
                person,
                list(dict.fromkeys(names)),
                sorted(set(said["birth_date"])),
                sorted(set(said["citizenship"])),
            )
    index.build()
    return index, len(facts)


def screening_index(
    store: Store, compartments: Compartments, *, wait: bool = False
) -> tuple[ScreeningIndex, int]:
    """The index of the latest run's persons these compartments see, built once per run
    (minutes for tens of thousands of persons: Arabic names are romanised by a model);
    `NotReady` while another thread builds it, unless `wait`."""
    state = store_state(store, compartments)
    run = state[1]
    if run is None:
        raise NotFound("no linkage run yet: there are no persons to search")
    return cached(
        (*state, compartments, "screening"), lambda: build_index(store, run, compartments)
    )


@dataclass(frozen=True)
class Query:
    """One name to screen, with what else is known of the person sought."""

    name: str
    birth_date: str | None = None
    citizenship: str | None = None


def screen(
    store: Store,
    user: User,
    name: str,
    birth_date: str | None = None,
    citizenship: str | None = None,
    *,
    limit: int = LIMIT,
) -> Screening:
    """The persons `name` may be, best first, among those the user may see; audited."""
    [found] = screen_many(store, user, [Query(name, birth_date, citizenship)], limit=limit)
    return found


def screen_many(
    store: Store, user: User, queries: Sequence[Query], *, limit: int = LIMIT
) -> list[Screening]:
    """`screen` for each query, on one index, with one audit entry per query (every search
    of persons is audited, whatever the interface)."""
    queries = [Query(q.name.strip(), q.birth_date or None, q.citizenship or None) for q in queries]
    if any(not q.name for q in queries):
        raise ValueError("give a name to search for")
    require_schema(store)
    compartments = compartments_for(user)
    index, persons = screening_index(store, compartments)
    limit = max(1, min(limit, 50))
    results = [
        Screening(
            q.name,
            q.birth_date,
            q.citizenship,
            index.screen(q.name, q.birth_date, q.citizenship, limit=limit),
            persons_searched=persons,
        )
        for q in queries
    ]
    with store.transaction() as connection:
        for result in results:
            detail = {
                "name": result.name,
                "birth_date": result.birth_date,
                "citizenship": result.citizenship,
                "candidates": len(result.candidates),
                "matches": sum(c.match for c in result.candidates),
            }
            record_audit(
                connection,
                user.name,
                "search",
                "name",
                None,
                detail,
                compartment=act_compartment(compartments),
            )
    return results
