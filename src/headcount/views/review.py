"""The review queue: candidate pairs near the linkage threshold, side by side, for a
reviewer to judge same, different or unsure.

The candidates are the latest run's scored pairs (`pair_scores`) whose match probability
lies within `band` of the run's threshold, that no judgement in force decides yet, and
whose two records the reviewer may both see; the closest to the threshold (the most
uncertain) come first. Judging appends a judgement (`linkage.judgements.add_judgement`,
audited there): it takes effect at the next link and is never lost. Two reviewers who
judge the same pair at once both keep theirs; the later is the one in force, and each
sees the other's beside their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from headcount.linkage.alternatives import NoRun
from headcount.linkage.explain import explain_pair
from headcount.linkage.judgements import add_judgement
from headcount.linkage.threshold import DEFAULT_THRESHOLD
from headcount.model.judgements import Judgement
from headcount.model.vocabulary import NAME_PROPERTIES, Property
from headcount.names.compare import SCREENING_THRESHOLD, compare_names
from headcount.security.accounts import User
from headcount.security.audit import NotAllowed
from headcount.security.compartments import Compartments, compartments_for
from headcount.security.roles import Action
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Connection, Store
from headcount.storage.judgements import decided_pairs, judgements_between
from headcount.storage.persons import record_sides
from headcount.storage.queries import record_names
from headcount.storage.records import statement_values
from headcount.storage.runs import pairs_in_band, run_threshold
from headcount.views.cache import cached, require_schema, store_state
from headcount.views.errors import NotFound

BAND = 0.25
PAGE = 20


@dataclass(frozen=True)
class Side:
    """One record of a pair: where it comes from and which person the run put it in."""

    id: int
    record: str
    source: str
    reliability: str
    compartment: str
    person_id: str | None


@dataclass(frozen=True)
class Field:
    """One property of both records: their values and whether they agree."""

    prop: str
    a: list[str]
    b: list[str]
    agreement: str
    """`same`, `similar` (names alike across scripts), `different` or `one side`."""


@dataclass(frozen=True)
class PastJudgement:
    id: int
    decision: str
    user: str
    created_at: datetime
    note: str | None
    retracted: bool


@dataclass(frozen=True)
class Pair:
    """A candidate pair with everything a reviewer needs to judge it."""

    a: Side
    b: Side
    probability: float
    match_weight: float
    fields: list[Field]
    judgements: list[PastJudgement]

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_a": self.a.__dict__,
            "record_b": self.b.__dict__,
            "probability": self.probability,
            "match_weight": self.match_weight,
            "same_person_now": self.a.person_id == self.b.person_id,
            "fields": [f.__dict__ for f in self.fields],
            "judgements": [
                {**j.__dict__, "created_at": j.created_at.isoformat()} for j in self.judgements
            ],
        }


@dataclass(frozen=True)
class Queue:
    run_id: int
    threshold: float
    low: float
    high: float
    total: int
    offset: int
    pairs: list[Pair]

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "threshold": self.threshold,
            "band": [self.low, self.high],
            "total": self.total,
            "offset": self.offset,
            "pairs": [p.as_dict() for p in self.pairs],
        }


def _require(user: User) -> None:
    if not user.can(Action.review):
        raise NotAllowed("reviewing needs the reviewer role or above")


@dataclass(frozen=True)
class _Band:
    """A run's scored pairs within the band the compartments may see, most uncertain first
    (read once per run, compartments and band: the pairs of a run never change)."""

    run: int
    threshold: float
    low: float
    high: float
    rows: list[tuple[int, int, float, float]]
    """record_a, record_b, probability, match_weight."""
    position: dict[tuple[int, int], int]

    def undecided(
        self, decided: set[tuple[int, int]], offset: int, limit: int
    ) -> tuple[list[tuple[int, int, float, float]], int]:
        """The undecided pairs from `offset` (at most `limit`), and how many there are."""
        total = len(self.rows) - sum(1 for pair in decided if pair in self.position)
        out: list[tuple[int, int, float, float]] = []
        seen = 0
        for row in self.rows:
            if (row[0], row[1]) in decided:
                continue
            if seen >= offset:
                out.append(row)
                if len(out) == limit:
                    break
            seen += 1
        return out, total


def _band(store: Store, run: int, compartments: Compartments, band: float) -> _Band:
    with store.reading() as connection:
        stored = run_threshold(connection, run)
        threshold = DEFAULT_THRESHOLD if stored is None else stored
        low, high = max(0.0, threshold - band), min(1.0, threshold + band)
        plain = pairs_in_band(connection, run, low, high, threshold, compartments)
    return _Band(
        run, threshold, low, high, plain, {(a, b): i for i, (a, b, _, _) in enumerate(plain)}
    )


def review_band(store: Store, compartments: Compartments, band: float = BAND) -> _Band:
    """The latest run's pairs in the band these compartments may see (read once per run)."""
    state = store_state(store, compartments)
    run = state[1]
    if run is None:
        raise NotFound("no linkage run yet: there is nothing to review")
    return cached(
        (*state, compartments, "review band", band), lambda: _band(store, run, compartments, band)
    )


