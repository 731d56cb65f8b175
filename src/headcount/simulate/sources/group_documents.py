"""Documents of the group itself: leaked registration forms and death announcements.

- `is-entry-forms` — leaked registration forms (JSON Lines) of men who entered in 2013–14:
  kunya, real name (often in Arabic script), citizenship in Arabic, birth date (often only
  the year), entry point, and the kunya of the referee who vouched for them;
- `is-death-notices` — death announcements (JSON Lines): a kunya and a nisba, in Arabic
  or in the group's English, a province and a date; some are false (the person is later
  seen alive), some repeated on two channels.
"""

from __future__ import annotations

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind, SourceKind
from headcount.simulate.noise import NoiseProfile, blur
from headcount.simulate.sources.base import (
    Cell,
    Column,
    Coverage,
    RenderContext,
    SimEvent,
    SimRecord,
    SourceSpec,
)
from headcount.simulate.sources.common import birth_date, country_label, lag, names_in
from headcount.simulate.timeline import day
from headcount.simulate.world import THEATRE, World

ENTRY_POINTS = ("تل أبيض", "جرابلس", "أعزاز", "باب الهوى", "الراعي")
ROLES = ("مقاتل", "مقاتل", "مقاتل", "استشهادي", "انغماسي", "إداري")
MARITAL = ("أعزب", "متزوج", "متزوج")
WILAYAT = {"SYR": "ولاية الرقة", "IRQ": "ولاية نينوى"}


def _eligible_forms(world: World) -> np.ndarray:
    pop, entered = world.population, world.trajectories.entered
    window = (entered >= day("2013-06-01")) & (entered <= day("2014-12-31"))
    return np.asarray(window & (pop.sex == "m") & ~pop.minor)


def _referee(world: World, i: int, ctx: RenderContext) -> str:
    """The kunya of someone (likely of the same country) who vouched for them; raw only."""
    pop = world.population
    other = int(ctx.rng.integers(len(world)))
    for _ in range(40):
        if pop.country[other] == pop.country[i] and pop.identity[other].kunyas and other != i:
            break
        other = int(ctx.rng.integers(len(world)))
    names = names_in(world, other, "ar", ctx)
    return names.aliases[0] if names.aliases else names.full


