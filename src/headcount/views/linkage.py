"""The latest linkage run, inspected as Splink's users inspect a model: the trained
parameters (each comparison level's m and u, and the match weight they give), the
histogram of the match weights of the pairs scored, and, when analysts have judged pairs,
precision and recall against those judgements at each threshold.

Precision and recall here are measured on the judged pairs only: a pair judged `same` that
scores at or above the threshold is a true link, one judged `different` a false one, and a
`same` pair below it a missed link. Judged pairs are those the review queue chose (near the
threshold), not a random sample: the curve says how the threshold splits the hard cases,
not how good the whole linkage is (`headcount evaluate-linkage` measures that on simulated
data).

Invariant: only pairs and judgements between records the user's compartments see are read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from headcount.linkage.judgements import active_judgements, effective_judgements
from headcount.model.vocabulary import Compartments, Decision
from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.storage.engine import Store
from headcount.storage.queries import latest_run_id
from headcount.storage.runs import run_pair_weights, run_settings, run_threshold
from headcount.views import NotFound
from headcount.views.cache import require_schema

BIN_WIDTH = 1.0
"""Match-weight histogram bins, in bits (Splink's chart uses the same unit)."""
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))


@dataclass(frozen=True)
class LinkageView:
    run_id: int
    threshold: float
    prior: float | None
    training: dict[str, Any]
    parameters: list[dict[str, Any]]
    histogram: list[dict[str, Any]]
    pairs: int
    judged: dict[str, int]
    curve: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "threshold": self.threshold,
            "probability_two_random_records_match": self.prior,
            "training": self.training,
            "parameters": self.parameters,
            "match_weight_histogram": {"bin_width": BIN_WIDTH, "bins": self.histogram},
            "pairs": self.pairs,
            "judged_pairs": self.judged,
            "precision_recall": self.curve,
        }


def inspect_linkage(store: Store, user: User) -> LinkageView:
    """The latest run the user's compartments see, as described in the module doc."""
    require_schema(store)
    return inspect_run(store, compartments_for(user))


def inspect_run(store: Store, compartments: Compartments) -> LinkageView:
    """The latest run `compartments` see (the command line sees every compartment)."""
    with store.reading() as connection:
        run = latest_run_id(connection, compartments)
        if run is None:
            raise NotFound("no linkage run yet: run `headcount link`")
        settings = run_settings(connection, run)
        threshold = run_threshold(connection, run) or 0.5
        weights = run_pair_weights(connection, run, compartments)
        decisions = effective_judgements(active_judgements(connection, compartments=compartments))
    model = settings.get("model", {})
    judged = {(a, b): decisions.get((a, b)) or decisions.get((b, a)) for a, b, _, _ in weights}
    scored = [(p, judged[(a, b)]) for a, b, _, p in weights if judged[(a, b)]]
    return LinkageView(
        run_id=run,
        threshold=threshold,
        prior=model.get("probability_two_random_records_match"),
        training=settings.get("training", {}),
        parameters=parameters(model),
        histogram=histogram([w for _, _, w, _ in weights]),
        pairs=len(weights),
        judged={d.value: sum(1 for _, j in scored if j is d) for d in Decision},
        curve=precision_recall(scored),
    )


def parameters(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Each comparison level's m, u and match weight log2(m/u), as Splink saves them."""
    rows = []
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            rows.append(
                {
                    "comparison": comparison.get("output_column_name", ""),
                    "level": level.get("label_for_charts", ""),
                    "m": m,
                    "u": u,
                    "match_weight": round(math.log2(m / u), 3) if m and u else None,
                }
            )
    return rows


def histogram(weights: list[float]) -> list[dict[str, Any]]:
    """Pairs per match-weight bin [low, low + BIN_WIDTH), bins without pairs left out."""
    counts: dict[float, int] = {}
    for weight in weights:
        low = math.floor(weight / BIN_WIDTH) * BIN_WIDTH
        counts[low] = counts.get(low, 0) + 1
    return [{"low": low, "high": low + BIN_WIDTH, "pairs": n} for low, n in sorted(counts.items())]


def precision_recall(scored: list[tuple[float, Decision | None]]) -> list[dict[str, Any]]:
    """At each threshold, precision and recall of "probability ≥ threshold" against the
    judged pairs (`unsure` ones left out); empty without a pair judged `same`."""
    same = [p for p, d in scored if d is Decision.same]
    different = [p for p, d in scored if d is Decision.different]
    if not same:
        return []
    curve = []
    for t in THRESHOLDS:
        true = sum(1 for p in same if p >= t)
        false = sum(1 for p in different if p >= t)
        curve.append(
            {
                "threshold": t,
                "precision": round(true / (true + false), 4) if true + false else None,
                "recall": round(true / len(same), 4),
            }
        )
    return curve