def review_queue(
    store: Store, user: User, *, band: float = BAND, limit: int = PAGE, offset: int = 0
) -> Queue:
    """The undecided pairs near the threshold the user may see, most uncertain first."""
    _require(user)
    require_schema(store)
    compartments = compartments_for(user)
    near = review_band(store, compartments, band)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    with store.reading() as connection:
        rows, total = near.undecided(decided_pairs(connection), offset, limit)
        pairs = _pairs(connection, near.run, rows)
    if pairs:
        shown = [f"{p.a.record} · {p.b.record}" for p in pairs]
        with store.transaction() as connection:
            record_audit(
                connection,
                user.name,
                "view",
                "review_queue",
                None,
                {"pairs": shown},
                compartment=act_compartment(compartments),
            )
    return Queue(near.run, near.threshold, near.low, near.high, total, offset, pairs)


def _pairs(
    connection: Connection, run: int, rows: Sequence[tuple[int, int, float, float]]
) -> list[Pair]:
    ids = sorted({i for a, b, _, _ in rows for i in (a, b)})
    sides = _sides(connection, run, ids)
    values = _values(connection, ids)
    past = _judgements(connection, [(a, b) for a, b, _, _ in rows])
    return [
        Pair(sides[a], sides[b], p, w, compare_fields(values[a], values[b]), past.get((a, b), []))
        for a, b, p, w in rows
    ]


def _sides(connection: Connection, run: int, ids: list[int]) -> dict[int, Side]:
    return {
        r["id"]: Side(
            r["id"],
            f"{r['source']}/{r['record_key']}",
            r["source"],
            r["reliability"],
            r["compartment"],
            r["person_id"],
        )
        for r in record_sides(connection, run, ids)
    }


