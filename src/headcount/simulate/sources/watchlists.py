"""What every national watch list shares: what it learns of its people and how fast
(`LIST_KNOWLEDGE`), who it records (`eligible_for`), how it writes a row in its own
language (`ListStyle`, `LIST_STATUS`, `list_render`), its clerical noise (`LIST_NOISE`),
and the rest of its spec (`national_list`: a restricted government list in CSV). The lists
themselves are in `national_lists`.

A list records its own citizens and residents who left; it learns of departures almost
always, of deaths (sometimes false ones, repeated from the group's announcements),
detentions and returns with a lag, and keeps a last known location.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind, SourceKind
from headcount.simulate.noise import NoiseProfile
from headcount.simulate.sources.base import (
    Cell,
    Column,
    Coverage,
    Eligible,
    Render,
    RenderContext,
    SimEvent,
    SimRecord,
    SourceSpec,
)
from headcount.simulate.sources.common import (
    Knowledge,
    birth_date,
    citizenships,
    country_label,
    false_death,
    gender,
    known_events,
    last_sighting,
    latest_per_kind,
    names_in,
    report_day,
)
from headcount.simulate.timeline import day
from headcount.simulate.world import World

LIST_KNOWLEDGE: Knowledge = MappingProxyType(
    {
        EventKind.departed: (1.0, 90),
        EventKind.entered_theatre: (0.5, 120),
        EventKind.killed: (0.75, 60),
        EventKind.detained: (0.7, 45),
        EventKind.released: (0.5, 60),
        EventKind.returned: (0.97, 10),
        EventKind.relocated: (0.3, 180),
        EventKind.prosecuted: (0.9, 5),
    }
)
"""What a national list learns of its people, and how fast (chance, mean lag in days)."""

LIST_STATUS: Mapping[str, str] = MappingProxyType(
    {
        EventKind.departed: "departed",
        EventKind.entered_theatre: "in_theatre",
        EventKind.sighted: "in_theatre",
        EventKind.killed: "killed",
        EventKind.detained: "detained",
        EventKind.released: "in_theatre",
        EventKind.returned: "returned",
        EventKind.relocated: "relocated",
        EventKind.prosecuted: "returned",
    }
)
"""A list's status of someone by their last event (a death known only from weak reports is
`killed_reported`): entering, being sighted and being released all leave someone in theatre;
a prosecution follows a return."""


@dataclass(frozen=True)
class ListStyle:
    """How one national list writes: spelling habit, country names, labels, knowledge."""

    country: str
    habit: str
    countries: str
    gender: tuple[str, str]
    status_words: Mapping[str, str]
    """The word for each status of `LIST_STATUS`, and for `killed_reported`."""
    knowledge: Knowledge = field(default_factory=lambda: LIST_KNOWLEDGE)
    false_death: float = 0.5
    sighting: float = 0.55


def eligible_for(country: str, cutoff: str) -> Eligible:
    """A list's eligibility: residents or citizens of `country` who left by its date."""

    def eligible(world: World) -> np.ndarray:
        pop = world.population
        theirs = (pop.country == country) | np.array([country in c for c in pop.citizenship])
        return np.asarray(theirs & (world.trajectories.departed <= day(cutoff) - 30))

    return eligible


def _status(events: list[SimEvent], words: Mapping[str, str]) -> str:
    status = "departed"
    for e in sorted(events, key=lambda e: e.date.sort_key() if e.date else (0, 0, 0)):
        if e.kind == EventKind.killed and (e.credibility or 2) >= 4:
            status = "killed_reported"
        else:
            status = LIST_STATUS.get(e.kind, status)
    return words[status]


def list_render(style: ListStyle) -> Render:
    """The record writer of a national list in `style`."""

    def render(world: World, i: int, ctx: RenderContext) -> list[SimRecord]:
        cutoff = day(ctx.spec.published)
        events = known_events(world, i, cutoff, style.knowledge, ctx, year_only=0.02)
        events += false_death(world, i, cutoff, style.false_death, ctx)
        events += last_sighting(world, i, cutoff, style.sighting, 365, ctx)
        events = latest_per_kind(events)
        names = names_in(world, i, style.habit, ctx)
        cells: dict[str, Cell] = {}
        ctx.put(cells, "family_name", names.family)
        ctx.put(cells, "given_name", names.given)
        ctx.put(cells, "patronymic", names.patronymic)
        ctx.put(cells, "kunya", names.kunya)
        ctx.put(cells, "alias", list(names.aliases))
        ctx.put(cells, "birth_date", birth_date(world, i, ctx))
        ctx.put(cells, "birth_place", world.population.birth_place[i])
        ctx.put(
            cells,
            "citizenship",
            [country_label(c, style.countries) for c in citizenships(world, i, ctx)],
        )
        ctx.put(cells, "gender", gender(world, i, style.gender))
        ctx.put(cells, "status", _status(events, style.status_words))
        reported = report_day(events, int(world.trajectories.departed[i]) + 30)
        record = SimRecord(ctx.next_id(), i, cells, events, min(reported, cutoff))
        return [record]

    return render


LIST_NOISE = NoiseProfile(
    variant=0.12,
    typo=0.02,
    swap_order=0.04,
    drop_nasab=1.0,
    add_nasab=0.0,
    year_only=0.03,
    month_only=0.0,
    day_month_swap=0.01,
    missing_birth_date=0.02,
    wrong_citizenship=0.02,
    duplicate=0.02,
)


def national_list(
    *,
    name: str,
    publisher: str,
    published: str,
    language: str,
    reliability: str,
    credibility: int,
    date_style: str,
    columns: tuple[Column, ...],
    coverage: Coverage,
    noise: NoiseProfile,
    style: ListStyle,
    description: str,
    id_prefix: str,
) -> SourceSpec:
    """The spec of `style.country`'s restricted list (CSV) of those who left by `published`."""
    return SourceSpec(
        name=name,
        country=style.country,
        kind=SourceKind.government_list,
        publisher=publisher,
        published=published,
        language=language,
        reliability=reliability,
        compartment=Compartment.restricted,
        credibility=credibility,
        fmt="csv",
        date_style=date_style,
        columns=columns,
        coverage=coverage,
        noise=noise,
        eligible=eligible_for(style.country, published),
        render=list_render(style),
        description=description,
        id_prefix=id_prefix,
    )
