"""The name cache's rows (`name_features`): a value's parsed features, as JSON text, keyed
by a hash of the value and the version of the code that parsed it. What the features are
and when they are parsed is `linkage.namecache`'s business."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, select

from headcount.storage.bulk import insert_rows
from headcount.storage.tables import name_features

LOOKUP = 1_000
"""Hashes per lookup query when only a few values are wanted (up to five such queries)."""


def stored_feature_texts(
    connection: Connection, digests: Sequence[str], version: str
) -> Iterator[tuple[str, str]]:
    """(value hash, features JSON) of the cached rows of this version among `digests`, and
    possibly others: a few hashes are looked up, many read the whole version (cheaper than
    a long IN list); the caller keeps what it asked for."""
    query = select(name_features.c.value_hash, name_features.c.features).where(
        name_features.c.features_version == version
    )
    ordered = sorted(digests)
    chunks = [ordered[i : i + LOOKUP] for i in range(0, len(ordered), LOOKUP)]
    selects = [query.where(name_features.c.value_hash.in_(c)) for c in chunks]
    for statement in selects if len(ordered) <= LOOKUP * 5 else [query]:
        for digest, text in connection.execute(statement):
            yield str(digest), str(text)


def insert_feature_texts(
    connection: Connection, version: str, rows: Sequence[tuple[str, str]]
) -> None:
    """Cache (value hash, features JSON) rows under this features version."""
    insert_rows(
        connection,
        name_features,
        [{"value_hash": h, "features_version": version, "features": f} for h, f in rows],
    )
