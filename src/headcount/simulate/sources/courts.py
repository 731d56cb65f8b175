"""Court records: the fullest civil identities any source has.

- `eu-court-records` — judgments in European and North American courts against returnees
  (and, in France and Belgium, against those still abroad, in absentia): family and given
  names as on the passport, full birth date and place, nationality, passport number, the
  dates of departure, return and judgment; an appeal is a second record of the same person;
- `iq-court-records` — Iraqi trials of foreigners captured in Iraq or handed over by the
  SDF: names in Arabic script, nationality in Arabic, often only a birth year.
"""

from __future__ import annotations

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind, SourceKind
from headcount.simulate.noise import NoiseProfile, blur, exact
from headcount.simulate.origins import civil_habit, first_city
from headcount.simulate.sources.base import (
    Cell,
    Column,
    Coverage,
    RenderContext,
    SimEvent,
    SimRecord,
    SourceSpec,
)
from headcount.simulate.sources.common import (
    birth_date,
    citizenships,
    country_label,
    names_in,
)
from headcount.simulate.timeline import day
from headcount.simulate.world import World

COURT_REGIONS = ("WEU", "EEU", "AMR")
IN_ABSENTIA = ("FRA", "BEL")
ABSENTIA_VISIBILITY = 1.0
"""Only the most visible of those still abroad are tried in absentia (about one in six)."""


def _home_trial(world: World, i: int) -> SimEvent | None:
    home = str(world.population.country[i])
    for e in world.events[i]:
        if e.kind == EventKind.prosecuted and e.place.startswith(home):
            return SimEvent(e.kind, exact(e.day), f"{home}:{first_city(home)}", e.day)
    return None


def _eligible_eu(world: World) -> np.ndarray:
    pop, fate = world.population, world.trajectories.fate
    in_region = np.isin(pop.region, COURT_REGIONS)
    tried = np.array([_home_trial(world, i) is not None for i in range(len(world))])
    absent = np.isin(pop.country, IN_ABSENTIA) & np.isin(fate, ["at_large", "killed", "sdf"])
    prominent = pop.visibility > ABSENTIA_VISIBILITY
    return np.asarray(in_region & (tried | (absent & prominent & ~pop.minor)))