def _render_form(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    entered = int(world.trajectories.entered[i])
    arabic = ctx.rng.random() < 0.7
    names = names_in(world, i, "ar" if arabic else "en", ctx)
    kunya = names_in(world, i, "ar" if ctx.rng.random() < 0.6 else "en", ctx)
    cells: dict[str, Cell] = {}
    ctx.put(cells, "full_name", names.full)
    ctx.put(cells, "kunya", kunya.kunya)
    ctx.put(cells, "nisba", kunya.nisba)
    ctx.put(cells, "birth_date", birth_date(world, i, ctx))
    ctx.put(cells, "citizenship", [country_label(c, "ar") for c in world.population.citizenship[i]])
    ctx.put(cells, "residence", world.population.residence[i])
    ctx.put(cells, "entry_point", ENTRY_POINTS[int(ctx.rng.integers(len(ENTRY_POINTS)))])
    ctx.put(cells, "referee", _referee(world, i, ctx))
    ctx.put(cells, "marital_status", MARITAL[int(ctx.rng.integers(len(MARITAL)))])
    ctx.put(cells, "role", ROLES[int(ctx.rng.integers(len(ROLES)))])
    filed = entered + int(ctx.rng.integers(0, 15))
    place = world.place_on(i, entered)
    event = SimEvent(EventKind.entered_theatre, blur(entered, ctx.rng, 0, 0.05), place, filed)
    return [SimRecord(ctx.next_id(), i, cells, [event], filed)]


def _eligible_notices(world: World) -> np.ndarray:
    out = world.false_death >= 0
    cutoff = day("2019-03-31")
    for i in range(len(world)):
        killed = world.first(i, EventKind.killed)
        if killed and killed.day <= cutoff and killed.place[:3] in THEATRE:
            out[i] = True
    return out


def _render_notice(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    killed = world.first(i, EventKind.killed)
    if killed is not None and killed.day <= day("2019-03-31"):
        when, place, credibility = killed.day, killed.place, 4
    elif world.false_death[i] >= 0:
        when = int(world.false_death[i])
        place, credibility = world.place_on(i, when), 4
    else:
        return []
    arabic = ctx.rng.random() < 0.7
    names = names_in(world, i, "ar" if arabic else "en", ctx)
    if not names.kunya:
        return []
    cells: dict[str, Cell] = {}
    ctx.put(cells, "kunya", names.kunya)
    ctx.put(cells, "nisba", names.nisba)
    ctx.put(cells, "wilaya", WILAYAT.get(place[:3], "ولاية الخير"))
    ctx.put(cells, "channel", "Amaq" if arabic else "Nashir (English)")
    posted = when + lag(ctx, 10)
    event = SimEvent(EventKind.killed, blur(when, ctx.rng, 0, 0.2), place, posted, credibility)
    return [SimRecord(ctx.next_id(), i, cells, [event], posted)]


ENTRY_FORMS = SourceSpec(
    name="is-entry-forms",
    kind=SourceKind.leaked_document,
    publisher="Leaked registration forms (generated)",
    published="2016-03-10",
    language="ar",
    reliability="C",
    compartment=Compartment.open,
    credibility=2,
    fmt="jsonl",
    date_style="iso",
    columns=(
        Column("serial", "record_id"),
        Column("full_name", "full_name"),
        Column("kunya", "kunya"),
        Column("nisba", "nisba"),
        Column("birth_date", "birth_date"),
        Column("citizenship", "citizenship"),
        Column("address", "residence"),
        Column("entry_point", "ignore", slot="entry_point"),
        Column("referee", "ignore", slot="referee"),
        Column("marital_status", "ignore", slot="marital_status"),
        Column("role", "ignore", slot="role"),
        Column("filed", "reported_on"),
    ),
    coverage=Coverage(base=-0.8, visibility=0.15),
    noise=NoiseProfile(
        variant=0.25,
        typo=0.05,
        swap_order=0.0,
        drop_nasab=0.5,
        add_nasab=0.0,
        year_only=0.4,
        month_only=0.0,
        day_month_swap=0.03,
        missing_birth_date=0.1,
        wrong_citizenship=0.0,
        duplicate=0.02,
    ),
    eligible=_eligible_forms,
    render=_render_form,
    description="Leaked entry forms of the group, 2013–14 (JSON Lines; Arabic script).",
    id_prefix="F",
)

DEATH_NOTICES = SourceSpec(
    name="is-death-notices",
    kind=SourceKind.death_notice,
    publisher="Group announcements, collected (generated)",
    published="2019-04-30",
    language="ar",
    reliability="E",
    compartment=Compartment.open,
    credibility=4,
    fmt="jsonl",
    date_style="iso",
    columns=(
        Column("id", "record_id"),
        Column("kunya", "kunya"),
        Column("nisba", "nisba"),
        Column("wilaya", "ignore", slot="wilaya"),
        Column("channel", "ignore", slot="channel"),
        Column("posted", "reported_on"),
    ),
    coverage=Coverage(
        base=0.1,
        visibility=0.5,
        women=-2.5,
        minors=-2.0,
        fate={"at_large": 2.0, "sdf": 2.0, "returned": 2.0, "relocated": 2.0, "iraq": 2.0},
    ),
    noise=NoiseProfile(variant=0.2, typo=0.03, drop_nasab=1.0, duplicate=0.06),
    eligible=_eligible_notices,
    render=_render_notice,
    description="The group's death announcements: kunya and nisba only; some false.",
    id_prefix="DN",
)
