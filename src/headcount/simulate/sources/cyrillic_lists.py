"""Russian and Central Asian lists, written in Cyrillic with Cyrillic headers.

- `ru-terrorist-list` — a published federal list in the form of the Rosfinmonitoring
  list: one upper-case full name (family, given, patronymic), a birth date and a birth
  place; no events at all. Names of non-Slavic people are respelled in Cyrillic.
- `cis-wanted-list` — a wanted list shared between CIS states (Excel): family name, given
  name, patronymic, citizenship, date of departure and last whereabouts.
"""

from __future__ import annotations

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind, SourceKind
from headcount.simulate.noise import NoiseProfile
from headcount.simulate.sources.base import (
    Cell,
    Column,
    Coverage,
    RenderContext,
    SimRecord,
    SourceSpec,
)
from headcount.simulate.sources.common import (
    Knowledge,
    birth_date,
    citizenships,
    known_events,
    lag,
    last_sighting,
    latest_per_kind,
    names_in,
    report_day,
)
from headcount.simulate.timeline import day
from headcount.simulate.transliterate import latin_to_cyrillic
from headcount.simulate.world import World

CIS_MEMBERS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AZE", "ARM", "BLR", "MDA", "RUS")


def _eligible_ru(world: World) -> np.ndarray:
    pop = world.population
    russian = np.array(["RUS" in c for c in pop.citizenship]) | (pop.country == "RUS")
    return np.asarray(russian & (world.trajectories.departed <= day("2020-06-30") - 60))


def _eligible_cis(world: World) -> np.ndarray:
    pop = world.population
    members = np.array([any(c in CIS_MEMBERS for c in cs) for cs in pop.citizenship])
    return members & (world.trajectories.departed <= day("2019-09-30") - 60)


def _birth_place_ru(place: str) -> str:
    iso3, _, city = place.partition(":")
    return f"г. {latin_to_cyrillic(city)}" if iso3 == "RUS" else latin_to_cyrillic(city)


def _render_ru(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    names = names_in(world, i, "ru", ctx)
    full = " ".join(w for w in (names.family, names.given, names.patronymic) if w)
    cells: dict[str, Cell] = {}
    ctx.put(cells, "full_name", full.upper() + "*")
    ctx.put(cells, "birth_date", birth_date(world, i, ctx))
    ctx.put(cells, "birth_place_text", _birth_place_ru(world.population.birth_place[i]))
    listed = int(world.trajectories.departed[i]) + lag(ctx, 300)
    return [SimRecord(ctx.next_id(), i, cells, [], min(listed, day(ctx.spec.published)))]


CIS_KNOWLEDGE: Knowledge = {
    EventKind.departed: (0.9, 120),
    EventKind.returned: (0.6, 60),
    EventKind.detained: (0.3, 90),
}


def _render_cis(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    cutoff = day(ctx.spec.published)
    events = known_events(world, i, cutoff, CIS_KNOWLEDGE, ctx, year_only=0.1, month_only=0.2)
    events = latest_per_kind(events + last_sighting(world, i, cutoff, 0.35, 540, ctx))
    names = names_in(world, i, "ru", ctx)
    cells: dict[str, Cell] = {}
    ctx.put(cells, "family_name", names.family)
    ctx.put(cells, "given_name", names.given)
    ctx.put(cells, "patronymic", names.patronymic)
    ctx.put(cells, "alias", list(names.aliases))
    ctx.put(cells, "birth_date", birth_date(world, i, ctx))
    ctx.put(cells, "citizenship", citizenships(world, i, ctx))
    ctx.put(cells, "initiator", str(world.population.citizenship[i][0]))
    reported = report_day(events, int(world.trajectories.departed[i]) + 90)
    return [SimRecord(ctx.next_id(), i, cells, events, min(reported, cutoff))]


RU_LIST = SourceSpec(
    name="ru-terrorist-list",
    country="RUS",
    kind=SourceKind.government_list,
    publisher="Federal financial monitoring list (generated)",
    published="2020-06-30",
    language="ru",
    reliability="C",
    compartment=Compartment.open,
    credibility=3,
    fmt="csv",
    date_style="dmy",
    columns=(
        Column("№", "record_id"),
        Column("ФИО", "full_name"),
        Column("Дата рождения", "birth_date"),
        Column("Место рождения", "ignore", slot="birth_place_text"),
        Column("Дата включения", "reported_on"),
    ),
    coverage=Coverage(
        base=1.2, visibility=0.4, minors=-3.0, women=-0.8, depends_on={"news-reports": 0.6}
    ),
    noise=NoiseProfile(
        variant=0.1,
        typo=0.02,
        swap_order=0.0,
        drop_nasab=0.05,
        add_nasab=0.0,
        year_only=0.0,
        month_only=0.0,
        day_month_swap=0.01,
        missing_birth_date=0.01,
        wrong_citizenship=0.0,
        duplicate=0.03,
    ),
    eligible=_eligible_ru,
    render=_render_ru,
    description="Published Russian list of persons linked to terrorism: name and birth only.",
    id_prefix="RU",
)

CIS_LIST = SourceSpec(
    name="cis-wanted-list",
    kind=SourceKind.government_list,
    publisher="CIS Anti-Terrorism Centre (generated)",
    published="2019-09-30",
    language="ru",
    reliability="C",
    compartment=Compartment.open,
    credibility=3,
    fmt="xlsx",
    date_style="dmy",
    columns=(
        Column("Номер", "record_id"),
        Column("Фамилия", "family_name"),
        Column("Имя", "given_name"),
        Column("Отчество", "patronymic"),
        Column("Псевдоним", "alias"),
        Column("Дата рождения", "birth_date"),
        Column("Гражданство", "citizenship"),
        Column("Дата выезда", "departed_date"),
        Column("Последнее местонахождение", "sighted_place"),
        Column("Дата сведений", "sighted_date"),
        Column("Дата возвращения", "returned_date"),
        Column("Дата задержания", "detained_date"),
        Column("Место задержания", "detained_place"),
        Column("Инициатор", "ignore", slot="initiator"),
        Column("Дата объявления в розыск", "reported_on"),
    ),
    coverage=Coverage(
        base=0.9,
        visibility=0.5,
        minors=-2.5,
        women=-0.6,
        country={"RUS": -1.8},
        depends_on={"news-reports": 0.5},
    ),
    noise=NoiseProfile(
        variant=0.15,
        typo=0.03,
        swap_order=0.02,
        drop_nasab=0.1,
        add_nasab=0.0,
        year_only=0.05,
        month_only=0.0,
        day_month_swap=0.02,
        missing_birth_date=0.03,
        wrong_citizenship=0.03,
        duplicate=0.03,
    ),
    eligible=_eligible_cis,
    render=_render_cis,
    description="Interstate wanted list of Central Asian and Caucasian fighters (Excel).",
    id_prefix="МР-",
)
