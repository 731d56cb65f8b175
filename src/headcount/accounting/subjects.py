"""What records say of their subject that breaks counts down (sex, age), as columns.

`storage.subjects` reads the gender and birth-date statements; this turns them into a
frame over the evidence's record positions, which `breakdowns` reduces to one value per
person (the most stated gender; the median of the stated birth dates).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from headcount.model.dates import InvalidDate, from_value
from headcount.model.vocabulary import Property

EPOCH_ORDINAL = 719163
"""date(1970, 1, 1).toordinal(): day numbers count from it, as in `timeline`."""
NO_BIRTH = -(2**31)
"""The `born` of a row that states a gender, not a birth date."""


def no_subjects() -> pd.DataFrame:
    """The `subjects` frame of records that state neither gender nor birth date."""
    return pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in ("record", "female", "born")})


def subject_frame(found: list[tuple[int, str, str]], position: pd.Index) -> pd.DataFrame:
    """Gender and birth-date statements of the run's records, as positions and codes (a
    birth date that is not a date is left out)."""
    if not found:
        return no_subjects()
    ids, props, values = (np.asarray(c, dtype=object) for c in zip(*found, strict=True))
    at = position.get_indexer(pd.Index(ids.astype(np.int64)))
    gender = props == Property.gender.value
    codes, uniques = pd.factorize(values)
    days = np.array([NO_BIRTH if (d := middle_day(str(u))) is None else d for u in uniques])
    born = np.where(gender, NO_BIRTH, days[codes]).astype(np.int64)
    frame = pd.DataFrame(
        {
            "record": at,
            "female": np.where(gender, (values == "female").astype(np.int64), -1),
            "born": born,
        }
    )
    kept: pd.DataFrame = frame[(at >= 0) & (gender | (born != NO_BIRTH))]
    return kept.reset_index(drop=True)


def middle_day(value: str) -> int | None:
    """The day in the middle of a stored partial date, None when it is not one."""
    try:
        when = from_value(value)
    except InvalidDate:
        return None
    return (when.earliest.toordinal() + when.latest.toordinal()) // 2 - EPOCH_ORDINAL
