"""What LCMCR's results say about themselves: convergence figures, the schedule that ran,
and the warnings R's package does not give (chains that disagree, few effective draws,
latent classes used up, an upper limit the prior rather than the data sets).

A posterior pooled over several partitions holds each partition's draws one after the
other in every chain. Its R-hat and effective draws are taken on those draws with each
partition's mean (over all its chains) removed: partitions that differ make a chain's
halves differ, which split R-hat and the rank-normalised effective sample size read as a
chain that has not converged, while a chain that strays from the others within a partition
still shows. (Partition by partition, the largest R-hat, was tried: each partition after
the first holds about 25 effective draws per chain, and the largest of ten such R-hats
passed 1.05 on 33 of 35 strata.) Up to estimation 1.7 they
were taken over the concatenation, and `few_effective_draws` fired on nearly every stratum
estimated with headcount's own linkage (62 of 66 on `afp-2017`, 10,000 persons) and on few
under perfect linkage: it said nothing about the stratum."""

from __future__ import annotations

from typing import Any

import numpy as np

from headcount.estimation.convergence import ess, rhat
from headcount.estimation.lcmcr_chains import WARMUP_SWEEPS, Posterior
from headcount.estimation.results import Caveat

RHAT_LIMIT = 1.05
ESS_MINIMUM = 400.0
CLASSES_FULL_LIMIT = 0.25
FAR_FACTOR = 20.0
"""R's LCMCR used to cap N at 21 times the observed; headcount warns beyond 20 instead."""


def diagnostics(
    draws: np.ndarray, posterior: Posterior, settings: dict[str, Any], seed: int | None
) -> dict[str, Any]:
    """Convergence figures, the schedule run and the settings, for the result and its
    warnings."""
    single = settings["chains"] < 2
    centred = _centred(draws, posterior.part_draws)
    enough = draws.shape[1] >= 4
    occupied = posterior.occupied
    return {
        "interval": "posterior quantiles",
        "posterior_mean": float(draws.mean()),
        "chain_medians": [float(np.median(c)) for c in draws],
        "rhat": None if single else rhat(centred),
        "ess": ess(centred) if enough else float(draws.size),
        "ess_tail": ess(centred, tail=True) if enough else float(draws.size),
        "sweeps_per_chain": WARMUP_SWEEPS + posterior.sweeps,
        "draws_per_chain": int(draws.shape[1]),
        "schedule": "early stop" if settings["stop_early"] else "fixed",
        "stopped_early": posterior.met_target,
        "occupied_classes_mean": float(occupied.mean()),
        "all_classes_occupied": float((occupied == settings["K"]).mean()),
        "settings": {**settings, "seed": seed},
    }


def _centred(draws: np.ndarray, part_draws: int) -> np.ndarray:
    """The (chains, draws) of a pooled posterior with each partition's mean over all its
    chains taken from its draws (module doc); the draws as they are when they are one
    partition's."""
    if part_draws <= 0 or draws.shape[1] <= part_draws or draws.shape[1] % part_draws:
        return draws
    chains, total = draws.shape
    parts = draws.reshape(chains, total // part_draws, part_draws)
    centred: np.ndarray = parts - parts.mean(axis=(0, 2), keepdims=True)
    return centred.reshape(chains, total)


def caveats(
    diagnostics: dict[str, Any], observed: int, upper: float, latent_classes: int
) -> list[Caveat]:
    """The warnings R's LCMCR does not give."""
    out = []
    r = diagnostics["rhat"]
    if isinstance(r, float) and r > RHAT_LIMIT:
        out.append(
            Caveat(
                "chains_disagree",
                f"the chains disagree (R-hat {r:.3f} > {RHAT_LIMIT}): the posterior was not "
                "explored; run longer or check the table for sparse lists",
            )
        )
    bulk, tail = diagnostics["ess"], diagnostics["ess_tail"]
    if isinstance(bulk, float) and isinstance(tail, float) and min(bulk, tail) < ESS_MINIMUM:
        out.append(
            Caveat(
                "few_effective_draws",
                f"only {min(bulk, tail):.0f} effective draws (< {ESS_MINIMUM:.0f}) in the "
                f"{'bulk' if bulk <= tail else 'tails'}: the "
                f"{'estimate' if bulk <= tail else 'interval'} is Monte Carlo noisy; "
                "run longer",
            )
        )
    full = diagnostics["all_classes_occupied"]
    if isinstance(full, float) and full > CLASSES_FULL_LIMIT:
        out.append(
            Caveat(
                "latent_classes_exhausted",
                f"all {latent_classes} latent classes were in use in {full:.0%} of "
                "the draws: the truncation binds; raise the number of classes (K)",
            )
        )
    if upper > FAR_FACTOR * observed:
        out.append(
            Caveat(
                "posterior_far_tail",
                f"the upper limit is more than {FAR_FACTOR:.0f} times the number observed: "
                "the data hardly bound N from above and the prior drives the interval",
            )
        )
    settings = diagnostics["settings"]
    if settings["chains"] < 2:
        out.append(Caveat("single_chain", "one chain cannot show disagreement; use several"))
    return out
