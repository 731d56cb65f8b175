"""Warnings where an estimate from the store cannot be trusted, carried in its result.

Multiple systems estimation reads persons recorded by one system only as evidence of many
never recorded. A missed link splits one person into fragments that look exactly like such
persons, so the warnings look for that and for the other ways an interval can mislead:

- `missed_links` (since method 1.7, set by `floor.with_floor`): the linkage floor lies
  below the interval the drawn partitions give, so the interval was stretched down to it
  and the point estimate may be too high (it replaces `one_list_duplicates`, which fired on
  every stratum of a large store and told no miss from a hold);
- `crowded_names` (since method 1.9): `CROWDED_SHARE` or more of a stratum's one-list
  persons on the floor's partition have several partners recorded elsewhere (a name element
  and birth years in common, nothing contradicting; `fragments`). The folding folds a
  person into its one partner only, so there it reaches almost none of the fragments, and
  the floor stays nearly where the drawn partitions are: with headcount's own linkage the
  whole interval can lie above the truth (on `afp-2017` at 10,000 persons, Russia's
  kunyas and nisbas, missed with no warning up to 1.8);
- `few_seen`: a stratum of fewer than `FEW_SEEN` persons seen, whose interval depends
  mostly on the model's prior and assumptions rather than on the data (since method 1.10
  below 75 rather than 50: strata of fewer than 50 are estimated in `other`, so the
  warning never fired on a country of its own, while at 40,000 simulated persons those of
  50-74 seen missed the truth about a quarter of the time, three times as often as the
  rest);
- `few_recaptures` (since method 1.5): fewer than `FEW_RECAPTURES` of a stratum's persons
  were seen by two systems or more. Recaptures are all an estimate of the unseen rests on;
  with so few, the model's classes extrapolate from a handful of overlaps (on the default
  scenario, seeds 2001-2003, perfect linkage: Morocco 119 (91-171) for 83 with 13
  recaptures, missed with no other warning);
- `country_uncertain` (strata by country): were every person's runner-up country
  (`accounting.origin.other_countries`: a dual national's other country, or the other side
  of contradicting records) right, the stratum would gain those placed elsewhere whose
  runner-up it is and lose those placed here whose runner-up is elsewhere; since method
  1.5 the warning fires when that net change is larger than the interval's room on its
  side (before, when either flow alone was: a country with many dual nationals both ways,
  whose flows cancel, was warned on every run);
- `pooled_strata`: the stratum `other`, which gathers the strata too small to estimate
  alone: their persons are recorded differently (a national list for one country, none for
  another), and pooling strata whose capture differs biases the estimate downwards;
- `linkage_not_evaluated`: the persons come from a linkage model, whose errors on data like
  these were never measured (`headcount validate` measures them on simulated data).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from headcount.estimation.pooled import OTHER
from headcount.estimation.results import Caveat, Estimate
from headcount.estimation.strata import StratifiedEstimate

FEW_SEEN = 75
FEW_RECAPTURES = 20
CROWDED_SHARE = 0.7
"""`crowded_names` fires where this share of a stratum's one-list persons, on the floor's
partition, have several partners (docs/methodology/estimation.md, version 1.9)."""


def with_warnings(
    result: StratifiedEstimate,
    frame: pd.DataFrame,
    systems: Sequence[str],
    *,
    modelled: bool,
    runner_up: Mapping[Any, str] | None = None,
    one_list: pd.DataFrame | None = None,
) -> StratifiedEstimate:
    """The result with the module's warnings added to its strata and total; `frame` is the
    current persons' histories (`person` and the strata columns), `modelled` whether a
    linkage model made the persons, `runner_up` each person's runner-up country (by person
    key; none: not checked), `one_list` the floor's one-list persons with `crowded`
    (`fragments.Folding`; none: not checked)."""
    captures = frame[list(systems)].sum(axis=1).to_numpy()
    runners = runner_up or {}
    other = np.array([runners.get(p, "") for p in frame["person"].tolist()], dtype=object)
    strata = []
    for key, estimate in result.strata:
        mine = _members(frame, key, result)
        found: list[Caveat] = []
        if one_list is not None:
            crowded = one_list["crowded"].to_numpy(dtype=bool)[_members(one_list, key, result)]
            found += _crowded(int(crowded.sum()), len(crowded))
        if runner_up is not None and "country" in key:
            arriving = int((~mine & (other == str(key["country"]))).sum())
            found += _country(estimate, arriving, int((mine & (other != "")).sum()))
        if OTHER in key.values():
            found.append(
                Caveat(
                    "pooled_strata",
                    "this stratum gathers the strata too small to estimate alone, whose "
                    "persons are recorded differently: pooling them biases the estimate "
                    "downwards",
                )
            )
        recaptured = int((mine & (captures >= 2)).sum())
        if recaptured < FEW_RECAPTURES:
            found.append(
                Caveat(
                    "few_recaptures",
                    f"only {recaptured} persons seen by two systems or more: the estimate "
                    "of the unseen rests on few overlaps",
                )
            )
        if estimate.observed < FEW_SEEN:
            found.append(
                Caveat(
                    "few_seen",
                    f"only {estimate.observed} persons seen: the interval depends mostly on "
                    "the model's prior and assumptions",
                )
            )
        strata.append((key, _add(estimate, found)))
    total: list[Caveat] = []
    if modelled:
        total.append(
            Caveat(
                "linkage_not_evaluated",
                "the persons come from a linkage model whose errors on data like these were "
                "never measured; missed links inflate the unseen (headcount validate "
                "measures how often estimates hold on simulated data)",
            )
        )
    return replace(result, strata=tuple(strata), total=_add(result.total, total))


def _members(frame: pd.DataFrame, key: Mapping[str, Any], result: StratifiedEstimate) -> np.ndarray:
    """Which rows of `frame` belong to the stratum `key` of `result` (for OTHER, the rows of
    no stratum estimated alone)."""
    mine = np.ones(len(frame), dtype=bool)
    for column, value in key.items():
        if value == OTHER:
            alone = {str(k[column]) for k, _ in result.strata if k[column] != OTHER}
            mine &= ~frame[column].astype(str).isin(alone).to_numpy()
        else:
            mine &= (frame[column].astype(str) == str(value)).to_numpy()
    return mine


def _crowded(crowded: int, one_list: int) -> list[Caveat]:
    """`crowded_names` when CROWDED_SHARE or more of the floor's `one_list` persons of a
    stratum have several partners."""
    if not one_list or crowded < CROWDED_SHARE * one_list:
        return []
    return [
        Caveat(
            "crowded_names",
            f"{crowded:,} of the {one_list:,} persons here recorded by one system only (once "
            "the doubtful links are joined) share a name element and birth years with "
            "several persons recorded by others: the linkage floor cannot tell whose "
            "fragments they may be, and the whole interval may lie above the truth",
        )
    ]


def _country(estimate: Estimate, arriving: int, leaving: int) -> list[Caveat]:
    """`country_uncertain` when the net change were every runner-up right (`arriving`
    persons in, `leaving` out) is larger than the interval's room on its side."""
    above = (estimate.upper if estimate.upper is not None else float("inf")) - estimate.estimate
    if arriving - leaving <= above and leaving - arriving <= estimate.estimate - estimate.lower:
        return []
    return [
        Caveat(
            "country_uncertain",
            f"{_persons(arriving)} placed in other countries {_have(arriving)} this one as "
            f"their runner-up country and {leaving:,} placed here {_have(leaving)} another "
            "(dual nationals, or records that contradict each other): were the runner-up "
            "right for them, the number would lie outside the interval",
        )
    ]


def _add(estimate: Estimate, caveats: list[Caveat]) -> Estimate:
    if not caveats:
        return estimate
    known = {w.code for w in estimate.warnings}
    return replace(
        estimate, warnings=(*estimate.warnings, *(c for c in caveats if c.code not in known))
    )


def _persons(count: int) -> str:
    return f"{count:,} person" if count == 1 else f"{count:,} persons"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"
