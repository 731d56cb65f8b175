"""A person as the records a user may see say they are.

Everything one person's records hold: every name in every script, every statement and
event with its source, grades and dates (the timeline), the contradictions between them,
the records linked and why (the linkage run's reason for each, the scored pairs between
them, the values of each field side by side), and the judgements made on them, by whom.

Invariant: only records of sources in the user's compartments are read; a person with
none is `NotFound`, exactly like a person that does not exist. Every view is audited, in
the transaction that read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from headcount.model.persons import Person
from headcount.model.records import Record
from headcount.model.vocabulary import NAME_PROPERTIES, Property
from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Connection, Store
from headcount.storage.judgements import judgements_touching
from headcount.storage.persons import records_with_sources, run_person
from headcount.storage.queries import latest_run_id, record_names
from headcount.storage.records import records_by_id
from headcount.storage.runs import pairs_among
from headcount.views.cache import require_schema
from headcount.views.contradictions import Contradiction, Said, find_contradictions
from headcount.views.errors import NotFound
from headcount.views.review import explained_pair


@dataclass(frozen=True)
class StatementView:
    prop: str
    value: str
    original: str | None
    script: str | None
    credibility: int
    record: str


@dataclass(frozen=True)
class EventView:
    kind: str
    date: str | None
    precision: str | None
    earliest: str | None
    latest: str | None
    reported_on: str | None
    country: str | None
    region: str | None
    place: str | None
    credibility: int
    note: str | None
    record: str
    source: str
    reliability: str


@dataclass(frozen=True)
class UnparsedView:
    """A value of the record that could not be read, kept as the source wrote it."""

    prop: str
    column: str
    value: str
    error: str


@dataclass(frozen=True)
class RecordView:
    """One linked record: where it comes from, why it is in this person, what it says."""

    id: int
    record: str
    """`SOURCE/RECORD_ID`, as users name records."""
    source: str
    kind: str
    reliability: str
    compartment: str
    reason: str | None
    reported_on: str | None
    statements: list[StatementView]
    unparsed: list[UnparsedView] = field(default_factory=list)
    """Values the source gave that could not be read (an impossible date …), as written."""

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["statements"] = [asdict(s) for s in self.statements]
        out["unparsed"] = [asdict(u) for u in self.unparsed]
        return out


@dataclass(frozen=True)
class NameView:
    """One name as written (its script), the property it fills, the records that say it."""

    value: str
    original: str | None
    script: str | None
    prop: str
    records: list[str]


@dataclass(frozen=True)
class PairView:
    """A scored pair of this person's records in the linkage run."""

    record_a: str
    record_b: str
    probability: float
    match_weight: float
    id_a: int
    id_b: int


@dataclass(frozen=True)
class JudgementView:
    id: int
    record_a: str
    record_b: str
    decision: str
    user: str
    created_at: datetime
    note: str | None
    retracted_by: str | None
    retracted_at: datetime | None


@dataclass(frozen=True)
class PersonView:
    """Everything the user may see of one person: the person as the run holds it (only the
    records the user may see), and what those records say."""

    person: Person
    records: list[RecordView]
    names: list[NameView]
    timeline: list[EventView]
    contradictions: list[Contradiction]
    pairs: list[PairView]
    judgements: list[JudgementView]
    fields: dict[str, dict[str, list[str]]]
    """Each property → each record → its values: the records side by side."""

    @property
    def person_id(self) -> str:
        return self.person.id

    @property
    def run_id(self) -> int:
        return self.person.run_id

    @property
    def scripts(self) -> dict[str, list[NameView]]:
        """The names grouped by script."""
        out: dict[str, list[NameView]] = defaultdict(list)
        for name in self.names:
            out[name.script or "unknown"].append(name)
        return dict(out)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "run_id": self.run_id,
            "records": [r.as_dict() for r in self.records],
            "names": [asdict(n) for n in self.names],
            "timeline": [asdict(e) for e in self.timeline],
            "contradictions": [c.as_dict() for c in self.contradictions],
            "pairs": [asdict(p) for p in self.pairs],
            "judgements": [
                {
                    **asdict(j),
                    "created_at": j.created_at.isoformat(),
                    "retracted_at": j.retracted_at.isoformat() if j.retracted_at else None,
                }
                for j in self.judgements
            ],
            "fields": self.fields,
        }


def view_person(store: Store, user: User, person_id: str) -> PersonView:
    """One person of the latest linkage run, through the user's compartments; audited."""
    require_schema(store)
    compartments = compartments_for(user)
    with store.transaction() as connection:
        run = latest_run_id(connection, compartments)
        if run is None:
            raise NotFound("no linkage run yet: there are no persons")
        found = _person(connection, run, person_id, user)
        if found is None:
            raise NotFound(f"there is no person {person_id}")
        view = _assemble(connection, *found, user)
        record_audit(
            connection,
            user.name,
            "view",
            "person",
            person_id,
            {"run_id": run},
            compartment=act_compartment(compartments),
        )
    return view


