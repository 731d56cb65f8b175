"""How good a linkage is against the truth: pairwise and B-cubed precision, recall and F1.

- **Pairwise**: over pairs of records, a pair put in one person is right when the truth has
  them as one person. Large persons weigh quadratically.
- **B-cubed** (Bagga & Baldwin 1998): per record, precision is the share of its predicted
  person that truly belongs with it, recall the share of its true person it was put with;
  averaged over records. Every record weighs the same.

Both are given overall; pairwise also per pair of sources (pairs with one record in each,
or both in one source) and per script of the records' names (both records in the script);
B-cubed per script too (the records of the script, each measured against all records).

Hand-written because the counts are a few lines of NumPy over contingency tables
(`scores`), and no well-kept library computes them per source pair and per script.

`evaluate_store` adds the safeguard-bound ceiling on the same records, the ratio of the
linkage's F1 to it, and blocking recall (`ceiling`).

Invariant: only records present in both the prediction and the truth are measured.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from headcount.linkage.alternatives import NoRun
from headcount.linkage.ceiling import Ceiling, ceiling
from headcount.linkage.namecache import cached_features
from headcount.linkage.prepare import comparison_frame, name_values, store_facts
from headcount.linkage.scores import Scores, bcubed, bcubed_per_record, pair_count, pairwise
from headcount.model.vocabulary import NAME_PROPERTIES
from headcount.storage.engine import Connection, Store
from headcount.storage.migrate import require_current
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id
from headcount.storage.records import first_scripts, record_keys

NAME_PROPERTIES_TEXT = sorted(p.value for p in NAME_PROPERTIES)


@dataclass(frozen=True)
class Evaluation:
    records: int
    pairwise: Scores
    bcubed: Scores
    by_source_pair: dict[str, dict[str, Any]]
    by_script: dict[str, dict[str, Any]]
    ceiling: Ceiling | None = None
    """The safeguard-bound ceiling on the same records (`evaluate_store` computes it)."""

    def ratio(self) -> dict[str, float] | None:
        """The linkage's F1 as a share of the ceiling's, pairwise and B-cubed."""
        if self.ceiling is None:
            return None
        top = self.ceiling
        return {
            "pairwise": round(self.pairwise.f1 / top.pairwise_f1, 4) if top.pairwise_f1 else 0.0,
            "bcubed": round(self.bcubed.f1 / top.bcubed_f1, 4) if top.bcubed_f1 else 0.0,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "pairwise": self.pairwise.__dict__,
            "bcubed": self.bcubed.__dict__,
            "ceiling": self.ceiling.as_dict() if self.ceiling else None,
            "ratio_to_ceiling": self.ratio(),
            "by_source_pair": self.by_source_pair,
            "by_script": self.by_script,
        }


def _cross_pairs(frame: pd.DataFrame, a: str, b: str) -> dict[str, Any]:
    """Pairwise scores over pairs with one record in source a and one in source b."""
    left, right = frame[frame.source == a], frame[frame.source == b]

    def count(key: pd.Series, side: pd.DataFrame, other: pd.DataFrame, col: str) -> int:
        x = side[col].value_counts()
        y = other[col].value_counts()
        return int((x * y.reindex(x.index, fill_value=0)).sum())

    joint_l = left.predicted + "\x00" + left.truth
    joint_r = right.predicted + "\x00" + right.truth
    both = int((joint_l.value_counts() * joint_r.value_counts()).dropna().sum())
    found = count(left.predicted, left, right, "predicted")
    real = count(left.truth, left, right, "truth")
    scores = Scores.of(both / found if found else 1.0, both / real if real else 1.0)
    return {"pairs_true": real, "pairs_found": found, **scores.__dict__}


def evaluate(
    predicted: Mapping[Any, str],
    truth: Mapping[Any, str],
    sources: Mapping[Any, str],
    scripts: Mapping[Any, str],
) -> Evaluation:
    """Scores of `predicted` (record → person) against `truth` (record → true person)."""
    records = sorted(set(predicted) & set(truth), key=str)
    frame = pd.DataFrame(
        {
            "predicted": [str(predicted[r]) for r in records],
            "truth": [str(truth[r]) for r in records],
            "source": [sources.get(r, "") for r in records],
            "script": [scripts.get(r, "none") for r in records],
        }
    )
    precision, recall = bcubed_per_record(frame.predicted, frame.truth)
    frame["bp"], frame["br"] = precision, recall
    by_script = {}
    for script, part in frame.groupby("script"):
        within = pairwise(part.predicted, part.truth)
        by_script[str(script)] = {
            "records": len(part),
            "bcubed": Scores.of(float(part.bp.mean()), float(part.br.mean())).__dict__,
            "pairwise_within_script": within.__dict__,
        }
    names = sorted(frame.source.unique())
    by_pair = {}
    for i, a in enumerate(names):
        for b in names[i:]:
            if a == b:
                part = frame[frame.source == a]
                result = {
                    "pairs_true": pair_count(part.truth),
                    **pairwise(part.predicted, part.truth).__dict__,
                }
            else:
                result = _cross_pairs(frame, a, b)
            if result["pairs_true"] or result.get("pairs_found"):
                by_pair[f"{a} × {b}"] = result
    return Evaluation(
        len(frame),
        pairwise(frame.predicted, frame.truth),
        bcubed(frame.predicted, frame.truth),
        by_pair,
        by_script,
    )


def read_truth(path: Path) -> dict[tuple[str, str], str]:
    """A truth file `source,record_id,person_id` (the simulator's links.csv)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"source", "record_id", "person_id"} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(f"{path}: the truth needs the columns source,record_id,person_id")
    return {(r["source"], r["record_id"]): r["person_id"] for r in rows}


def evaluate_store(store: Store, truth_path: Path) -> Evaluation:
    """The latest run's persons scored against a truth file (records matched by source name
    and the source's own record id; records the truth does not name are left out), with the
    ceiling on the same records."""
    truth_keys = read_truth(truth_path)
    require_current(store)
    with store.reading() as connection:
        run = latest_run_id(connection)
        if run is None:
            raise NoRun("no linkage run yet: run `headcount link` first")
        predicted = run_persons(connection, run)
        keys = record_keys(connection)
        scripts = record_scripts(connection)
        facts = list(store_facts(connection))
    truth = {rid: truth_keys[(s, k)] for rid, s, k in keys if (s, k) in truth_keys}
    source_of = {rid: s for rid, s, _ in keys}
    known, _ = cached_features(store, name_values(facts), write=False)
    frame = comparison_frame(facts, known=known)
    measured = evaluate(predicted, truth, source_of, scripts)
    return replace(measured, ceiling=ceiling(frame, truth))


def record_scripts(connection: Connection) -> dict[int, str]:
    """The script of each record's first name statement (`none` when it has no name)."""
    return first_scripts(connection, NAME_PROPERTIES_TEXT)
