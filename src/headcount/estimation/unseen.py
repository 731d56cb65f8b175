"""Beside a country's enumeration, the estimate of those no record saw (estimation's).

The persons counted for a country on a date each have a capture history: which sources
(known by the date of knowledge) recorded them. `estimate_unseen` hands those histories to
`headcount.estimation.estimate_histories` and returns its estimate — labelled `estimate`,
never added to the enumeration — or its refusal with every reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from headcount.accounting.status import Snapshot
from headcount.estimation import EstimationRefused, estimate_histories
from headcount.estimation.catalogue import SEED
from headcount.estimation.histories import person_histories


def capture_histories(
    snapshot: Snapshot, country: str, source_names: Mapping[int, str]
) -> pd.DataFrame:
    """One row per person counted for `country`, one 0/1 column per source that recorded
    any of them (records known on the snapshot's date of knowledge): estimation's
    `person_histories` with each source a system of its own."""
    return person_histories(snapshot, source_names, country=country).captures()


def estimate_unseen(histories: pd.DataFrame, method: str) -> dict[str, Any]:
    """The estimate of the total (seen and unseen) from the histories, as JSON-ready data:
    estimation's own `to_dict`, or its refusal (`kind: refusal`, with the reasons)."""
    try:
        result = estimate_histories(histories, list(histories.columns), method=method, seed=SEED)
    except EstimationRefused as refusal:
        return refusal.to_dict()
    return {**result.total.to_dict(), "systems": list(histories.columns)}
