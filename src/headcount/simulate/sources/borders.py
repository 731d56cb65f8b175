"""Border and returnee records: one row per crossing, names as in the passport.

- `tr-border-records` — Turkish entry, arrest and deportation records: given name, family
  name, father's name (as Turkish forms ask), birth date, nationality code, passport
  number; a person crossing twice has two rows;
- `eu-returnee-records` — advance passenger information hits on arrival in Europe or North
  America: names in the upper-case letters of the passport's machine-readable zone, birth
  date as `19900512`, passport number, arrival date and airport.
"""

from __future__ import annotations

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind, SourceKind
from headcount.simulate.names import parts
from headcount.simulate.noise import NoiseProfile, exact
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
from headcount.simulate.sources.common import birth_date, citizenships, names_in
from headcount.simulate.timeline import day
from headcount.simulate.transliterate import mrz, strip_diacritics
from headcount.simulate.world import World

RETURNEE_REGIONS = ("WEU", "EEU", "AMR")
ACTIONS: dict[str, str] = {
    EventKind.sighted: "GİRİŞ",
    EventKind.detained: "GÖZALTI",
    EventKind.returned: "SINIR DIŞI",
}
ORIGIN_AIRPORTS = ("IST", "SAW", "ADA", "GZT", "EBL")


def _turkish_events(world: World, i: int) -> list[SimEvent]:
    out: list[SimEvent] = []
    in_turkey = False
    for e in world.events[i]:
        if e.day > day("2019-12-31"):
            break
        if e.place.startswith("TUR") and e.kind in (EventKind.sighted, EventKind.detained):
            out.append(SimEvent(e.kind, exact(e.day), e.place, e.day))
            in_turkey = e.kind == EventKind.detained
        elif e.kind == EventKind.returned and in_turkey:
            out.append(SimEvent(e.kind, exact(e.day), e.place, e.day))
            in_turkey = False
    return out


def _eligible_tr(world: World) -> np.ndarray:
    return np.array([bool(_turkish_events(world, i)) for i in range(len(world))])


