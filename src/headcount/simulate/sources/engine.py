"""Run the sources over the world: who each one records, and their records.

For each source in order: the eligible persons get an inclusion probability from the
source's `Coverage` (plus the scenario's shifts), a draw decides who is in, `render` writes
their records, and a share of them are entered twice (a duplicate with fresh noise). Each
source draws from its own random stream, derived from the seed and the source's name, so
the output is identical for an identical seed.

Invariant: every record says only what its file will say — events of kinds or fields the
source has no column for are dropped, tabular sources keep one event per kind.
"""

from __future__ import annotations

import zlib
from dataclasses import replace

import numpy as np

from headcount.simulate.sources.base import RenderContext, SimEvent, SimRecord, SourceSpec
from headcount.simulate.world import World


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream for one named part of the simulation."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def inclusion_probability(world: World, spec: SourceSpec) -> np.ndarray:
    """Each person's chance of being in `spec` (zero where not eligible)."""
    pop, cov = world.population, spec.coverage
    logit = cov.base + cov.visibility * pop.visibility
    shifts = {**cov.country, **world.scenario.coverage_shift.get(spec.name, {})}
    for country, shift in shifts.items():
        logit = logit + shift * (pop.country == country)
    for fate, shift in cov.fate.items():
        logit = logit + shift * (world.trajectories.fate == fate)
    logit = logit + cov.women * ((pop.sex == "f") & ~pop.minor) + cov.minors * pop.minor
    for other, shift in cov.depends_on.items():
        logit = logit + shift * world.included[other]
    return np.where(spec.eligible(world), 1 / (1 + np.exp(-logit)), 0.0)


def run_source(world: World, spec: SourceSpec, seed: int) -> list[SimRecord]:
    """Draw who `spec` records and write their records."""
    rng = stream(seed, spec.name)
    chosen = rng.random(len(world)) < inclusion_probability(world, spec)
    ctx = RenderContext(spec, spec.noise.scaled(world.scenario.noise_scale), rng)
    records: list[SimRecord] = []
    for i in np.flatnonzero(chosen).tolist():
        mine = spec.render(world, i, ctx)
        if mine and rng.random() < ctx.noise.duplicate:
            mine += spec.render(world, i, ctx)
        records.extend(conform(spec, r) for r in mine)
    seen = np.zeros(len(world), dtype=bool)
    seen[[r.person for r in records]] = True
    world.included[spec.name] = seen
    return records


def conform(spec: SourceSpec, record: SimRecord) -> SimRecord:
    """Drop what the source's file cannot say (see the module invariant)."""
    if spec.fmt == "jsonl":
        return record
    targets = {c.target for c in spec.columns}
    kept: dict[str, SimEvent] = {}
    for e in record.events:
        if f"{e.kind}_date" not in targets and f"{e.kind}_place" not in targets:
            continue
        kept[e.kind] = replace(
            e,
            date=e.date if f"{e.kind}_date" in targets else None,
            place=e.place if f"{e.kind}_place" in targets else None,
            reported_on=e.reported_on if f"{e.kind}_reported_on" in targets else None,
            credibility=e.credibility if f"{e.kind}_credibility" in targets else None,
        )
    record.events = list(kept.values())
    return record
