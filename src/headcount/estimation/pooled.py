"""Estimates pooled over imputations: plausible partitions of the records, and countries
drawn for the persons no record places.

One set of capture histories is one guess at who is who. Linkage gives many plausible
partitions of the records into persons (`linkage.alternatives.clusterings`), and
each gives its own histories; persons of unknown country (`UNATTRIBUTED`) belong to some
country, only not a known one. Each *imputation* is one partition's histories with a
country drawn for every unattributed person; every stratum is estimated on each imputation
and the posterior draws of N are pooled in equal numbers (multiple imputation, Rubin 1987):
the interval carries the linkage's uncertainty and the apportioning's.

Apportioning (when strata are by country): an unattributed person is taken to come from the
countries of the attributed persons recorded by the same systems. For each capture
pattern, the shares are drawn from a Dirichlet whose parameters are, per country, the
attributed persons on any of the pattern's systems; the pattern's unattributed persons are
then spread over countries by a multinomial draw with those shares. Across imputations, the
spread of the draws is the uncertainty of the apportioning.

Strata too small to estimate on their own (fewer than `ALONE` seen, or refused, on the first
imputation) are estimated together as one stratum, `other`, so that the total accounts for
everyone seen.

Mentions (persons known only through records that carry nothing beyond a name) are in no
capture history: were they all persons no identifying record shows, they would be among the
unseen, so the total is at least its persons seen plus the mentions. `with_mentions` raises
each of the total's draws that falls short of that to it: the estimate and the lower limit
take the mentions to be persons already counted or among the unseen the model allows, the
upper limit allows them all to be persons beyond it.

Invariant: every imputation keeps every person it was given; apportioning only fills the
country of unattributed persons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from headcount.accounting.timeline import UNATTRIBUTED
from headcount.estimation.checks import table_reasons
from headcount.estimation.errors import EstimationRefused, Reason
from headcount.estimation.floor import floor_settings, with_floor
from headcount.estimation.lcmcr import LcmcrSettings, estimate_partitions
from headcount.estimation.methods import estimate_tables
from headcount.estimation.results import Estimate
from headcount.estimation.strata import (
    COMBINED_DRAWS,
    Refusal,
    StratifiedEstimate,
    combine_strata,
    strata_of,
    stratum_draws,
    stratum_key,
    stratum_label,
)
from headcount.estimation.table import CaptureTable
from headcount.model.progress import Tally, untold

IMPUTATIONS = 10
"""Imputations pooled by default: partitions drawn from the linkage, countries drawn for
the unattributed."""
OTHER = "other"
"""The key of the stratum that gathers the strata too small to estimate alone."""
ALONE = 50
"""Fewer persons seen than this, and a stratum is estimated in `other`: with so few, its
interval depends mostly on the model's prior (on simulated populations such strata held
the truth least often, and always fell below it)."""


def apportion(
    frame: pd.DataFrame, systems: Sequence[str], rng: np.random.Generator
) -> tuple[pd.DataFrame, int]:
    """The histories with a country drawn for each unattributed person (module doc), and
    how many were drawn."""
    unattributed = (frame["country"] == UNATTRIBUTED).to_numpy()
    if not unattributed.any():
        return frame, 0
    seen = frame.loc[~unattributed]
    if seen.empty:
        return frame, 0
    countries, codes = np.unique(seen["country"].to_numpy(dtype=str), return_inverse=True)
    captured = seen[list(systems)].to_numpy(dtype=bool)
    per_system = np.zeros((len(systems), len(countries)))
    for s in range(len(systems)):
        per_system[s] = np.bincount(codes[captured[:, s]], minlength=len(countries))
    overall = np.bincount(codes, minlength=len(countries)).astype(float)
    lost = frame.loc[unattributed, list(systems)].to_numpy(dtype=bool)
    patterns, which = np.unique(lost, axis=0, return_inverse=True)
    which = np.asarray(which).ravel()
    drawn = np.empty(len(lost), dtype=object)
    for p, pattern in enumerate(patterns):
        alpha = per_system[pattern].sum(axis=0)
        if alpha.sum() == 0:
            alpha = overall
        mine = np.flatnonzero(which == p)
        live = np.flatnonzero(alpha > 0)
        shares = rng.dirichlet(alpha[live])
        counts = rng.multinomial(len(mine), shares)
        drawn[rng.permutation(mine)] = np.repeat(countries[live], counts)
    out = frame.copy()
    out.loc[unattributed, "country"] = drawn
    return out, int(unattributed.sum())


def estimate_imputations(
    frames: Sequence[pd.DataFrame],
    systems: Sequence[str],
    *,
    by: Sequence[str] = (),
    method: str,
    seed: int | None = None,
    level: float = 0.95,
    lcmcr: LcmcrSettings | None = None,
    floor: Callable[[], pd.DataFrame] | None = None,
    progress: Tally = untold,
) -> StratifiedEstimate:
    """Estimate every stratum pooled over the imputations `frames` (capture histories of
    one partition each, with the strata columns), and their total (module doc); with
    `floor`, which gives the histories of the joined partition, lower each lower limit to
    its estimate there where that is lower (`floor.with_floor`). `progress` is told the
    strata estimated (for LCMCR, the sweeps of its chains).

    The floor is made and estimated in a thread of its own while the pooled strata are
    estimated: LCMCR's chains release the interpreter, so the floor's histories (the
    folding, `fragments`) are made while they run, and its chains share the cores with
    theirs rather than waiting for the last of them. Each estimate depends only on its
    tables and seed, so the figures are those of estimating one after the other."""
    by = tuple(by)
    rng = np.random.default_rng(seed)
    drawn: list[int] = []
    if "country" in by:
        filled = [apportion(f, systems, rng) for f in frames]
        frames, drawn = [f for f, _ in filled], [n for _, n in filled]
    kept = _kept(frames[0], systems, by)
    groups = _groups([_merged(f, kept, by) for f in frames], systems, by)
    estimate = partial(_estimate_groups, by=by, method=method, seed=seed, level=level)

    def lowest(
        make: Callable[[], pd.DataFrame],
    ) -> tuple[list[tuple[dict[str, Any], Estimate]], list[Refusal]]:
        frame = make()
        if "country" in by:
            frame, _ = apportion(frame, systems, rng)
        groups = _groups([_merged(frame, kept, by)], systems, by)
        return estimate(groups, lcmcr=floor_settings(lcmcr), progress=untold)

    with ThreadPoolExecutor(max_workers=1) as beside:
        low = None if floor is None else beside.submit(lowest, floor)
        results, refused = estimate(groups, lcmcr=lcmcr, progress=progress)
        if not results:
            raise EstimationRefused([r for refusal in refused for r in refusal.reasons])
        total, how = combine_strata(results, refused, method, level, seed)
        extra = {"imputations": len(frames)}
        if drawn:
            extra["unattributed_apportioned"] = round(float(np.median(drawn)))
        total = replace(total, diagnostics={**total.diagnostics, **extra})
        result = StratifiedEstimate(by, tuple(results), total, how, tuple(refused))
        if low is None:
            return result
        low_results, low_refused = low.result()
    if not low_results:
        return result
    low_total, _ = combine_strata(low_results, low_refused, method, level, seed)
    return with_floor(result, StratifiedEstimate(by, tuple(low_results), low_total, how))


def _groups(
    frames: Sequence[pd.DataFrame], systems: Sequence[str], by: tuple[str, ...]
) -> dict[tuple[Any, ...], list[CaptureTable]]:
    """Each stratum's capture tables, one per frame (its systems: those that recorded
    someone in it)."""
    keys = sorted({stratum_key(k) for f in frames for k, _ in strata_of(f, by)})
    groups: dict[tuple[Any, ...], list[CaptureTable]] = {k: [] for k in keys}
    for frame in frames:
        for key, part in strata_of(frame, by):
            used = [c for c in systems if part[c].any()]
            table = CaptureTable.from_histories(part, used, source=stratum_label(key))
            groups[stratum_key(key)].append(table)
    return groups


def with_mentions(result: StratifiedEstimate, mentions: int) -> StratifiedEstimate:
    """The result with the total's upper limit allowing every one of `mentions` to be a
    person beyond its persons seen (module doc); unchanged without draws or mentions."""
    total = result.total
    if not mentions or total.draws is None or total.upper is None:
        return result
    floor = total.observed + mentions
    draws = np.maximum(total.draws, floor)
    upper = float(np.quantile(draws, 0.5 + total.level / 2.0))
    diagnostics = {**total.diagnostics, "mentions": mentions, "seen_with_mentions": floor}
    bounded = replace(total, upper=max(upper, total.upper), diagnostics=diagnostics, draws=draws)
    return replace(result, total=bounded)


def _kept(frame: pd.DataFrame, systems: Sequence[str], by: tuple[str, ...]) -> set[tuple[Any, ...]]:
    """The strata of the first imputation `frame` that are estimated on their own: ALONE
    or more seen, and not refused."""
    kept = set()
    for key, part in strata_of(frame, by) if by else ():
        used = [c for c in systems if part[c].any()]
        table = CaptureTable.from_histories(part, used)
        if table.observed >= ALONE and not table_reasons(table):
            kept.add(stratum_key(key))
    return kept


def _merged(frame: pd.DataFrame, kept: set[tuple[Any, ...]], by: tuple[str, ...]) -> pd.DataFrame:
    """The frame with every stratum not `kept` (too small or refused on the first
    imputation, or not there) relabelled OTHER in each `by` column."""
    if not by:
        return frame
    own = pd.MultiIndex.from_frame(frame[list(by)].astype(str))
    small = ~own.isin(list(kept))
    if small.any():
        frame = frame.copy()
        frame[list(by)] = frame[list(by)].astype(object)
        frame.loc[small, list(by)] = OTHER
    return frame


def _estimate_groups(
    groups: dict[tuple[Any, ...], list[CaptureTable]],
    *,
    by: tuple[str, ...],
    method: str,
    seed: int | None,
    level: float,
    lcmcr: LcmcrSettings | None,
    progress: Tally,
) -> tuple[list[tuple[dict[str, Any], Estimate]], list[Refusal]]:
    """Each stratum's estimate pooled over its tables, or its refusal."""
    results: list[tuple[dict[str, Any], Estimate]] = []
    refused: list[Refusal] = []
    usable: dict[tuple[Any, ...], list[CaptureTable]] = {}
    for key, tables in groups.items():
        fit = [t for t in tables if not table_reasons(t)]
        if len(fit) * 2 > len(tables):
            usable[key] = fit
        else:
            observed = round(float(np.median([t.observed for t in tables])))
            reasons = table_reasons(tables[0])
            message = "; ".join(r.message for r in reasons) or "too few imputations usable"
            stratum = dict(zip(by, key, strict=True))
            refused.append(Refusal(stratum, observed, (Reason("refused", message),)))
    keys = list(usable)
    seeds = [None if seed is None else seed + i for i in range(len(keys))]
    pooled: list[Estimate | EstimationRefused]
    if method == "lcmcr":
        pooled = list(
            estimate_partitions(
                [usable[k] for k in keys], lcmcr, seeds=seeds, level=level, progress=progress
            )
        )
    else:
        pooled = []
        progress(0, len(keys))
        for key, stratum_seed in zip(keys, seeds, strict=True):
            pooled.append(_pool(usable[key], method, stratum_seed, level))
            progress(len(pooled), len(keys))
    for key, got in zip(keys, pooled, strict=True):
        if isinstance(got, EstimationRefused):
            stratum = dict(zip(by, key, strict=True))
            refused.append(Refusal(stratum, usable[key][0].observed, tuple(got.reasons)))
        else:
            results.append((dict(zip(by, key, strict=True)), got))
    return results, refused