def _render_tr(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    records = []
    for event in _turkish_events(world, i):
        seen = 0.95 if event.kind != EventKind.sighted else 0.6
        if ctx.rng.random() >= seen:
            continue
        turk = world.population.culture[i] == "turk"
        habit = "tr" if turk else civil_habit(world.population.citizenship[i][0])
        names = names_in(world, i, habit, ctx)
        cells: dict[str, Cell] = {}
        ctx.put(cells, "given_name", strip_diacritics(names.given).upper())
        ctx.put(cells, "family_name", strip_diacritics(names.family).upper())
        father = parts()[world.population.identity[i].father].form("tr")
        ctx.put(cells, "patronymic", strip_diacritics(father).upper())
        ctx.put(cells, "birth_date", birth_date(world, i, ctx))
        ctx.put(cells, "citizenship", citizenships(world, i, ctx)[0])
        ctx.put(cells, "id_number", world.passport[i] if ctx.rng.random() < 0.9 else "")
        ctx.put(cells, "action", ACTIONS[event.kind])
        records.append(SimRecord(ctx.next_id(), i, cells, [event], (event.reported_on or 0) + 1))
    return records


def _returns(world: World, i: int) -> list[SimEvent]:
    return [
        SimEvent(e.kind, exact(e.day), f"{e.place}:{first_city(e.place)}", e.day)
        for e in world.events[i]
        if e.kind == EventKind.returned and e.place == world.population.country[i]
    ]


def _eligible_returnees(world: World) -> np.ndarray:
    in_region = np.isin(world.population.region, RETURNEE_REGIONS)
    return np.asarray(in_region & np.array([bool(_returns(world, i)) for i in range(len(world))]))


def _render_returnee(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    records = []
    for event in _returns(world, i):
        names = names_in(world, i, civil_habit(world.population.citizenship[i][0]), ctx)
        cells: dict[str, Cell] = {}
        ctx.put(cells, "family_name", mrz(names.family).replace("<", " "))
        ctx.put(cells, "given_name", mrz(names.given).replace("<", " "))
        ctx.put(cells, "birth_date", birth_date(world, i, ctx))
        ctx.put(cells, "citizenship", world.population.citizenship[i][0])
        ctx.put(cells, "id_number", world.passport[i])
        origin = "EBL" if event.reported_on and event.reported_on > day("2019-01-01") else None
        ctx.put(cells, "flight_origin", origin or ORIGIN_AIRPORTS[int(ctx.rng.integers(4))])
        records.append(SimRecord(ctx.next_id(), i, cells, [event], event.reported_on or 0))
    return records


TR_BORDER = SourceSpec(
    name="tr-border-records",
    kind=SourceKind.border_record,
    publisher="Göç İdaresi / Emniyet (generated)",
    published="2019-12-31",
    language="tr",
    reliability="B",
    compartment=Compartment.restricted,
    credibility=2,
    fmt="csv",
    date_style="dmy",
    columns=(
        Column("kayit_no", "record_id"),
        Column("adi", "given_name"),
        Column("soyadi", "family_name"),
        Column("baba_adi", "patronymic"),
        Column("dogum_tarihi", "birth_date"),
        Column("uyruk", "citizenship"),
        Column("pasaport_no", "id_number"),
        Column("islem", "ignore", slot="action"),
        Column("giris_tarihi", "sighted_date"),
        Column("giris_yeri", "sighted_place"),
        Column("gozalti_tarihi", "detained_date"),
        Column("gozalti_yeri", "detained_place"),
        Column("sinir_disi_tarihi", "returned_date"),
        Column("sinir_disi_ulke", "returned_place"),
        Column("kayit_tarihi", "reported_on"),
    ),
    coverage=Coverage(base=1.0, visibility=0.1),
    noise=NoiseProfile(
        variant=0.1,
        typo=0.03,
        swap_order=0.02,
        drop_nasab=0.0,
        add_nasab=0.0,
        year_only=0.0,
        month_only=0.0,
        day_month_swap=0.04,
        missing_birth_date=0.02,
        wrong_citizenship=0.01,
        duplicate=0.0,
    ),
    eligible=_eligible_tr,
    render=_render_tr,
    description="Turkish border crossings, arrests and deportations (one row per event).",
    id_prefix="TR",
)

RETURNEES = SourceSpec(
    name="eu-returnee-records",
    kind=SourceKind.border_record,
    publisher="Passenger information units (generated)",
    published="2020-12-31",
    language="en",
    reliability="A",
    compartment=Compartment.restricted,
    credibility=1,
    fmt="csv",
    date_style="compact",
    columns=(
        Column("hit_id", "record_id"),
        Column("surname", "family_name"),
        Column("given_names", "given_name"),
        Column("date_of_birth", "birth_date"),
        Column("nationality", "citizenship"),
        Column("document_number", "id_number"),
        Column("arrival_date", "returned_date"),
        Column("arrival_airport", "returned_place"),
        Column("flight_origin", "ignore", slot="flight_origin"),
        Column("hit_date", "reported_on"),
    ),
    coverage=Coverage(
        base=0.7,
        visibility=0.2,
        depends_on={"fr-watchlist": 0.8, "gb-watchlist": 0.8, "de-watchlist": 0.8},
    ),
    noise=NoiseProfile(
        variant=0.0,
        typo=0.01,
        swap_order=0.0,
        drop_nasab=1.0,
        add_nasab=0.0,
        year_only=0.0,
        month_only=0.0,
        day_month_swap=0.0,
        year_off=0.0,
        missing_birth_date=0.0,
        wrong_citizenship=0.0,
        duplicate=0.0,
    ),
    eligible=_eligible_returnees,
    render=_render_returnee,
    description="Passenger data hits on returnees arriving in Europe and North America.",
    id_prefix="API-",
)
