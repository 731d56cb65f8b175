"""Estimates per stratum from capture histories, and their total with a combined interval.

Input: one row per observed person, one 0/1 column per system (a source or a group of
sources), and optional stratum columns (country, period, status …). Each stratum is
estimated on its own, since capture probabilities differ between strata and pooling them
biases the estimate downwards. The strata are independent, so their total is combined by
adding draws, stratum by stratum: posterior draws for the Bayesian methods (lcmcr, bma),
and for the likelihood methods draws of the unseen from a log-normal fitted to each
stratum's profile-likelihood interval (Chao's log-normal form of the interval, 1987). The
total is the median of the summed draws and its interval their quantiles.

A stratum that cannot be estimated is refused with its reasons, and the total covers the
strata that could be: it says which it covers and which it leaves out (with their
enumeration), and warns, since without them it is the total of a smaller population. Only
when no stratum can be estimated is the whole refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from headcount.estimation.catalogue import DEFAULT_METHOD
from headcount.estimation.errors import EstimationRefused, Reason
from headcount.estimation.lcmcr import LcmcrSettings
from headcount.estimation.methods import estimate_tables
from headcount.estimation.results import METHOD_VERSION, Caveat, Estimate
from headcount.estimation.table import CaptureTable

COMBINED_DRAWS = 4000
BAYESIAN = ("lcmcr", "bma")


@dataclass(frozen=True)
class StratifiedEstimate:
    """Per-stratum estimates and their combined total."""

    by: tuple[str, ...]
    strata: tuple[tuple[dict[str, Any], Estimate], ...]
    total: Estimate
    combination: str
    refused: tuple[Refusal, ...] = ()
    kind: str = "estimate"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the total, how strata were combined, each stratum's estimate, and
        each refused stratum with its reasons."""
        return {
            "kind": self.kind,
            "by": list(self.by),
            "combination": self.combination,
            "total": self.total.to_dict(),
            "strata": [{"stratum": key, **est.to_dict()} for key, est in self.strata],
            "refused": [r.to_dict() for r in self.refused],
            "method_version": METHOD_VERSION,
        }


@dataclass(frozen=True)
class Refusal:
    """A stratum that cannot support an estimate: its key, enumeration and reasons."""

    stratum: dict[str, Any]
    observed: int
    reasons: tuple[Reason, ...]
    kind: str = "refusal"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, labelled `kind: "refusal"`."""
        return {
            "kind": self.kind,
            "stratum": self.stratum,
            "observed": self.observed,
            "reasons": [r.to_dict() for r in self.reasons],
        }


def group_sources(
    histories: pd.DataFrame, systems: Mapping[str, Sequence[str]], keep: Sequence[str] = ()
) -> pd.DataFrame:
    """Capture histories over systems: a person is on a system if on any of its sources.

    `systems` maps each system's name to its source columns (grouping sources that copy
    each other into one system is the usual remedy for strong list dependence); `keep`
    names stratum columns carried over unchanged.
    """
    out = pd.DataFrame(index=histories.index)
    for system, sources in systems.items():
        out[system] = histories[list(sources)].max(axis=1).astype("int64")
    for column in keep:
        out[column] = histories[column]
    return out


def _lognormal_draws(estimate: Estimate, size: int, rng: np.random.Generator) -> np.ndarray:
    """Draws of N: observed plus a log-normal unseen matching the stratum's interval."""
    z = stats.norm.ppf(0.5 + estimate.level / 2.0)
    unseen = max(estimate.unseen, 1e-9)
    spreads = []
    if estimate.upper is not None:
        spreads.append(np.log(max(estimate.upper - estimate.observed, unseen) / unseen) / z)
    if estimate.lower > estimate.observed:
        spreads.append(np.log(unseen / (estimate.lower - estimate.observed)) / z)
    sigma = max(spreads) if spreads else 1.0
    return estimate.observed + unseen * np.exp(rng.normal(0.0, sigma, size))


def stratum_draws(estimate: Estimate, size: int, rng: np.random.Generator) -> np.ndarray:
    """`size` draws of N for one stratum, resampled from its own draws where it has them
    (posterior draws, or draws pooled over partitions)."""
    pooled = "partitions" in estimate.diagnostics
    if estimate.draws is not None and (estimate.method in BAYESIAN or pooled):
        return np.asarray(rng.choice(estimate.draws, size=size, replace=True), dtype=float)
    return _lognormal_draws(estimate, size, rng)


def stratum_key(stratum: Mapping[str, Any]) -> tuple[str, ...]:
    """A stratum's values as a key that matches across partitions and estimates."""
    return tuple(str(v) for v in stratum.values())


def stratum_label(key: Mapping[str, Any]) -> str:
    """A stratum as people read it: `country=FRA, status=killed`, or `all`."""
    return ", ".join(f"{k}={v}" for k, v in key.items()) or "all"


