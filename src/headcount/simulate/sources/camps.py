"""The SDF's registers of camps (al-Hol, Roj) and prisons (Hasakah), kept in Excel.

A detainee gives a name that a clerk transliterates by ear into Latin letters (English
habits, many variants), a kunya for men, a nationality (sometimes a false one) and often
only a birth year. A woman moved from al-Hol to Roj is registered again in Roj: one person,
two records. Repatriations and escapes are noted against the entry.
"""

from __future__ import annotations

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind, SourceKind
from headcount.simulate.noise import NoiseProfile, blur, exact
from headcount.simulate.sources.base import (
    Cell,
    Column,
    Coverage,
    RenderContext,
    SimEvent,
    SimRecord,
    SourceSpec,
)
from headcount.simulate.sources.common import birth_date, citizenships, country_label, names_in
from headcount.simulate.timeline import day
from headcount.simulate.world import TrueEvent, World

SECTIONS = ("Phase 1", "Phase 2", "Phase 4", "Phase 5", "Annex", "Block A", "Block C")


def _sdf_detention(world: World, i: int) -> TrueEvent | None:
    return next(
        (e for e in world.events[i] if e.kind == EventKind.detained and e.place.startswith("SYR")),
        None,
    )


def _eligible(world: World) -> np.ndarray:
    cutoff = day("2020-12-31")
    return np.array(
        [(d := _sdf_detention(world, i)) is not None and d.day <= cutoff for i in range(len(world))]
    )


def _after(world: World, i: int, since: int) -> list[SimEvent]:
    """Repatriation or release after registration, as noted in the register."""
    out = []
    for e in world.events[i]:
        if e.day > since and e.kind in (EventKind.returned, EventKind.released):
            out.append(SimEvent(e.kind, exact(e.day), e.place, e.day + 3))
            break
    return out


def _entry(world: World, i: int, ctx: RenderContext, place: str, since: int) -> SimRecord:
    names = names_in(world, i, "en", ctx)
    cells: dict[str, Cell] = {}
    ctx.put(cells, "full_name", names.full)
    ctx.put(cells, "kunya", names.kunya if world.population.sex[i] == "m" else "")
    ctx.put(cells, "citizenship", [country_label(c, "en") for c in citizenships(world, i, ctx)])
    ctx.put(cells, "birth_date", birth_date(world, i, ctx))
    ctx.put(cells, "section", SECTIONS[int(ctx.rng.integers(len(SECTIONS)))])
    registered = since + int(ctx.rng.integers(1, 30))
    events = [SimEvent(EventKind.detained, blur(since, ctx.rng, 0, 0.1), place, registered)]
    events += _after(world, i, since)
    status = {"returned": "repatriated", "released": "left camp"}.get(events[-1].kind, "present")
    ctx.put(cells, "status", status)
    return SimRecord(ctx.next_id(), i, cells, events, max(e.reported_on or 0 for e in events))


def _render(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    detention = _sdf_detention(world, i)
    if detention is None:
        return []
    first = _entry(world, i, ctx, detention.place, detention.day)
    moved = max(detention.day + 90, day("2020-01-15")) + int(ctx.rng.integers(0, 200))
    western = world.population.region[i] in ("WEU", "AMR")
    transferred = detention.place == "SYR:al-Hol" and western and moved < day("2020-12-31")
    if transferred and ctx.rng.random() < 0.3:
        return [first, _entry(world, i, ctx, "SYR:Roj", moved)]
    return [first]


CAMP_REGISTER = SourceSpec(
    name="sdf-camp-register",
    kind=SourceKind.camp_register,
    publisher="Autonomous Administration camp and prison registers (generated)",
    published="2020-12-31",
    language="en",
    reliability="C",
    compartment=Compartment.open,
    credibility=2,
    fmt="xlsx",
    date_style="iso",
    columns=(
        Column("reg_no", "record_id"),
        Column("name", "full_name"),
        Column("kunya", "kunya"),
        Column("nationality", "citizenship"),
        Column("dob", "birth_date"),
        Column("camp", "detained_place"),
        Column("arrival", "detained_date"),
        Column("section", "ignore", slot="section"),
        Column("status", "ignore", slot="status"),
        Column("repatriated_on", "returned_date"),
        Column("repatriated_to", "returned_place"),
        Column("left_on", "released_date"),
        Column("updated", "reported_on"),
    ),
    coverage=Coverage(base=1.5, visibility=0.2),
    noise=NoiseProfile(
        variant=0.35,
        typo=0.05,
        swap_order=0.05,
        drop_nasab=0.4,
        add_nasab=0.1,
        year_only=0.5,
        month_only=0.0,
        day_month_swap=0.03,
        missing_birth_date=0.1,
        wrong_citizenship=0.06,
        duplicate=0.02,
    ),
    eligible=_eligible,
    render=_render,
    description="Registers of the camps and prisons of north-east Syria (Excel).",
    id_prefix="H-",
)
