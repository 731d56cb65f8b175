"""What records say that no two records of one person may contradict (`contradictions.Traits`).

The same facts, read from a prepared comparison frame (when a run links) or straight from
the store (when accounting re-clusters a run's stored pairs at other thresholds, with no
frame at hand): the birth years a record's most precise birth date allows (and the date
itself where it gives the day, so that a clerical slip is told from a contradiction), its
gender, its identity-document numbers, the father's name its first patronymic gives, and its
citizenships. Reading them from the store costs one query on five properties, and one on the
name cache for the patronymics (a value the cache lacks, in a store ingested before its
names were parsed, is parsed here).

Invariant: for the same records, both readers give the same traits.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from headcount.linkage.contradictions import Traits
from headcount.linkage.namecache import known_features
from headcount.linkage.prepare import father_key
from headcount.linkage.value_keys import best_birth
from headcount.model.vocabulary import Property
from headcount.storage.engine import Connection
from headcount.storage.records import property_values

PROPERTIES = (
    Property.birth_date,
    Property.gender,
    Property.id_number,
    Property.patronymic,
    Property.citizenship,
)


def frame_traits(frame: pd.DataFrame) -> Traits:
    """Traits from the comparison frame (`prepare.comparison_frame`)."""
    ids = frame["unique_id"].tolist()
    lows, highs = frame["birth_year_low"], frame["birth_year_high"]
    return Traits(
        birth_years={
            r: (int(low), int(high))
            for r, low, high in zip(ids, lows, highs, strict=True)
            if not pd.isna(low)
        },
        birth_days={
            r: d for r, d in zip(ids, frame["birth_day"], strict=True) if isinstance(d, str)
        },
        gender={r: g for r, g in zip(ids, frame["gender"], strict=True) if isinstance(g, str)},
        documents={
            r: frozenset(d)
            for r, d in zip(ids, frame["id_numbers"], strict=True)
            if d is not None and len(d)
        },
        fathers={r: f for r, f in zip(ids, frame["father"], strict=True) if isinstance(f, str)},
        other_days={
            r: d for r, d in zip(ids, frame["birth_day_alt"], strict=True) if isinstance(d, str)
        },
        citizenships={
            r: frozenset(c)
            for r, c in zip(ids, frame["citizenship"], strict=True)
            if c is not None and len(c)
        },
    )


def store_traits(connection: Connection) -> Traits:
    """Traits of every record of the store, read as `prepare` reads them."""
    said: dict[str, dict[int, list[str]]] = {p: defaultdict(list) for p in PROPERTIES}
    for record, prop, value in property_values(connection, [p.value for p in PROPERTIES]):
        said[prop][record].append(value)
    births = {r: best_birth(v) for r, v in said[Property.birth_date].items()}
    years = {r: birth[5:] for r, birth in births.items()}
    patronymics = said[Property.patronymic]
    values = {v for found in patronymics.values() for v in found}
    known = known_features(connection, values)
    fathers = {
        r: next(filter(None, (father_key(known[v]) for v in found)), None)
        for r, found in patronymics.items()
    }
    return Traits(
        birth_years={
            r: (low, high)
            for r, (low, high) in years.items()
            if low is not None and high is not None
        },
        birth_days={r: birth[3] for r, birth in births.items() if birth[3]},
        gender={r: v[0] for r, v in said[Property.gender].items()},
        documents={r: frozenset(v) for r, v in said[Property.id_number].items()},
        fathers={r: f for r, f in fathers.items() if f},
        other_days={r: birth[4] for r, birth in births.items() if birth[4]},
        citizenships={r: frozenset(v) for r, v in said[Property.citizenship].items()},
    )
