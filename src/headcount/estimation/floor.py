"""The linkage floor: how low an estimate could go were the model's doubtful links right.

Partitions drawn from the pair probabilities (`pooled`) carry the uncertainty of the pairs
the model scored; they cannot carry the fragments of persons whose records it scored low
or never compared, which are in every draw. Each fragment reads as one more person one
list recorded, so with headcount's own linkage the pooled estimates run high (on the
default scenario at 2,000 persons, seeds 2001-2003: +0.2% to +6.8%, the total's lower
limit above the truth once in three). The *joined* partition links every scored pair the
model gives at least the lower neighbouring threshold (`linkage.alternatives`: odds eight
times below the run's threshold; 0.11 for a run at 0.5), the same partition the counts'
lower limits use. It still holds the fragments no scored pair reaches (on `afp-2017`, 2,000
persons, seeds 3001-3003: 70-81 of 185-206 extra persons), so since method 1.7 its
histories have their possible fragments folded into their partners (`fragments`) before it
is estimated: it then has fewer fragments than the truth, and more false joins, and its
estimate lies below. The *floor* of a stratum is the lower limit of its estimate there
(since 1.7; up to 1.6, on the joined partition alone, its point estimate), and
`with_floor` lowers each interval's lower limit to its floor where the floor is lower.

The floor is a bound from the linkage's side, not a second estimate: the point estimate
and the upper limit stay those of the pooled partitions. A run without scored pairs (a
truth, persons saved by hand) has no floor. Since method 1.10 its LCMCR chains stop early
at half the effective draws (200) and at most a quarter of the fixed schedule's sampling
sweeps (`floor_settings`): only the lower limit is read, and the slowest strata's floors
took a fifth of every chain's sweeps at 40,000 persons.

Invariant: a floor only ever lowers a lower limit; strata and their keys are unchanged.
"""

from __future__ import annotations

import math
from dataclasses import replace

from headcount.estimation.lcmcr import LcmcrSettings
from headcount.estimation.results import Caveat, Estimate
from headcount.estimation.strata import StratifiedEstimate, stratum_key
from headcount.linkage.alternatives import ScoredRun, neighbouring_thresholds

JOINED = "joined"
"""The label of the joined partition's person keys."""
MISSED_ROOM = 0.5
"""`missed_links` fires where the floor lies below the pooled lower limit by more than this
share of the pooled interval's width (docs/methodology/estimation.md, version 1.7)."""

FLOOR_DRAWS = 0.5
"""The share of the effective draws asked of the pooled estimate that the floor's chains stop
at (version 1.10)."""
FLOOR_SWEEPS = 0.25
"""The share of the fixed schedule's sampling sweeps (samples x thinning) that the floor's
chains run at most (version 1.10)."""


def floor_settings(settings: LcmcrSettings | None) -> LcmcrSettings:
    """The LCMCR settings of the floor's estimate: those given, stopping early at
    FLOOR_DRAWS of their effective draws and after at most FLOOR_SWEEPS of their sampling
    sweeps (the burn-in kept); a fixed schedule (R's, asked for) is kept as it is."""
    given = settings or LcmcrSettings()
    if not given.stop_early:
        return given
    return replace(
        given,
        ess_target=given.ess_target * FLOOR_DRAWS,
        thinning=max(int(given.thinning * FLOOR_SWEEPS), 1),
    )


def joined_threshold(run: ScoredRun) -> dict[str, float]:
    """The joined partition's label and threshold, the run's lower neighbouring threshold
    (module doc), as `linkage.alternatives.clusterings` takes them."""
    return {JOINED: neighbouring_thresholds(run.threshold)["lower"]}


def with_floor(result: StratifiedEstimate, floor: StratifiedEstimate) -> StratifiedEstimate:
    """The result with each lower limit lowered to the lower limit of the floor's estimate
    of the same stratum where that is lower (the total's to the floor's total's), and
    `missed_links` where the floor lies below by more than MISSED_ROOM of the room between
    the pooled lower and upper limits."""
    floors = {stratum_key(key): est.lower for key, est in floor.strata}
    strata = tuple((key, _lowered(est, floors.get(stratum_key(key)))) for key, est in result.strata)
    return replace(result, strata=strata, total=_lowered(result.total, floor.total.lower))


def _lowered(estimate: Estimate, floor: float | None) -> Estimate:
    if floor is None:
        return estimate
    diagnostics = {**estimate.diagnostics, "linkage_floor": floor}
    if floor >= estimate.lower:
        return replace(estimate, diagnostics=diagnostics)
    diagnostics["pooled_lower"] = estimate.lower
    lowered = replace(estimate, lower=floor, diagnostics=diagnostics)
    room = (estimate.upper if estimate.upper is not None else math.inf) - estimate.lower
    if estimate.lower - floor <= MISSED_ROOM * room:
        return lowered
    missed = Caveat(
        "missed_links",
        f"were the doubtful links and the possible fragments joined, the lower limit would "
        f"be {floor:,.0f}, far below the {estimate.lower:,.0f} the drawn partitions give: "
        "the interval goes down to it, and the point estimate may be too high (persons the "
        "linkage split read as persons one list recorded)",
    )
    known = {w.code for w in estimate.warnings}
    warnings = estimate.warnings if missed.code in known else (*estimate.warnings, missed)
    return replace(lowered, warnings=warnings)
