"""The audit log: who did what to which object, when — append-only, compartmented, chained.

Invariants:
- Nothing here updates or deletes an entry; the store's triggers (migration 0003) refuse it
  to any other program, and on PostgreSQL the server's role may only INSERT and SELECT
  (`storage.roles`).
- Every entry is written in the transaction of the act it records, so it stands or falls
  with the change.
- Every entry names the compartment of what it touched (`restricted` when the act could
  show or change restricted data). A reader without restricted access sees such an entry's
  who, when and what, never its object or detail.
- Entries form a hash chain in id order: each holds the hash of the one before
  (`prev_hash`) and its own (`entry_hash`, over its fields and `prev_hash`). Changing an
  entry breaks its own hash; removing one breaks the next entry's link; `verify_chain`
  names the first break. `entry_hash` is part of the stored format: it must never change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, text

from headcount.model.audit import AuditEntry
from headcount.model.vocabulary import Compartment, Compartments
from headcount.storage.engine import now
from headcount.storage.tables import audit_log

GENESIS = "0" * 64
"""The `prev_hash` of the first entry."""
_LOCK_KEY = 0x6865616463  # the advisory lock that serialises appends on PostgreSQL


def _stamp(at: datetime) -> str:
    """A time stamp as the hash sees it: UTC, microseconds, no zone (SQLite drops zones)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str,
    at: datetime,
    user: str,
    action: str,
    object_type: str,
    object_id: str | None,
    detail: str | None,
    compartment: str,
) -> str:
    """SHA-256 of an entry's fields and its predecessor's hash (canonical JSON, UTF-8)."""
    fields = [prev_hash, _stamp(at), user, action, object_type, object_id, detail, compartment]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def act_compartment(compartments: Compartments) -> Compartment:
    """The compartment of an act by someone who sees `compartments`: restricted if what they
    saw or changed could include restricted data."""
    return Compartment.restricted if Compartment.restricted in compartments else Compartment.open


def _last_hash(connection: Connection) -> str:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last = connection.execute(
        select(audit_log.c.entry_hash).order_by(audit_log.c.id.desc()).limit(1)
    ).scalar()
    return str(last) if last else GENESIS


def record_audit(
    connection: Connection,
    user: str,
    action: str,
    object_type: str,
    object_id: str | None,
    detail: dict[str, Any] | None = None,
    *,
    compartment: Compartment = Compartment.open,
) -> None:
    """Append one entry, in the caller's transaction, chained to the entry before it."""
    at = now()
    detail_text = json.dumps(detail, ensure_ascii=False, default=str) if detail else None
    previous = _last_hash(connection)
    connection.execute(
        insert(audit_log),
        {
            "at": at,
            "user_name": user,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "detail": detail_text,
            "compartment": compartment.value,
            "prev_hash": previous,
            "entry_hash": entry_hash(
                previous,
                at,
                user,
                action,
                object_type,
                object_id,
                detail_text,
                compartment.value,
            ),
        },
    )


def audit_rows(
    connection: Connection,
    compartments: Compartments,
    *,
    user: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    before: int | None = None,
    limit: int,
) -> list[AuditEntry]:
    """Entries newest first, filtered; those of compartments the reader may not see are
    redacted, and never matched by an `object_id` filter (which would reveal they exist)."""
    t = audit_log.c
    allowed = sorted(c.value for c in compartments)
    query = select(audit_log).order_by(t.id.desc()).limit(limit)
    for column, value in ((t.user_name, user), (t.action, action), (t.object_type, object_type)):
        if value:
            query = query.where(column == value)
    if object_id:
        query = query.where(and_(t.object_id == object_id, t.compartment.in_(allowed)))
    if before is not None:
        query = query.where(t.id < before)
    rows = []
    for r in connection.execute(query):
        hidden = r.compartment not in allowed
        rows.append(
            AuditEntry(
                r.id,
                r.at,
                r.user_name,
                r.action,
                r.object_type,
                None if hidden else r.object_id,
                None if hidden or not r.detail else json.loads(r.detail),
                r.compartment,
                hidden,
            )
        )
    return rows


@dataclass(frozen=True)
class ChainBreak:
    """The first entry at which the chain does not hold, and why."""

    entry_id: int | None
    """None when the break is past the last entry (the kept head is gone)."""
    reason: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str
    first_break: ChainBreak | None


def _stored(connection: Connection) -> Iterator[Any]:
    return iter(connection.execute(select(audit_log).order_by(audit_log.c.id)))


def verify_chain(connection: Connection, kept_head: str | None = None) -> ChainReport:
    """Walk the log in id order and name the first entry changed, or after a removal.

    The chain alone cannot show that its last entries were removed; `kept_head`, an
    `entry_hash` noted earlier (a previous verify's head), must still be in the log."""
    previous, count, head_seen = GENESIS, 0, kept_head is None
    for r in _stored(connection):
        count += 1
        if r.prev_hash != previous:
            reason = (
                "the entry before it was changed or removed"
                if count > 1
                else "entries before it were removed"
            )
            return ChainReport(count, previous, ChainBreak(r.id, reason))
        expected = entry_hash(
            r.prev_hash,
            r.at,
            r.user_name,
            r.action,
            r.object_type,
            r.object_id,
            r.detail,
            r.compartment,
        )
        if r.entry_hash != expected:
            return ChainReport(count, previous, ChainBreak(r.id, "this entry was changed"))
        previous = r.entry_hash
        head_seen = head_seen or r.entry_hash == kept_head
    if not head_seen:
        gone = ChainBreak(
            None, "the entry of the kept head is gone: entries at the end were removed"
        )
        return ChainReport(count, previous, gone)
    return ChainReport(count, previous, None)
