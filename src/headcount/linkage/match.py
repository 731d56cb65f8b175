"""`match`: is this name already known? Screening queries against the store's persons.

The persons of the latest linkage run are loaded into a `screening.ScreeningIndex` (every
name each person is known by, in any script, with their birth dates and citizenships), and
each query is screened against it: the best five persons, with a score and whether it
passes the screening threshold (`names.compare.SCREENING_THRESHOLD`).

A batch is a CSV with the columns `query_id,name` and optionally `birth_date` and
`citizenship`; the answer is a CSV `query_id,person_id,score,match` with up to five rows
per query, best first.

Records that no run has placed yet (ingested after the latest run) are in the index too,
each as its own candidate person keyed `record:<id>`, so that a fresh list is screened
against everything the store holds.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from headcount.linkage.prepare import record_names_of, store_facts
from headcount.linkage.screening import Candidate, ScreeningIndex
from headcount.model.progress import Tally, untold
from headcount.model.vocabulary import EVERY, Compartment, Compartments, Property
from headcount.storage.audit import record_audit
from headcount.storage.engine import Connection, Store
from headcount.storage.migrate import require_current
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id

TOP = 5
QUERY_COLUMNS = ("query_id", "name", "birth_date", "citizenship")
OUTPUT_COLUMNS = ("query_id", "person_id", "score", "match")


class MatchError(ValueError):
    """A query file that cannot be read."""


@dataclass(frozen=True)
class Query:
    query_id: str
    name: str
    birth_date: str | None = None
    citizenship: str | None = None


@dataclass(frozen=True)
class BatchReport:
    queries: int
    rows: int
    matched: int
    """Queries with at least one candidate passing the screening threshold."""


def screening_index(connection: Connection, compartments: Compartments = EVERY) -> ScreeningIndex:
    """The store's persons as `compartments` see them (their latest run; unplaced records
    alone) in a screening index."""
    run = latest_run_id(connection, compartments)
    placed = run_persons(connection, run) if run is not None else {}
    names: dict[str, list[str]] = defaultdict(list)
    births: dict[str, list[str]] = defaultdict(list)
    countries: dict[str, list[str]] = defaultdict(list)
    for facts in store_facts(connection, compartments=compartments):
        person = placed.get(facts.record_id) or f"record:{facts.record_id}"
        names[person].extend(record_names_of(facts))
        for prop, value in facts.statements:
            if prop == Property.birth_date:
                births[person].append(value)
            elif prop == Property.citizenship:
                countries[person].append(value)
    index = ScreeningIndex()
    for person in sorted(names):
        unique = list(dict.fromkeys(names[person]))
        if unique:
            index.add(person, unique, sorted(set(births[person])), sorted(set(countries[person])))
    index.build()
    return index


def load_index(store: Store) -> ScreeningIndex:
    """The screening index of the store (see `screening_index`)."""
    require_current(store)
    with store.reading() as connection:
        return screening_index(connection)


def match_one(index: ScreeningIndex, query: Query, limit: int = TOP) -> list[Candidate]:
    """The persons a query may be, best first."""
    return index.screen(query.name, query.birth_date, query.citizenship, limit=limit)


def read_queries(path: Path) -> Iterator[Query]:
    """Queries from a CSV with `query_id,name` and optionally `birth_date`, `citizenship`,
    read as `headcount ingest` reads a CSV (its encoding, quoting and limits checked)."""
    from headcount.ingest.errors import IngestError
    from headcount.ingest.readers import read_csv

    if not path.is_file():
        raise MatchError(f"{path}: no such file")
    try:
        for number, row in read_csv(path):
            missing = [c for c in ("query_id", "name") if c not in row]
            if missing:
                raise MatchError(f"{path}: the queries need the columns query_id,name")
            name = (row.get("name") or "").strip()
            if not name:
                raise MatchError(f"{path}, row {number}, column name: the name is empty")
            yield Query(
                row["query_id"].strip(),
                name,
                (row.get("birth_date") or "").strip() or None,
                (row.get("citizenship") or "").strip() or None,
            )
    except IngestError as exc:
        raise MatchError(str(exc.located(file=path))) from None


def match_rows(index: ScreeningIndex, queries: Iterable[Query]) -> Iterator[dict[str, str]]:
    """Output rows `query_id,person_id,score,match`, up to TOP per query."""
    for query in queries:
        for candidate in match_one(index, query):
            yield {
                "query_id": query.query_id,
                "person_id": candidate.person_id,
                "score": f"{candidate.score:.4f}",
                "match": "true" if candidate.match else "false",
            }


def match_name(store: Store, query: Query, *, user: str) -> list[Candidate]:
    """Screen one name against every person of the store (the command line sees every
    compartment); audited as a search, like every search of persons."""
    candidates = match_one(load_index(store), query)
    detail = {
        "name": query.name,
        "birth_date": query.birth_date,
        "citizenship": query.citizenship,
        "candidates": len(candidates),
        "matches": sum(c.match for c in candidates),
    }
    with store.transaction() as connection:
        record_audit(
            connection, user, "search", "name", None, detail, compartment=Compartment.restricted
        )
    return candidates


def match_batch(
    store: Store, queries: Path, out: Path, *, user: str, progress: Tally = untold
) -> BatchReport:
    """Screen every query of a CSV and write the candidates (see the module doc); audited as
    one search naming the file and how many queries it held. `progress` is told the
    queries screened."""
    items = list(read_queries(queries))
    index = load_index(store)
    rows: list[dict[str, str]] = []
    progress(0, len(items))
    for done, item in enumerate(items, start=1):
        rows.extend(match_rows(index, [item]))
        progress(done, len(items))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    matched = len({r["query_id"] for r in rows if r["match"] == "true"})
    report = BatchReport(len(items), len(rows), matched)
    detail = {"file": str(queries), "out": str(out), **report.__dict__}
    with store.transaction() as connection:
        record_audit(
            connection, user, "search", "batch", None, detail, compartment=Compartment.restricted
        )
    return report