def explain_link(
    store: Store, user: User, person_id: str, record_a: int, record_b: int
) -> dict[str, Any]:
    """Why the latest run's model scores two of this person's records as it does, field by
    field (`linkage.explain.explain_pair`); both records must be ones the user may see of
    this person. Audited as a view of the person."""
    require_schema(store)
    compartments = compartments_for(user)
    with store.reading() as connection:
        run = latest_run_id(connection, compartments)
        found = _person(connection, run, person_id, user) if run is not None else None
    labels = {} if found is None else {r.id: r.record for r in found[1]}
    if record_a not in labels or record_b not in labels or record_a == record_b:
        raise NotFound(f"person {person_id} has no such pair of records")
    pair = (record_a, record_b)
    return explained_pair(store, user, compartments, labels, pair, ("person", person_id))


def person_exists(store: Store, user: User, person_id: str) -> bool:
    """Whether the latest run has this person with a record the user may see (not audited:
    it says nothing of what the records hold)."""
    with store.reading() as connection:
        run = latest_run_id(connection, compartments_for(user))
        return run is not None and _person(connection, run, person_id, user) is not None


def _person(
    connection: Connection, run: int, person_id: str, user: User
) -> tuple[Person, list[RecordView]] | None:
    """The person as the run holds it, with the records the user may see, and a view of
    each of those records (by source and key); None if the user sees none of them."""
    person = run_person(connection, run, person_id, compartments_for(user))
    if person is None:
        return None
    rows = records_with_sources(connection, person.record_ids)
    return person, [
        RecordView(
            r["id"],
            f"{r['source']}/{r['record_key']}",
            r["source"],
            r["kind"],
            r["reliability"],
            r["compartment"],
            person.reason_of(r["id"]),
            r["reported_on"],
            [],
        )
        for r in rows
    ]


def _assemble(
    connection: Connection, person: Person, found: list[RecordView], user: User
) -> PersonView:
    label = {r.id: r.record for r in found}
    by_id = {r.id: r for r in found}
    held = records_by_id(connection, label)
    for record_id, record in held.items():
        view = by_id[record_id]
        view.statements.extend(
            StatementView(s.prop, s.value, s.original, s.script, s.credibility, view.record)
            for s in record.statements
        )
        view.unparsed.extend(
            UnparsedView(u.prop, u.source_column, u.value, u.error) for u in record.unparsed
        )
    timeline = _events(held, by_id)
    said = [Said(s.prop, s.value, s.record) for r in found for s in r.statements]
    dated = [Said(e.kind, e.date or "", e.record) for e in timeline]
    return PersonView(
        person,
        found,
        _names(found),
        timeline,
        find_contradictions(said, dated),
        _pairs(connection, person.run_id, label),
        _judgements(connection, label, user),
        _fields(found),
    )


def _events(held: dict[int, Record], by_id: dict[int, RecordView]) -> list[EventView]:
    out: list[EventView] = []
    for record_id, record in held.items():
        r = by_id[record_id]
        out.extend(
            EventView(
                e.kind,
                e.date,
                e.date_precision,
                _iso(e.date_earliest),
                _iso(e.date_latest),
                e.reported_on,
                e.place_country,
                e.place_region,
                e.place_text,
                e.credibility,
                e.note,
                r.record,
                r.source,
                r.reliability,
            )
            for e in record.events
        )
    out.sort(key=lambda e: (e.earliest or "9999", e.latest or "9999", e.record))
    return out


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _names(found: list[RecordView]) -> list[NameView]:
    seen: dict[tuple[str, str | None, str], NameView] = {}
    names = {p.value for p in NAME_PROPERTIES}
    for r in found:
        for s in r.statements:
            if s.prop not in names:
                continue
            key = (s.value, s.script, s.prop)
            if key not in seen:
                seen[key] = NameView(s.value, s.original, s.script, s.prop, [])
            if r.record not in seen[key].records:
                seen[key].records.append(r.record)
    order = [p.value for p in Property]
    return sorted(seen.values(), key=lambda n: (order.index(n.prop), n.script or "", n.value))


def _pairs(connection: Connection, run: int, label: dict[int, str]) -> list[PairView]:
    pairs = [
        PairView(
            label[p["record_a"]],
            label[p["record_b"]],
            p["probability"],
            p["match_weight"],
            p["record_a"],
            p["record_b"],
        )
        for p in pairs_among(connection, run, list(label))
    ]
    return sorted(pairs, key=lambda p: -p.probability)


def _judgements(connection: Connection, label: dict[int, str], user: User) -> list[JudgementView]:
    found = judgements_touching(connection, list(label))
    others = {x for j, _, _ in found for x in (j.record_a, j.record_b)} - set(label)
    names = dict(label)
    if others:
        names |= record_names(connection, sorted(others), compartments_for(user))
    return [
        JudgementView(
            j.id,
            names[j.record_a],
            names[j.record_b],
            j.decision.value,
            j.user,
            j.created_at,
            j.note,
            retracted_by,
            retracted_at,
        )
        for j, retracted_by, retracted_at in found
        if j.record_a in names and j.record_b in names
    ]


def _fields(found: list[RecordView]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for prop in Property:
        values = {r.record: [s.value for s in r.statements if s.prop == prop] for r in found}
        if any(values.values()):
            out[prop.value] = values
    return out
