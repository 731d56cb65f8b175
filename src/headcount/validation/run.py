"""One validation: per seed, a simulated population through the whole pipeline, both ways.

For each seed, `validate_seed` simulates a population of the scenario, writes its files,
ingests them into a fresh SQLite store, saves the simulator's truth as a linkage run
(perfect linkage) and links the records with headcount's own model. On the date `as_of`
(default: the scenario's focus date) it then measures, for each linkage:

- counts: in how many country × status cells of `MIN_CELL` or more persons under perfect
  linkage the interval holds that perfect-linkage count (the count's claim: what the
  records show, linkage error included), per status;
- estimates: in how many country strata the interval holds the true number who had left
  by `as_of` (every simulated person, seen or not); the total's interval, its bias and its
  width against the true total. A stratum `other` (small countries estimated together)
  is held to the sum of its countries' truths. A miss with no warning on its stratum is
  a *silent* miss: the number no user could have been warned of. Each warning's record
  is kept too: on how many strata it fired, and on how many of them the interval missed
  (its precision; over the misses, its recall).

Nothing here is a test of the simulator: the same truth files a user gets from
`headcount simulate` are the yardstick.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from headcount.accounting.counts import ALL, Counts, count_evidence, linkage_alternatives
from headcount.accounting.timeline import MENTIONS, load_evidence
from headcount.accounting.truth import link_from_truth
from headcount.estimation.catalogue import DEFAULT_METHOD
from headcount.estimation.errors import EstimationRefused
from headcount.estimation.pooled import OTHER
from headcount.estimation.store import estimate_store
from headcount.ingest import ingest_path
from headcount.linkage.link import link
from headcount.model.progress import Tally, untold
from headcount.simulate import get_scenario, simulate, write
from headcount.storage import Store, connect, upgrade
from headcount.storage.runs import latest_runs_by_engine

MIN_CELL = 20
"""Count cells smaller than this under perfect linkage are not scored (too few to say)."""
LINKAGES = ("own", "perfect")
FLOOR_FIGURES = ("linkage_floor", "pooled_lower")
"""The diagnostics of a stratum's floor kept in `SeedResult.rows`."""
USER = "validate"


@dataclass(frozen=True)
class Scored:
    """How often intervals held the truth: `inside` of `cells`, per group."""

    inside: Counter[str] = field(default_factory=Counter)
    cells: Counter[str] = field(default_factory=Counter)

    def add(self, group: str, held: bool) -> None:
        self.cells[group] += 1
        self.inside[group] += int(held)

    def share(self, group: str | None = None) -> float | None:
        n = self.cells[group] if group else sum(self.cells.values())
        k = self.inside[group] if group else sum(self.inside.values())
        return k / n if n else None


@dataclass(frozen=True)
class TotalCheck:
    """The total's estimate against the truth."""

    truth: int
    estimate: float
    lower: float
    upper: float | None

    @property
    def held(self) -> bool:
        return self.lower <= self.truth <= (self.upper if self.upper is not None else float("inf"))


