"""Name features kept in the store, so that a value is parsed once, not once per run.

Parsing names is the slowest step of linkage (about half a millisecond a value, far more for
an Arabic-script part the romanizer has not seen). A value's features depend only on the
value and on the code that parses it (`headcount.names.features.features_version()`, a digest
of that code and its tables), so they are kept in the `name_features` table keyed by a hash of
the value and that version: a second `link`, a `link --new` and an `explain` parse only values
the store has never seen. A change to parsing misses the cache and fills it again; a change
to how names are compared (a new names METHOD_VERSION that parses as before) keeps it.

Invariant: a cached row holds exactly `prepare.value_features(value)` as computed by the code
its features version names; rows are only ever inserted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from headcount.linkage.prepare import NameFeatures, features_of
from headcount.names.features import features_version
from headcount.storage.engine import Connection, Store
from headcount.storage.names import insert_feature_texts, stored_feature_texts

BATCH = 50_000


def value_hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def stored_features(connection: Connection, values: Iterable[str]) -> dict[str, NameFeatures]:
    """The features the cache holds for these values, computed by the current code (only)."""
    wanted = {value_hash(v): v for v in set(values)}
    known: dict[str, NameFeatures] = {}
    for digest, text in stored_feature_texts(connection, list(wanted), features_version()):
        value = wanted.get(digest)
        if value is not None:
            known[value] = json.loads(text)
    return known


def known_features(connection: Connection, values: Iterable[str]) -> dict[str, NameFeatures]:
    """The features of every value: the cache's, and those it lacks parsed here and not
    written (a reader inside an open connection: a store ingested before its names were
    parsed still reads)."""
    wanted = set(values)
    known = stored_features(connection, wanted)
    known.update(features_of(wanted - set(known), workers=1))
    return known


def cached_features(
    store: Store, values: Iterable[str], workers: int | None = None, *, write: bool = True
) -> tuple[dict[str, NameFeatures], int]:
    """The features of every value, from the cache or parsed (and then cached, unless
    `write` is false: a read-only caller such as `explain`).

    Returns the features and how many values had to be parsed.
    """
    wanted = set(values)
    with store.reading() as connection:
        known = stored_features(connection, wanted)
    missing = [v for v in wanted if v not in known]
    fresh = features_of(missing, workers)
    if fresh and write:
        with store.transaction() as connection:
            items = sorted(fresh.items())
            for start in range(0, len(items), BATCH):
                rows = [
                    (value_hash(v), json.dumps(f, ensure_ascii=False, separators=(",", ":")))
                    for v, f in items[start : start + BATCH]
                ]
                insert_feature_texts(connection, features_version(), rows)
    known.update(fresh)
    return known, len(missing)