def _pool(
    tables: list[CaptureTable], method: str, seed: int | None, level: float
) -> Estimate | EstimationRefused:
    """A likelihood method's estimates of each table, their draws mixed in equal numbers
    (each table's from a log-normal fitted to its interval, `strata.stratum_draws`)."""
    distinct: dict[tuple[tuple[str, ...], bytes], CaptureTable] = {}
    for table in tables:  # equal tables (partitions that agree in a stratum) are fitted once
        distinct.setdefault((table.lists, table.counts.tobytes()), table)
    fitted = estimate_tables(
        list(distinct.values()), method, seeds=[seed] * len(distinct), level=level
    )
    of_key = dict(zip(distinct, fitted, strict=True))
    found = [of_key[(t.lists, t.counts.tobytes())] for t in tables]
    done = [e for e in found if isinstance(e, Estimate)]
    if not done:
        first = found[0]
        return first if isinstance(first, EstimationRefused) else EstimationRefused([])
    rng = np.random.default_rng(seed)
    each = COMBINED_DRAWS // len(done)
    draws = np.concatenate([stratum_draws(e, each, rng) for e in done])
    tail = (1.0 - level) / 2.0
    lower, median, upper = np.quantile(draws, [tail, 0.5, 1.0 - tail])
    base = done[0]
    return replace(
        base,
        observed=round(float(np.median([e.observed for e in done]))),
        estimate=float(median),
        lower=float(lower),
        upper=float(upper) if all(e.upper is not None for e in done) else None,
        diagnostics={
            **base.diagnostics,
            "partitions": len(done),
            "partition_estimates": [e.estimate for e in done],
        },
        warnings=tuple({w.code: w for e in done for w in e.warnings}.values()),
        draws=draws,
    )
