"""News reports: one record per article that names a person, in the outlet's language.

Articles follow newsworthy events (a death, a false death, a return, a capture, a trial, a
departure, a video) with a delay of days to weeks. An article often names someone only by
kunya and nisba ("Abu Hamza al-Britani"), gives an age and a home town, and the same event
is covered by several outlets: one person appears many times in this source.
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
from headcount.simulate.sources.common import country_label, lag, names_in
from headcount.simulate.timeline import day
from headcount.simulate.world import TrueEvent, World

NEWSWORTHY: dict[str, float] = {
    EventKind.killed: 0.7,
    EventKind.returned: 0.45,
    EventKind.detained: 0.45,
    EventKind.prosecuted: 0.55,
    EventKind.departed: 0.2,
    EventKind.relocated: 0.3,
    EventKind.released: 0.3,
}
"""Chance that an event of a person in the news gets an article."""

LANGUAGE: dict[str, str] = {
    **dict.fromkeys(["FRA", "BEL", "LUX", "MAR", "TUN", "DZA", "SEN"], "fr"),
    **dict.fromkeys(["DEU", "AUT", "CHE"], "de"),
    **dict.fromkeys(
        ["RUS", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AZE", "ARM", "BLR", "MDA", "UKR", "GEO"], "ru"
    ),
    **dict.fromkeys(
        ["SAU", "JOR", "LBN", "EGY", "LBY", "KWT", "YEM", "PSE", "BHR", "QAT", "ARE", "OMN", "SDN"],
        "ar",
    ),
    "TUR": "tr",
}
"""The language of a country's press (English elsewhere, and for wire copy)."""

OUTLETS: dict[str, tuple[str, ...]] = {
    "en": ("Wire service", "Daily paper", "Broadcaster", "Regional paper"),
    "fr": ("Agence de presse", "Quotidien national", "Quotidien régional"),
    "de": ("Nachrichtenagentur", "Tageszeitung", "Nachrichtenmagazin"),
    "ru": ("Информагентство", "Ежедневная газета", "Новостной портал"),
    "ar": ("وكالة أنباء", "صحيفة يومية", "موقع إخباري"),
    "tr": ("Haber ajansı", "Günlük gazete"),
}
COUNTRY_STYLE = {"en": "en", "fr": "fr", "ar": "ar", "de": "iso", "ru": "iso", "tr": "iso"}
EVENT_KINDS = (
    "departed",
    "killed",
    "detained",
    "released",
    "returned",
    "relocated",
    "prosecuted",
    "sighted",
)


def _eligible(world: World) -> np.ndarray:
    return np.ones(len(world), dtype=bool)


def _stories(world: World, i: int, ctx: RenderContext) -> list[tuple[TrueEvent, int]]:
    """The events that get articles, with the credibility of the telling."""
    stories = [(e, 3) for e in world.events[i] if ctx.rng.random() < NEWSWORTHY.get(e.kind, 0.0)]
    if world.false_death[i] >= 0 and ctx.rng.random() < 0.6:
        when = int(world.false_death[i])
        stories.append((TrueEvent(EventKind.killed, when, world.place_on(i, when)), 4))
        seen = world.sighting(i, when + 30, when + 700, ctx.rng)
        if seen is not None and ctx.rng.random() < 0.6:
            stories.append((seen, 3))
    if not stories and ctx.rng.random() < 0.5:
        seen = world.sighting(i, 0, day("2020-12-31"), ctx.rng)
        stories += [(seen, 3)] if seen else []
    return stories


def _render(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
    records = []
    home = str(world.population.country[i])
    for event, credibility in _stories(world, i, ctx):
        for _ in range(1 + int(ctx.rng.poisson(0.5))):
            language = LANGUAGE.get(home, "en") if ctx.rng.random() < 0.7 else "en"
            published = event.day + lag(ctx, 12)
            if published > day(ctx.spec.published):
                continue
            records.append(_article(world, i, event, credibility, language, published, ctx))
    return records


def _article(
    world: World,
    i: int,
    event: TrueEvent,
    credibility: int,
    language: str,
    published: int,
    ctx: RenderContext,
) -> SimRecord:
    names = names_in(world, i, language, ctx)
    style = ctx.rng.random()
    cells: dict[str, Cell] = {}
    if names.kunya and style < 0.45:
        ctx.put(cells, "kunya", names.kunya)
        ctx.put(cells, "nisba", names.nisba)
    else:
        ctx.put(cells, "full_name", " ".join(w for w in (names.given, names.family) if w))
        if names.kunya and style > 0.8:
            ctx.put(cells, "kunya", names.kunya)
            ctx.put(cells, "nisba", names.nisba)
    age = max(0, (published - world.birth_day(i)) // 365 + int(ctx.rng.integers(-1, 2)))
    ctx.put(cells, "age", str(age) if ctx.rng.random() < 0.6 else "")
    ctx.put(cells, "residence", world.population.residence[i] if ctx.rng.random() < 0.5 else "")
    label = country_label(world.population.citizenship[i][0], COUNTRY_STYLE[language])
    ctx.put(cells, "citizenship", label if ctx.rng.random() < 0.7 else "")
    ctx.put(cells, "outlet", OUTLETS[language][int(ctx.rng.integers(len(OUTLETS[language])))])
    ctx.put(cells, "language", language)
    date = blur(event.day, ctx.rng, 0.08, 0.35)
    told = SimEvent(event.kind, date, event.place, published, credibility)
    return SimRecord(ctx.next_id(), i, cells, [told], published, credibility)


def _event_columns() -> tuple[Column, ...]:
    columns = []
    for kind in EVENT_KINDS:
        columns.append(Column(f"{kind}_date", f"{kind}_date"))
        if kind != "departed":
            columns.append(Column(f"{kind}_place", f"{kind}_place"))
    return tuple(columns)


NEWS = SourceSpec(
    name="news-reports",
    kind=SourceKind.news_report,
    publisher="Press archive (generated)",
    published="2020-12-31",
    language="mul",
    reliability="D",
    compartment=Compartment.open,
    credibility=3,
    fmt="csv",
    date_style="iso",
    columns=(
        Column("article_id", "record_id"),
        Column("published", "reported_on"),
        Column("outlet", "ignore", slot="outlet"),
        Column("language", "ignore", slot="language"),
        Column("name", "full_name"),
        Column("kunya", "kunya"),
        Column("nisba", "nisba"),
        Column("age", "age", slot="age"),
        Column("home_town", "residence"),
        Column("country", "citizenship"),
        *_event_columns(),
        Column("credibility", "credibility"),
    ),
    coverage=Coverage(
        base=-1.3,
        visibility=1.3,
        women=-0.4,
        minors=-1.5,
        country={
            **dict.fromkeys(
                [
                    "FRA",
                    "GBR",
                    "DEU",
                    "BEL",
                    "USA",
                    "AUS",
                    "CAN",
                    "NLD",
                    "SWE",
                    "DNK",
                    "AUT",
                    "NOR",
                    "FIN",
                ],
                1.0,
            ),
            **dict.fromkeys(["CHN", "TKM", "UZB", "TJK", "SDN"], -1.0),
        },
        fate={"killed": 0.3, "returned": 0.3},
    ),
    noise=NoiseProfile(
        variant=0.25, typo=0.03, swap_order=0.02, drop_nasab=1.0, add_nasab=0.0, duplicate=0.0
    ),
    eligible=_eligible,
    render=_render,
    description="News articles naming a person: often only a kunya, an age and a town.",
    id_prefix="A",
)