def _render_eu(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    trial = _home_trial(world, i)
    absentia = trial is None
    if trial is None:
        when = day("2016-06-01") + int(ctx.rng.integers(0, 1600))
        home = str(world.population.country[i])
        trial = SimEvent(EventKind.prosecuted, exact(when), f"{home}:{first_city(home)}", when)
    judged = trial.reported_on or 0
    events = [trial]
    for e in world.events[i]:
        if e.kind in (EventKind.departed, EventKind.entered_theatre, EventKind.returned):
            date = blur(e.day, ctx.rng, 0, 0.3 if e.kind == EventKind.entered_theatre else 0.05)
            if e.day < judged:
                events.append(SimEvent(e.kind, date, e.place, judged))
    habit = civil_habit(world.population.citizenship[i][0])
    names = names_in(world, i, habit, ctx)
    cells: dict[str, Cell] = {}
    ctx.put(cells, "family_name", names.family)
    ctx.put(cells, "given_name", names.given)
    ctx.put(cells, "alias", list(names.aliases) if ctx.rng.random() < 0.5 else [])
    ctx.put(cells, "birth_date", birth_date(world, i, ctx))
    ctx.put(cells, "birth_place", world.population.birth_place[i])
    ctx.put(cells, "citizenship", citizenships(world, i, ctx))
    ctx.put(cells, "id_number", world.passport[i] if ctx.rng.random() < 0.8 else "")
    ctx.put(cells, "in_absentia", "yes" if absentia else "no")
    ctx.put(cells, "court", f"{world.population.country[i]} court")
    ctx.put(cells, "verdict", "convicted" if ctx.rng.random() < 0.9 else "acquitted")
    record = SimRecord(ctx.next_id(), i, cells, events, judged)
    if ctx.rng.random() < 0.08 and judged + 400 < day(ctx.spec.published):
        appeal_day = judged + int(ctx.rng.integers(120, 400))
        appeal = SimEvent(EventKind.prosecuted, exact(appeal_day), trial.place, appeal_day)
        again = names_in(world, i, habit, ctx)
        cells2 = {**cells, ctx.spec.header_for("family_name") or "": again.family}
        others = [e for e in events if e.kind != EventKind.prosecuted]
        return [record, SimRecord(ctx.next_id(), i, cells2, [*others, appeal], appeal_day)]
    return [record]


def _eligible_iq(world: World) -> np.ndarray:
    return np.array(
        [
            any(e.kind == EventKind.prosecuted and e.place.startswith("IRQ") for e in events)
            for events in world.events
        ]
    )


def _render_iq(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    trial = next(e for e in world.events[i] if e.kind == EventKind.prosecuted)
    caught = [e for e in world.events[i] if e.kind == EventKind.detained and e.day < trial.day]
    names = names_in(world, i, "ar", ctx)
    cells: dict[str, Cell] = {}
    ctx.put(cells, "full_name", names.full)
    ctx.put(cells, "kunya", " ".join(w for w in (names.kunya, names.nisba) if w))
    ctx.put(cells, "citizenship", [country_label(c, "ar") for c in citizenships(world, i, ctx)])
    ctx.put(cells, "birth_date", birth_date(world, i, ctx))
    ctx.put(cells, "court", "المحكمة الجنائية المركزية")
    ctx.put(
        cells, "sentence", ("الإعدام", "السجن المؤبد", "السجن 15 سنة")[int(ctx.rng.integers(3))]
    )
    events = [SimEvent(EventKind.prosecuted, exact(trial.day), trial.place, trial.day)]
    if caught:
        c = caught[-1]
        events.append(
            SimEvent(EventKind.detained, blur(c.day, ctx.rng, 0, 0.3), c.place, trial.day)
        )
    return [SimRecord(ctx.next_id(), i, cells, events, trial.day)]


EU_COURTS = SourceSpec(
    name="eu-court-records",
    kind=SourceKind.court_record,
    publisher="Court judgments, collected (generated)",
    published="2021-03-31",
    language="mul",
    reliability="A",
    compartment=Compartment.open,
    credibility=1,
    fmt="csv",
    date_style="iso",
    columns=(
        Column("case_number", "record_id"),
        Column("court", "ignore", slot="court"),
        Column("defendant_surname", "family_name"),
        Column("defendant_forenames", "given_name"),
        Column("also_known_as", "alias"),
        Column("date_of_birth", "birth_date"),
        Column("place_of_birth", "birth_place"),
        Column("nationality", "citizenship"),
        Column("passport_no", "id_number"),
        Column("departure_date", "departed_date"),
        Column("arrival_in_theatre", "entered_theatre_date"),
        Column("return_date", "returned_date"),
        Column("judgment_date", "prosecuted_date"),
        Column("court_place", "prosecuted_place"),
        Column("in_absentia", "ignore", slot="in_absentia"),
        Column("verdict", "prosecuted_note", slot="verdict"),
        Column("decision_date", "reported_on"),
    ),
    coverage=Coverage(
        base=2.0,
        visibility=0.2,
        depends_on={"fr-watchlist": 0.5, "gb-watchlist": 0.5, "de-watchlist": 0.5},
    ),
    noise=NoiseProfile(
        variant=0.03,
        typo=0.01,
        swap_order=0.0,
        drop_nasab=1.0,
        add_nasab=0.05,
        year_only=0.0,
        month_only=0.0,
        day_month_swap=0.0,
        year_off=0.0,
        missing_birth_date=0.01,
        wrong_citizenship=0.0,
        duplicate=0.0,
    ),
    eligible=_eligible_eu,
    render=_render_eu,
    description="Judgments against travellers in European and North American courts.",
    id_prefix="J-",
)

IQ_COURTS = SourceSpec(
    name="iq-court-records",
    kind=SourceKind.court_record,
    publisher="المحكمة الجنائية المركزية (generated)",
    published="2020-12-31",
    language="ar",
    reliability="B",
    compartment=Compartment.open,
    credibility=2,
    fmt="csv",
    date_style="iso",
    columns=(
        Column("رقم_الدعوى", "record_id"),
        Column("اسم_المتهم", "full_name"),
        Column("الكنية", "kunya"),
        Column("الجنسية", "citizenship"),
        Column("المواليد", "birth_date"),
        Column("تاريخ_القبض", "detained_date"),
        Column("مكان_القبض", "detained_place"),
        Column("تاريخ_الحكم", "prosecuted_date"),
        Column("مكان_المحاكمة", "prosecuted_place"),
        Column("المحكمة", "ignore", slot="court"),
        Column("الحكم", "prosecuted_note", slot="sentence"),
        Column("تاريخ_القرار", "reported_on"),
    ),
    coverage=Coverage(base=0.8, visibility=0.2),
    noise=NoiseProfile(
        variant=0.2,
        typo=0.03,
        swap_order=0.0,
        drop_nasab=0.3,
        add_nasab=0.0,
        year_only=0.6,
        month_only=0.0,
        day_month_swap=0.0,
        missing_birth_date=0.1,
        wrong_citizenship=0.05,
        duplicate=0.03,
    ),
    eligible=_eligible_iq,
    render=_render_iq,
    description="Iraqi trials of foreign fighters (Arabic script).",
    id_prefix="IQ-",
)