def strata_of(
    histories: pd.DataFrame, by: Sequence[str]
) -> list[tuple[dict[str, Any], pd.DataFrame]]:
    """The histories split by the `by` columns (one whole stratum when `by` is empty)."""
    if not by:
        return [({}, histories)]
    groups = histories.groupby(list(by), sort=True, dropna=False)
    return [
        (dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True)), frame)
        for key, frame in groups
    ]


def estimate_histories(
    histories: pd.DataFrame,
    systems: Sequence[str] | None = None,
    *,
    by: Sequence[str] = (),
    method: str = DEFAULT_METHOD,
    seed: int | None = None,
    level: float = 0.95,
    drop_empty: bool = False,
    lcmcr: LcmcrSettings | None = None,
) -> StratifiedEstimate:
    """Estimate each stratum of the capture histories and combine them into a total.

    With `drop_empty`, a system that recorded no one in a stratum is left out of that
    stratum's table (a national list has no one from other countries: its silence there
    says nothing about capture) and named in its diagnostics; without it, such a system is
    a reason to refuse. Refused strata are listed; the total covers the others.
    `lcmcr` overrides LCMCR's settings."""
    by = tuple(by)
    names = [str(c) for c in (systems if systems is not None else histories.columns)]
    names = [c for c in names if c not in by]
    strata = strata_of(histories, by)
    present = [[c for c in names if frame[c].any()] if drop_empty else names for _, frame in strata]
    tables = [
        CaptureTable.from_histories(frame, used, source=f"stratum {stratum_label(key)}")
        for (key, frame), used in zip(strata, present, strict=True)
    ]
    seeds = [None if seed is None else seed + i for i in range(len(strata))]
    # every stratum at once, so that LCMCR's chains of all strata share the cores
    outcomes = estimate_tables(tables, method, seeds=seeds, level=level, lcmcr=lcmcr)
    results: list[tuple[dict[str, Any], Estimate]] = []
    refused: list[Refusal] = []
    for (key, frame), used, got in zip(strata, present, outcomes, strict=True):
        if isinstance(got, EstimationRefused):
            reasons = tuple(
                Reason(r.code, f"stratum {stratum_label(key)}: {r.message}") for r in got.reasons
            )
            refused.append(Refusal(key, len(frame), reasons))
            continue
        absent = [c for c in names if c not in used]
        if absent:
            got = replace(got, diagnostics={**got.diagnostics, "systems_absent": absent})
        results.append((key, got))
    if not results:
        raise EstimationRefused([r for refusal in refused for r in refusal.reasons])
    total, combination = combine_strata(results, refused, method, level, seed)
    return StratifiedEstimate(by, tuple(results), total, combination, tuple(refused))


def combine_strata(
    results: list[tuple[dict[str, Any], Estimate]],
    refused: list[Refusal],
    method: str,
    level: float,
    seed: int | None,
) -> tuple[Estimate, str]:
    """The total of independent strata: sum of per-stratum draws (of the strata that
    could be estimated; the others are named in the diagnostics and a warning)."""
    estimates = [e for _, e in results]
    if len(estimates) == 1 and not refused:
        return estimates[0], "single stratum"
    rng = np.random.default_rng(seed)
    summed = np.zeros(COMBINED_DRAWS)
    for estimate in estimates:
        summed += stratum_draws(estimate, COMBINED_DRAWS, rng)
    tail = (1.0 - level) / 2.0
    lower, median, upper = np.quantile(summed, [tail, 0.5, 1.0 - tail])
    how = (
        "sum of posterior draws across strata"
        if method in BAYESIAN
        else "sum of draws from log-normal fits to each stratum's profile interval"
    )
    caveats = list({w.code: w for e in estimates for w in e.warnings}.values())
    if refused:
        left = sum(r.observed for r in refused)
        caveats.append(
            Caveat(
                "total_leaves_out_strata",
                f"the total covers {len(estimates)} of {len(estimates) + len(refused)} strata: "
                f"{len(refused)} could not be estimated ({left:,} people seen there are "
                "in no estimate); it is the total of the strata it covers, not of all",
            )
        )
    total = Estimate(
        method=method,
        model="per stratum",
        observed=sum(e.observed for e in estimates),
        estimate=float(median),
        lower=float(lower),
        upper=float(upper) if all(e.upper is not None for e in estimates) else None,
        lists=tuple(dict.fromkeys(name for e in estimates for name in e.lists)),
        level=level,
        diagnostics={
            "interval": how,
            "strata": len(estimates),
            "covers": [key for key, _ in results],
            "leaves_out": [r.stratum for r in refused],
            "observed_left_out": sum(r.observed for r in refused),
            "sum_of_stratum_estimates": float(sum(e.estimate for e in estimates)),
        },
        warnings=tuple(caveats),
        draws=summed,
    )
    return total, how
