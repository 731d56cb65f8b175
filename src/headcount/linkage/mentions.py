"""Mentions: records that carry nothing beyond a name, which no linkage can attribute.

A kunya-only death notice ("Abu Hamza al-Faransi was martyred"), an unnamed news item or a
bare name on a list says that someone existed, but nothing that could join it to anyone
else: under the safeguard that names alone never merge (DESIGN, "Safeguards"), such a
record stays a person of its own whatever the model says. Counted as persons, they would
inflate every count by people who are mostly someone already counted; as capture
histories, they would look like people recorded by one list only, the very pattern that
tells multiple systems estimation of a large unseen population.

So a record is a *mention* when every statement it makes is a name or a gender
(`MENTION_PROPERTIES`): events may be present (a death notice has its death), but none of
it identifies. A person all of whose records are mentions is a mention too: accounting
counts mentions on their own line, bounded both ways (none to all of them new persons),
and estimation leaves them out of the capture histories. A person with one identifying
record is a person, mentions and all (an analyst's `same` judgement attributes a mention).
"""

from __future__ import annotations

import numpy as np

from headcount.model.vocabulary import NAME_PROPERTIES, Property
from headcount.storage.engine import Connection
from headcount.storage.records import records_stating_other_than

MENTION_PROPERTIES: frozenset[str] = frozenset(p.value for p in (*NAME_PROPERTIES, Property.gender))
"""What a mention may state: names and a gender, nothing that identifies a person."""


def identifying_records(connection: Connection) -> np.ndarray:
    """The ids of the records that state something beyond a name (sorted)."""
    found = records_stating_other_than(connection, MENTION_PROPERTIES)
    return np.sort(np.asarray(found, dtype=np.int64))


def mention_flags(record_ids: np.ndarray, identifying: np.ndarray) -> np.ndarray:
    """Whether each record is a mention (it is not among the `identifying` ones)."""
    return ~np.isin(np.asarray(record_ids, dtype=np.int64), identifying)
