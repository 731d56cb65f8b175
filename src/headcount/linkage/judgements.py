"""Human judgements on pairs of records: same person, different persons, or unsure.

Judgements are what an analyst knows and the model does not, so they always win over the
model (`cluster.cluster_records` applies them). They are append-only: a judgement is never
updated or deleted; it is withdrawn by a row in `judgement_retractions`, and a new judgement
on the same pair supersedes the older one.

Records are named either by their store id (`1234`) or as `SOURCE/RECORD_ID`, the source's
name and the source's own record id (`fr-watchlist/FR-000123`).

Invariants: a pair is stored with `record_a < record_b`; every judgement and retraction is
written with its user and time, and an audit entry in the same transaction; the judgement in
force on a pair is its latest one that is not retracted (`effective_judgements`).
"""

from __future__ import annotations

from collections.abc import Sequence

from headcount.model.judgements import Judgement
from headcount.model.vocabulary import Decision
from headcount.storage import judgements as stored
from headcount.storage.audit import record_audit
from headcount.storage.engine import Connection, Store
from headcount.storage.judgements import active_judgements as active_judgements


class JudgementError(ValueError):
    """A judgement that cannot be made: an unknown or ambiguous record, a bad decision."""


def resolve_record(connection: Connection, ref: str) -> int:
    """The store id of the record `ref` names: a store id, or `SOURCE/RECORD_ID`.

    A source's name or record id may itself hold a slash, so every split is tried; a name
    that fits no record or several is refused with the candidates.
    """
    text = ref.strip()
    if text.isdigit():
        if not stored.record_exists(connection, int(text)):
            raise JudgementError(f"no record has the store id {text}")
        return int(text)
    candidates: set[int] = set()
    for i, char in enumerate(text):
        if char == "/":
            candidates |= stored.records_keyed(connection, text[:i], text[i + 1 :])
    if not candidates:
        raise JudgementError(
            f"no record is named {text!r}: use SOURCE/RECORD_ID (the source's own id) or a store id"
        )
    if len(candidates) > 1:
        ids = ", ".join(str(c) for c in sorted(candidates))
        raise JudgementError(f"{text!r} names several records (store ids {ids}): use a store id")
    return candidates.pop()


def add_judgement(
    store: Store, record_a: str, record_b: str, decision: str, *, user: str, note: str | None = None
) -> Judgement:
    """Record that two records are the same person, different persons, or unsure."""
    try:
        chosen = Decision(decision)
    except ValueError:
        options = ", ".join(d.value for d in Decision)
        raise JudgementError(f"{decision!r} is not a decision: use one of {options}") from None
    with store.transaction() as connection:
        a, b = resolve_record(connection, record_a), resolve_record(connection, record_b)
        if a == b:
            raise JudgementError(f"{record_a} and {record_b} are the same record")
        a, b = min(a, b), max(a, b)
        made = stored.insert_judgement(connection, a, b, chosen, user, note)
        detail = {"record_a": a, "record_b": b, "decision": chosen.value, "note": note}
        record_audit(
            connection,
            user,
            "judge",
            "judgement",
            str(made.id),
            detail,
            compartment=stored.records_compartment(connection, a, b),
        )
    return made


def retract_judgement(
    store: Store, judgement_id: int, *, user: str, note: str | None = None
) -> Judgement:
    """Withdraw a judgement (it stays in the store, marked retracted); return it."""
    with store.transaction() as connection:
        found = stored.judgement(connection, judgement_id)
        if found is None:
            raise JudgementError(f"there is no judgement {judgement_id}")
        if stored.is_retracted(connection, judgement_id):
            raise JudgementError(f"judgement {judgement_id} is already retracted")
        stored.insert_retraction(connection, judgement_id, user, note)
        record_audit(
            connection,
            user,
            "retract",
            "judgement",
            str(judgement_id),
            {"note": note},
            compartment=stored.records_compartment(connection, found.record_a, found.record_b),
        )
    return found


def effective_judgements(items: Sequence[Judgement]) -> dict[tuple[int, int], Decision]:
    """The decision in force on each judged pair: its latest judgement (by id)."""
    out: dict[tuple[int, int], Decision] = {}
    for j in sorted(items, key=lambda j: j.id):
        out[(j.record_a, j.record_b)] = j.decision
    return out