@dataclass
class SeedResult:
    """One seed's measures, per linkage (`own`, `perfect`)."""

    seed: int
    counts: dict[str, Scored] = field(default_factory=dict)
    strata: dict[str, Scored] = field(default_factory=dict)
    totals: dict[str, TotalCheck] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    mentions: dict[str, int] = field(default_factory=dict)
    unattributed: dict[str, int] = field(default_factory=dict)
    """Persons of unknown country, apportioned over the countries (median over imputations)."""
    misses: dict[str, list[str]] = field(default_factory=dict)
    silent: dict[str, int] = field(default_factory=dict)
    """Strata whose interval missed the truth with no warning on them."""
    warned: dict[str, Scored] = field(default_factory=dict)
    """Per warning code, the strata it fired on (`cells`) and those that missed (`inside`)."""
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Per stratum: its country, the truth, the estimate, its interval, whether it held,
    its warnings and the floor's figures (`linkage_floor`, `pooled_lower`), to weigh a
    warning against the misses after the run."""


@dataclass(frozen=True)
class Validation:
    """Every seed's result, with what was run."""

    persons: int
    scenario: str
    method: str
    as_of: date
    seeds: tuple[SeedResult, ...]

    def summary(self) -> list[dict[str, Any]]:
        """One row per linkage: coverage of counts (all and per status), of strata, of the
        total; mean bias and width of the total relative to the truth."""
        rows = []
        for linkage in LINKAGES:
            counts, strata = Scored(), Scored()
            for s in self.seeds:
                for scored, into in (
                    (s.counts.get(linkage), counts),
                    (s.strata.get(linkage), strata),
                ):
                    if scored is not None:
                        into.inside.update(scored.inside)
                        into.cells.update(scored.cells)
            totals = [s.totals[linkage] for s in self.seeds if linkage in s.totals]
            rows.append(
                {
                    "linkage": linkage,
                    "count_cells": sum(counts.cells.values()),
                    "count_coverage": counts.share(),
                    "count_coverage_by_status": {g: counts.share(g) for g in sorted(counts.cells)},
                    "strata": sum(strata.cells.values()),
                    "strata_coverage": strata.share(),
                    "silent_misses": sum(s.silent.get(linkage, 0) for s in self.seeds),
                    "strata_missed": sum(strata.cells.values()) - sum(strata.inside.values()),
                    "warnings_fired_missed": _warned(self.seeds, linkage),
                    "totals_held": sum(t.held for t in totals),
                    "totals": len(totals),
                    "total_bias": _mean([(t.estimate - t.truth) / t.truth for t in totals]),
                    "total_width": _mean(
                        [((t.upper or float("inf")) - t.lower) / t.truth for t in totals]
                    ),
                    "total_upper_ratio": max(
                        ((t.upper or float("inf")) / t.truth for t in totals), default=None
                    ),
                }
            )
        return rows


def _warned(seeds: Sequence[SeedResult], linkage: str) -> dict[str, list[int]]:
    """Per warning code, [strata it fired on, of which missed], over the seeds."""
    fired: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for seed in seeds:
        found = seed.warned.get(linkage)
        if found is not None:
            fired.update(found.cells)
            missed.update(found.inside)
    return {code: [fired[code], missed[code]] for code in sorted(fired)}


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


STEPS = 5
"""Steps per seed, for `progress`: simulate, ingest, link (skipped when the store is kept
from an earlier run), then the measures with the own and with perfect linkage."""


def validate(
    persons: int,
    seeds: Sequence[int],
    *,
    scenario: str = "default",
    method: str = DEFAULT_METHOD,
    as_of: date | None = None,
    work: Path | None = None,
    progress: Tally = untold,
) -> Validation:
    """Run `validate_seed` on every seed (in `work`, kept, or a temporary folder);
    `progress` is told the steps done of every seed's (`STEPS` each)."""
    when = as_of or date.fromisoformat(get_scenario(scenario).focus_date)
    total = STEPS * len(seeds)
    with tempfile.TemporaryDirectory() as tmp:
        folder = work or Path(tmp)
        results = tuple(
            validate_seed(
                persons,
                seed,
                folder,
                scenario=scenario,
                method=method,
                as_of=when,
                progress=partial(_told, progress, STEPS * i, total),
            )
            for i, seed in enumerate(seeds)
        )
    return Validation(persons, scenario, method, when, results)


def validate_seed(
    persons: int,
    seed: int,
    work: Path,
    *,
    scenario: str,
    method: str,
    as_of: date,
    progress: Callable[[int], None] = lambda _: None,
) -> SeedResult:
    """One population through the pipeline, measured both ways (module doc); `progress`
    is told the number of its steps done (of `STEPS`)."""
    folder = work / f"{scenario}-{persons}-{seed}"
    store = _linked_store(persons, seed, scenario, folder, progress)
    result = SeedResult(seed)
    try:
        own, perfect = _runs(store)
        truth_counts = _count(store, perfect, as_of, alternatives=False)
        for step, (linkage, run) in enumerate((("own", own), ("perfect", perfect)), start=4):
            counts = truth_counts if linkage == "perfect" else _count(store, run, as_of)
            result.counts[linkage] = _score_counts(truth_counts, counts)
            _score_estimate(result, linkage, store, run, as_of, method, folder)
            progress(step)
    finally:
        store.close()
    return result


def _told(progress: Tally, before: int, total: int, step: int) -> None:
    progress(before + step, total)


