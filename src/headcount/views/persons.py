"""The persons list: browse and search the persons of the latest linkage run, as Datasette
browses a table — full-text search over every name in every script, facets, sorting, pages,
and the same rows as JSON and CSV.

A search term matches a person when it is part of any name one of their records states
(every name property, the value as normalised and the original as written, Latin, Arabic or
Cyrillic), folded for case, accents and Arabic letter forms. Facets count the persons the
search and the other chosen facets leave: by citizenship (`country`), by source and by the
script their names are written in.

Invariant: built only from records the user's compartments see (`storage.person_list`), so
a person known only from restricted records is not listed for someone without access, and
no count includes what they may not see. Every listing is audited, as a read of persons.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from headcount.model.places import fold
from headcount.model.vocabulary import Compartments
from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Store
from headcount.storage.person_list import ListedRecord, ListedValue, run_names, run_records
from headcount.views.cache import cached, require_schema, store_state

SORTS = ("person_id", "-person_id", "name", "-name", "records", "-records")
PAGE_SIZE = 50
FACETS = ("country", "source", "script")


@dataclass
class ListedPerson:
    """One row of the list: a person and what their visible records say of them."""

    person_id: str
    name: str
    names: list[str] = field(default_factory=list)
    records: int = 0
    sources: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "name": self.name,
            "names": self.names,
            "records": self.records,
            "sources": self.sources,
            "countries": self.countries,
            "scripts": self.scripts,
        }

    def flat(self) -> dict[str, Any]:
        """The row as CSV takes it: lists joined with "; "."""
        row = self.as_dict()
        return {k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()}


@dataclass(frozen=True)
class PersonList:
    """One page of the persons a search finds, with the facets of all it finds."""

    run_id: int | None
    q: str
    chosen: dict[str, str]
    sort: str
    page: int
    size: int
    total: int
    persons: list[ListedPerson]
    facets: dict[str, list[tuple[str, int]]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "q": self.q,
            "filters": self.chosen,
            "sort": self.sort,
            "page": self.page,
            "size": self.size,
            "pages": self.pages,
            "total": self.total,
            "persons": [p.as_dict() for p in self.persons],
            "facets": {
                k: [{"value": v, "persons": n} for v, n in c] for k, c in self.facets.items()
            },
        }


def list_persons(
    store: Store,
    user: User,
    *,
    q: str = "",
    country: str | None = None,
    source: str | None = None,
    script: str | None = None,
    sort: str = "person_id",
    page: int = 1,
    size: int = PAGE_SIZE,
) -> PersonList:
    """The page `page` of the persons whose names hold `q` and who match every facet given,
    sorted by `sort` (one of `SORTS`; a leading "-" reverses); audited."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    require_schema(store)
    compartments = compartments_for(user)
    chosen = {k: v for k, v in (("country", country), ("source", source), ("script", script)) if v}
    state = store_state(store, compartments)
    run = state[1]
    everyone = (
        cached(("persons list", state, compartments), lambda: _read(store, run, compartments))
        if run is not None
        else {}
    )
    with store.transaction() as connection:
        record_audit(
            connection,
            user.name,
            "search",
            "persons",
            None,
            {"q": q, **chosen, "sort": sort, "page": page},
            compartment=act_compartment(compartments),
        )
    wanted = fold(q) if q.strip() else ""
    found = [p for p in everyone.values() if (not wanted or any(wanted in n for n in p.folded))]
    facets = {name: _facet(found, name, chosen) for name in FACETS}
    found = [p for p in found if all(v in _values(p, k) for k, v in chosen.items())]
    key = sort.lstrip("-")
    found.sort(key=lambda p: (getattr(p, key), p.person_id), reverse=sort.startswith("-"))
    start = (page - 1) * size
    return PersonList(
        run, q, chosen, sort, page, size, len(found), found[start : start + size], facets
    )


def _read(store: Store, run: int, compartments: Compartments) -> dict[str, ListedPerson]:
    """The persons of the run, read once per run and compartments (a list is then searched,
    narrowed and sorted in memory; every listing is still audited)."""
    with store.reading() as connection:
        return _persons(
            run_records(connection, run, compartments), run_names(connection, run, compartments)
        )


def _values(person: ListedPerson, facet: str) -> list[str]:
    return {"country": person.countries, "source": person.sources, "script": person.scripts}[facet]


def _facet(found: list[ListedPerson], facet: str, chosen: dict[str, str]) -> list[tuple[str, int]]:
    """Persons per value of one facet, among those the other chosen facets leave."""
    others = {k: v for k, v in chosen.items() if k != facet}
    counts: Counter[str] = Counter()
    for person in found:
        if all(v in _values(person, k) for k, v in others.items()):
            counts.update(set(_values(person, facet)))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _persons(
    records: Iterable[ListedRecord], values: Iterable[ListedValue]
) -> dict[str, ListedPerson]:
    """The persons of the records, with their names (most stated first; a full name counts
    more than a part), sources, citizenships, scripts and the folded names to search."""
    by_record: dict[int, ListedPerson] = {}
    persons: dict[str, ListedPerson] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for row in records:
        person = persons.setdefault(row.person_id, ListedPerson(row.person_id, ""))
        person.records += 1
        sources[row.person_id].add(row.source)
        by_record[row.record_id] = person
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for value in values:
        person = by_record[value.record_id]
        if value.prop == "citizenship":
            if value.value not in person.countries:
                person.countries.append(value.value)
            continue
        shown = value.original or value.value
        names[person.person_id][shown] += 3 if value.prop == "full_name" else 1
        if value.script and value.script not in person.scripts:
            person.scripts.append(value.script)
        person.folded.extend({fold(value.value), fold(shown)})
    for person_id, person in persons.items():
        ranked = [n for n, _ in names[person_id].most_common()]
        person.names, person.name = ranked, ranked[0] if ranked else ""
        person.sources = sorted(sources[person_id])
        person.countries.sort()
        person.scripts.sort()
    return persons
