"""`headcount estimate`: the estimate of the total, seen and unseen, from the store.

Reads the current linkage run's persons as accounting counts them on a date, builds their
capture histories over systems (`histories.person_histories`) under several plausible partitions
of the records drawn from the linkage (`partitions`, `linkage.alternatives`), estimates each
stratum pooled over them and combines the strata into a total (`pooled`), whose lower limits go
down to the lower limits on the partition that joins the model's doubtful links, its possible
fragments folded (`floor`, `fragments`). Mentions are in no capture history and no capture
(`histories`); they are reported apart, and the total's upper limit allows them all to be
persons beyond those seen (`pooled.with_mentions`). Systems are sources, or sources grouped by
publisher or kind, or groups named by the analyst (a YAML mapping of system name to source
names); a source no group names is a system of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from headcount.accounting.origin import other_countries
from headcount.accounting.rules import Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import UNATTRIBUTED, Evidence, day_number, load_evidence
from headcount.estimation.catalogue import DEFAULT_METHOD, SEED, STRATA, SYSTEM_GROUPINGS
from headcount.estimation.errors import Reason
from headcount.estimation.fragments import Folding, folded
from headcount.estimation.histories import person_histories
from headcount.estimation.lcmcr import LcmcrSettings, load_sampler
from headcount.estimation.methods import check_lcmcr_settings, parse_methods
from headcount.estimation.partitions import Linkage, partition_histories, read_linkage
from headcount.estimation.pooled import IMPUTATIONS, OTHER, estimate_imputations, with_mentions
from headcount.estimation.results import METHOD_VERSION, Estimate
from headcount.estimation.strata import Refusal, StratifiedEstimate, stratum_label
from headcount.estimation.trust import with_warnings
from headcount.model.progress import Tally, untold
from headcount.storage import Store
from headcount.storage.migrate import require_current


@dataclass(frozen=True)
class StoreEstimate:
    """A stratified estimate from the store, with what it estimates and from what."""

    as_of: date
    known_on: date | None
    run_id: int
    systems: dict[str, list[str]]
    result: StratifiedEstimate
    mentions: int = 0
    """Persons whose records carry nothing beyond a name: in no capture history."""

    def definition(self, stratum: Mapping[str, Any]) -> str:
        """What a row estimates, in words."""
        knowledge = f"known on {self.known_on}" if self.known_on else "known now"
        where = ", ".join(f"{k} {v}" for k, v in stratum.items()) or "all strata"
        return (
            f"persons who had left by {self.as_of} ({knowledge}), {where}: "
            "those the sources recorded and those none recorded"
        )

    def of_country(self, country: str) -> dict[str, Any]:
        """A country's estimate or refusal, JSON-ready, from strata by country: its own
        stratum's, or for a country too small to estimate alone that of the stratum
        `other` which holds it, marked `within: "other"`; for the unknown country, a
        refusal saying its persons are apportioned."""
        if country == UNATTRIBUTED:
            apportioned = self.result.total.diagnostics.get("unattributed_apportioned", 0)
            spread = Reason(
                "apportioned",
                "no record places these persons: each estimate apportions them over the "
                "countries, and the total counts them",
            )
            return Refusal({"country": country}, int(apportioned), (spread,)).to_dict()
        found = self._stratum(country)
        if found is None:
            found = self._stratum(OTHER)
            if found is not None:
                found["within"] = OTHER
        if found is None:
            nowhere = Reason("not_estimated", "no person of this country is counted on the date")
            found = Refusal({"country": country}, 0, (nowhere,)).to_dict()
        return found

    def _stratum(self, country: str) -> dict[str, Any] | None:
        for key, est in self.result.strata:
            if key.get("country") == country:
                return {**est.to_dict(), "definition": self.definition(key)}
        for refusal in self.result.refused:
            if refusal.stratum.get("country") == country:
                return refusal.to_dict()
        return None

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per stratum (estimate or refusal), then the total."""
        by = self.result.by
        if not by:
            return [self._row({}, self.result.total)]
        out = [self._row(key, est) for key, est in self.result.strata]
        for refusal in self.result.refused:
            reasons = "; ".join(r.message for r in refusal.reasons)
            out.append(
                {**self._blank(refusal.stratum), "kind": "refusal", "observed": refusal.observed}
                | {"warnings": reasons, "definition": self.definition(refusal.stratum)}
            )
        out.sort(key=lambda r: tuple(str(r[k]) for k in by))
        total = self._row({k: "all" for k in by}, self.result.total)
        total["definition"] = self.definition(total_scope(self.result))
        return [*out, total]

    def _blank(self, stratum: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **{k: stratum.get(k, "") for k in self.result.by},
            "kind": "",
            "observed": None,
            "estimate": None,
            "lower": None,
            "upper": None,
            "level": None,
            "method": "",
            "model": "",
            "systems": "",
            "definition": "",
            "warnings": "",
        }

    def _row(self, stratum: Mapping[str, Any], est: Estimate) -> dict[str, Any]:
        data = est.to_dict()
        return {
            **self._blank(stratum),
            "kind": data["kind"],
            "observed": est.observed,
            "estimate": data["estimate"],
            "lower": data["lower"],
            "upper": data["upper"],
            "level": est.level,
            "method": est.method,
            "model": est.model,
            "systems": len(est.lists),
            "definition": self.definition(stratum),
            "warnings": "; ".join(w.message for w in est.warnings),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the question, the systems, and the stratified result."""
        data = self.result.to_dict()
        for stratum in data["strata"]:
            stratum["definition"] = self.definition(stratum["stratum"])
        for refusal in data["refused"]:
            refusal["definition"] = self.definition(refusal["stratum"])
        data["total"]["definition"] = self.definition(total_scope(self.result))
        return {
            "kind": "estimate",
            "as_of": self.as_of.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "run_id": self.run_id,
            "systems": self.systems,
            "mentions": self.mentions,
            **data,
            "method_version": METHOD_VERSION,
        }


def read_systems(path: Path) -> dict[str, list[str]]:
    """Systems from a YAML file: each system's name, then the list of its source names."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read systems: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path}: expected a mapping of system name to a list of sources")
    out: dict[str, list[str]] = {}
    for name, group in data.items():
        if not isinstance(group, list) or not all(isinstance(g, str) for g in group) or not group:
            raise ValueError(f"{path}: system {name!r}: expected a list of source names")
        out[str(name)] = group
    twice = sorted({s for g in out.values() for s in g if sum(s in h for h in out.values()) > 1})
    if twice:
        raise ValueError(f"{path}: sources in more than one system: {', '.join(twice)}")
    return out


def total_scope(result: StratifiedEstimate) -> dict[str, str]:
    """The total's stratum in words: every stratum, or the ones it covers."""
    if not result.refused:
        return {}
    covered = "; ".join(stratum_label(key) for key, _ in result.strata)
    return {"covering": covered}


def estimate_store(
    store: Store,
    as_of: date,
    known_on: date | None = None,
    *,
    by: Sequence[str] = (),
    method: str = DEFAULT_METHOD,
    group_by: str = "source",
    systems: Mapping[str, Sequence[str]] | None = None,
    rules: Rules | None = None,
    seed: int | None = SEED,
    lcmcr: LcmcrSettings | None = None,
    run_id: int | None = None,
    imputations: int = IMPUTATIONS,
    progress: Tally = untold,
) -> StoreEstimate:
    """Estimate the persons who had left by `as_of` (with what was known on `known_on`),
    seen and unseen, per stratum of `by` (STRATA) and in total, by one `method`: reads the
    run (`run_id`, default the current one: a run from a simulator's truth compares) and
    calls `estimate_evidence`, which says the rest."""
    _checked(by, method, lcmcr)
    require_current(store)
    with store.reading() as connection:
        evidence = load_evidence(connection, run_id)
        # LCMCR's compiled sampler and ArviZ take seconds to load: while partitions are drawn
        loading = load_sampler if method == "lcmcr" else None
        linkage = read_linkage(connection, evidence.run_id, imputations, loading)
    return estimate_evidence(
        evidence,
        linkage,
        as_of,
        known_on,
        by=by,
        method=method,
        group_by=group_by,
        systems=systems,
        rules=rules,
        seed=seed,
        lcmcr=lcmcr,
        imputations=imputations,
        progress=progress,
    )


def estimate_evidence(
    evidence: Evidence,
    linkage: Linkage,
    as_of: date,
    known_on: date | None = None,
    *,
    by: Sequence[str] = (),
    method: str = DEFAULT_METHOD,
    group_by: str = "source",
    systems: Mapping[str, Sequence[str]] | None = None,
    rules: Rules | None = None,
    seed: int | None = SEED,
    lcmcr: LcmcrSettings | None = None,
    imputations: int = IMPUTATIONS,
    progress: Tally = untold,
) -> StoreEstimate:
    """The estimate every interface shows (CLI, API, web page, reports), from accounting's
    evidence and the run's `linkage`.

    Systems are named by `systems` (system → source names) or formed by `group_by`;
    `lcmcr` overrides LCMCR's settings. Each stratum is pooled over the partitions drawn
    from the linkage (the current persons alone, as certain, when none were drawn), with
    countries drawn for persons of unknown country (`pooled`), and carries the warnings of
    `trust`. `progress` is told the strata estimated (for LCMCR, the sweeps run)."""
    methods = _checked(by, method, lcmcr)
    system_of = _systems(linkage.listed, group_by, systems)
    snapshot = partial(Snapshot, as_of=as_of, known_on=known_on, rules=rules or Rules())
    variants = [evidence, *(evidence.with_persons(p) for p in linkage.drawn.values())]
    if linkage.joined:
        variants.append(evidence.with_persons(linkage.joined))
    every = [person_histories(snapshot(v), system_of) for v in variants]
    names = sorted({s for h in every for s in h.systems})
    frames = [
        partition_histories(h, v, linkage.pairs).reindex(
            columns=[*h.frame.columns[:4], *names], fill_value=0
        )
        for h, v in zip(every, variants, strict=True)
    ]
    folding: Callable[[], Folding] | None = None
    if linkage.joined:  # folded while the pooled chains run (`estimate_imputations`)
        joined = frames.pop()
        folding = cache(
            partial(folded, joined, names, variants[-1], linkage.elements, linkage.traits)
        )
    current, frames = frames[0], frames[1:] or frames
    if len(frames) == 1 and imputations > 1 and _unattributed(frames[0], by):
        frames *= imputations  # one partition, but countries to draw for the unattributed
    result = estimate_imputations(
        frames,
        names,
        by=by,
        method=methods[0],
        seed=seed,
        lcmcr=lcmcr,
        floor=None if folding is None else lambda: folding().frame,
        progress=progress,
    )
    if folding is not None:
        total = result.total
        diagnostics = {**total.diagnostics, "floor_folded": folding().folded}
        result = replace(result, total=replace(total, diagnostics=diagnostics))
    runner_up = _runner_up(evidence, known_on) if "country" in by else None
    modelled = bool(len(linkage.pairs.left))
    result = with_warnings(
        result,
        current,
        names,
        modelled=modelled,
        runner_up=runner_up,
        one_list=None if folding is None else folding().one_list,
    )
    mentions = every[0].mentions
    result = with_mentions(result, mentions)
    members: dict[str, list[str]] = {}
    for source_id, name, *_ in linkage.listed:
        members.setdefault(system_of[source_id], []).append(name)
    used = {s: sorted(members[s]) for s in names}
    return StoreEstimate(as_of, known_on, evidence.run_id, used, result, mentions)


def _runner_up(evidence: Evidence, known_on: date | None) -> dict[str, str]:
    """Each person's runner-up country (`accounting.origin.other_countries`) by key, from
    the records known on `known_on`; persons with none are left out."""
    first = evidence.records["first_reported"].to_numpy()
    known = first <= day_number(known_on) if known_on else np.ones(len(first), dtype=bool)
    codes = other_countries(evidence, known)
    has = np.flatnonzero(codes >= 0)
    keys, countries = evidence.person_keys[has], evidence.countries[codes[has]]
    return dict(zip(keys.tolist(), countries.tolist(), strict=True))


def _checked(by: Sequence[str], method: str, lcmcr: LcmcrSettings | None) -> list[str]:
    """The one method asked for; ValueError for unknown strata, several methods, or LCMCR
    settings given to another method."""
    unknown = [b for b in by if b not in STRATA]
    if unknown:
        raise ValueError(f"--by takes {', '.join(STRATA)}, not {', '.join(unknown)}")
    methods = parse_methods(method)
    if len(methods) != 1:
        raise ValueError("give one method; compare methods with estimate-table")
    check_lcmcr_settings(methods, lcmcr)
    return methods


def _unattributed(frame: pd.DataFrame, by: Sequence[str]) -> bool:
    """Whether strata by country hold persons of unknown country, to be apportioned."""
    return "country" in by and bool((frame["country"] == UNATTRIBUTED).any())


def _systems(
    listed: Sequence[Any], group_by: str, systems: Mapping[str, Sequence[str]] | None
) -> dict[int, str]:
    """Source id → system name."""
    if systems is not None:
        names = {row.name for row in listed}
        named = {source: system for system, group in systems.items() for source in group}
        missing = sorted(set(named) - names)
        if missing:
            raise ValueError(f"systems name sources the store does not hold: {missing}")
        return {row.id: named.get(row.name, row.name) for row in listed}
    if group_by not in SYSTEM_GROUPINGS:
        raise ValueError(f"--group-by takes {', '.join(SYSTEM_GROUPINGS)}, not {group_by!r}")
    attribute = {"source": "name", "publisher": "publisher", "kind": "kind"}[group_by]
    return {row.id: str(getattr(row, attribute) or row.name) for row in listed}