def _linked_store(
    persons: int, seed: int, scenario: str, folder: Path, progress: Callable[[int], None]
) -> Store:
    """The population's store, ingested and linked both ways (made once per folder)."""
    database = folder / "headcount.sqlite"
    if not database.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write(simulate(persons, seed, scenario=scenario), folder)
        progress(1)
        store = connect(f"sqlite:///{database}")
        upgrade(store)
        ingest_path(store, folder / "sources", user=USER)
        progress(2)
        link_from_truth(store, folder / "truth" / "links.csv", user=USER)
        link(store, user=USER)
        store.close()
    progress(3)
    return connect(f"sqlite:///{database}")


def _runs(store: Store) -> tuple[int, int]:
    """The latest run of every record by the model, and by the truth."""
    with store.reading() as connection:
        found = latest_runs_by_engine(connection)
    return int(found["duckdb"]), int(found["truth"])


def _count(store: Store, run: int, as_of: date, *, alternatives: bool = True) -> Counts:
    with store.reading() as connection:
        evidence = load_evidence(connection, run)
        others = linkage_alternatives(connection, run) if alternatives else {}
    return count_evidence(evidence, as_of, alternatives=others)


def _score_counts(truth: Counts, ours: Counts) -> Scored:
    """Cells of MIN_CELL or more under perfect linkage: does our interval hold them?"""
    scored = Scored()
    for row in truth.rows:
        if row.country in (ALL, MENTIONS):
            continue
        for column, cell in [("departed", row.departed), *row.statuses.items()]:
            if cell.value < MIN_CELL:
                continue
            mine = ours.row(row.country)
            got = None
            if mine is not None:
                got = mine.departed if column == "departed" else mine.statuses[column]
            scored.add(column, got is not None and got.low <= cell.value <= got.high)
    return scored


def _score_estimate(
    result: SeedResult,
    linkage: str,
    store: Store,
    run: int,
    as_of: date,
    method: str,
    folder: Path,
) -> None:
    truth = true_departed(folder, as_of)
    try:
        found = estimate_store(store, as_of, by=["country"], method=method, run_id=run)
    except EstimationRefused as refusal:
        result.refused[linkage] = refusal.message
        return
    strata = Scored()
    named = {key["country"] for key, _ in found.result.strata}
    other = sum(v for c, v in truth.items() if c not in named)
    misses, silent, warned, rows = [], 0, Scored(), []
    for key, est in found.result.strata:
        country = key["country"]
        value = other if country == OTHER else truth.get(country, 0)
        held = est.lower <= value <= (est.upper if est.upper is not None else float("inf"))
        strata.add("country", held)
        rows.append(
            {
                "country": country,
                "truth": value,
                "observed": est.observed,
                "estimate": est.estimate,
                "lower": est.lower,
                "upper": est.upper,
                "held": held,
                "warnings": sorted({w.code for w in est.warnings}),
                **{k: est.diagnostics[k] for k in FLOOR_FIGURES if k in est.diagnostics},
            }
        )
        for code in {w.code for w in est.warnings}:
            warned.add(code, not held)
        if not held:
            codes = ", ".join(w.code for w in est.warnings) or "NO WARNING"
            misses.append(
                f"{country}: {est.estimate:,.0f} ({est.lower:,.0f}–"
                f"{est.upper or float('inf'):,.0f}) for {value:,} [{codes}]"
            )
            silent += not est.warnings
    total = found.result.total
    result.strata[linkage] = strata
    result.totals[linkage] = TotalCheck(
        sum(truth.values()), total.estimate, total.lower, total.upper
    )
    result.mentions[linkage] = found.mentions
    result.unattributed[linkage] = int(total.diagnostics.get("unattributed_apportioned", 0))
    result.misses[linkage] = misses
    result.silent[linkage] = silent
    result.warned[linkage] = warned
    result.rows[linkage] = rows


def true_departed(folder: Path, as_of: date) -> Counter[str]:
    """Per country, the simulated persons who had left by `as_of` (seen or not)."""
    out: Counter[str] = Counter()
    with (folder / "truth" / "persons.csv").open(newline="", encoding="utf-8") as handle:
        for person in csv.DictReader(handle):
            left = person["departed"][:10]
            if left and date.fromisoformat(left) <= as_of:
                out[person["country"]] += 1
    return out