def _values(connection: Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for record_id, prop, value in statement_values(connection, ids):
        out[record_id][prop].append(value)
    return out


def compare_fields(a: dict[str, list[str]], b: dict[str, list[str]]) -> list[Field]:
    """Each property either record gives, in the vocabulary's order, with its agreement:
    `same` (a value in common), `similar` (names that `names.compare` holds for the same
    name across scripts and spellings), `different`, or `one side`."""
    fields = []
    for prop in Property:
        left, right = a.get(prop.value, []), b.get(prop.value, [])
        if not left and not right:
            continue
        fields.append(Field(prop.value, left, right, _agreement(prop, left, right)))
    return fields


def _agreement(prop: Property, left: list[str], right: list[str]) -> str:
    if not left or not right:
        return "one side"
    if {v.casefold() for v in left} & {v.casefold() for v in right}:
        return "same"
    if prop in NAME_PROPERTIES and any(
        compare_names(x, y).score >= SCREENING_THRESHOLD for x in left for y in right
    ):
        return "similar"
    return "different"


def _judgements(
    connection: Connection, pairs: list[tuple[int, int]]
) -> dict[tuple[int, int], list[PastJudgement]]:
    if not pairs:
        return {}
    ids = sorted({i for pair in pairs for i in pair})
    out: dict[tuple[int, int], list[PastJudgement]] = defaultdict(list)
    for j, retracted in judgements_between(connection, ids):
        out[(j.record_a, j.record_b)].append(
            PastJudgement(j.id, j.decision.value, j.user, j.created_at, j.note, retracted)
        )
    return out


@dataclass(frozen=True)
class Judged:
    """A judgement just made, and every judgement the pair now has (others' included)."""

    judgement: Judgement
    record_a: str
    record_b: str
    on_pair: list[PastJudgement]

    def as_dict(self) -> dict[str, Any]:
        j = self.judgement
        return {
            "id": j.id,
            "record_a": self.record_a,
            "record_b": self.record_b,
            "decision": j.decision.value,
            "user": j.user,
            "note": j.note,
            "created_at": j.created_at.isoformat(),
            "takes_effect": "at the next link",
            "judgements_on_pair": [
                {**p.__dict__, "created_at": p.created_at.isoformat()} for p in self.on_pair
            ],
        }


def _visible_labels(store: Store, user: User, ids: list[int]) -> dict[int, str]:
    """`SOURCE/RECORD_ID` of those of the records the user may see."""
    with store.reading() as connection:
        return record_names(connection, ids, compartments_for(user))


def explain(store: Store, user: User, record_a: int, record_b: int) -> dict[str, Any]:
    """Why the latest run's model scores the pair as it does, field by field
    (`linkage.explain.explain_pair`); for reviewers, on records they may see; audited."""
    _require(user)
    require_schema(store)
    labels = _visible_labels(store, user, [record_a, record_b])
    if record_a not in labels or record_b not in labels:
        raise NotFound("there is no such record")
    compartments = compartments_for(user)
    audited = ("pair", f"{record_a}-{record_b}")
    return explained_pair(store, user, compartments, labels, (record_a, record_b), audited)


def explained_pair(
    store: Store,
    user: User,
    compartments: Compartments,
    labels: dict[int, str],
    pair: tuple[int, int],
    audited: tuple[str, str],
) -> dict[str, Any]:
    """`linkage.explain.explain_pair` of two records the user may see, with `labels` (their
    names, and any others the caller shows); audited as a view of `audited` (the object's
    type and id)."""
    record_a, record_b = pair
    try:
        explanation = explain_pair(store, str(record_a), str(record_b), compartments)
    except NoRun as exc:
        raise NotFound(f"no explanation: {exc}") from None
    with store.transaction() as connection:
        detail = {"record_a": labels[record_a], "record_b": labels[record_b]}
        record_audit(
            connection,
            user.name,
            "view",
            *audited,
            detail,
            compartment=act_compartment(compartments),
        )
    return {**explanation.as_dict(), "labels": {str(k): v for k, v in labels.items()}}


def judge(
    store: Store, user: User, record_a: int, record_b: int, decision: str, note: str | None = None
) -> Judged:
    """Judge two records the user may see (store ids); appended, audited, never lost."""
    _require(user)
    require_schema(store)
    labels = _visible_labels(store, user, [record_a, record_b])
    if record_a not in labels or record_b not in labels:
        raise NotFound("there is no such record")
    made = add_judgement(
        store,
        str(record_a),
        str(record_b),
        decision,
        user=user.name,
        note=(note or "").strip() or None,
    )
    with store.reading() as connection:
        on_pair = _judgements(connection, [(made.record_a, made.record_b)])
    return Judged(
        made,
        labels[made.record_a],
        labels[made.record_b],
        on_pair.get((made.record_a, made.record_b), []),
    )
