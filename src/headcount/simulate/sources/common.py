"""Helpers shared by the source modules: names, events, dates and countries as written.

Each helper draws its noise from the source's `NoiseProfile`, so a source's records differ
from the truth exactly as its profile says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from headcount.model.vocabulary import EventKind
from headcount.simulate import names as nm
from headcount.simulate.noise import SimDate, blur, noisy_birth_date, spell
from headcount.simulate.origins import country_names
from headcount.simulate.sources.base import RenderContext, SimEvent
from headcount.simulate.world import World

Knowledge = Mapping[str, tuple[float, float]]
"""Per event kind: the chance a source learns of it, and its mean reporting lag in days."""


@dataclass(frozen=True)
class Names:
    """One record's spelling of a person's names (all in one habit, with noise)."""

    given: str
    family: str
    patronymic: str
    full: str
    kunya: str
    nisba: str
    aliases: tuple[str, ...]


def names_in(world: World, i: int, habit: str, ctx: RenderContext) -> Names:
    """The person's names as this record writes them in `habit`, with the source's noise.

    A culture without family names gets the father's name as its family name (as lists
    do); given and family may be swapped; the nasab is sometimes added to the given names.
    """
    identity, noise, rng = world.population.identity[i], ctx.noise, ctx.rng
    given = spell(nm.given_name(identity, habit), noise, rng)
    father = spell(nm.patronymic(identity, habit), noise, rng)
    family = spell(nm.family_name(identity, habit), noise, rng) or father
    if rng.random() < noise.add_nasab and identity.culture not in nm.CYRILLIC_CULTURES:
        given = f"{given} {father}"
    if rng.random() < noise.swap_order:
        given, family = family, given
    patronymic = "" if rng.random() < noise.drop_nasab else father
    if identity.culture in nm.CYRILLIC_CULTURES:
        full = " ".join(w for w in (family, given, patronymic) if w)
    else:
        words = (given, patronymic, family) if family != patronymic else (given, family)
        full = " ".join(w for w in words if w)
    nisba = spell(nm.nisba(identity, habit), noise, rng)
    kunyas = [spell(nm.kunya(identity, habit, k), noise, rng) for k in range(len(identity.kunyas))]
    aliases = tuple(f"{k} {nisba}".strip() for k in kunyas)
    return Names(given, family, patronymic, full, kunyas[0] if kunyas else "", nisba, aliases)


def lag(ctx: RenderContext, mean_days: float) -> int:
    """A reporting delay: exponential with the given mean, at least one day."""
    return 1 + int(ctx.rng.exponential(mean_days)) if mean_days > 0 else 0


def known_events(
    world: World,
    i: int,
    cutoff: int,
    knowledge: Knowledge,
    ctx: RenderContext,
    year_only: float = 0.0,
    month_only: float = 0.1,
) -> list[SimEvent]:
    """The true events a source learnt of by day `cutoff`, each with its report date."""
    out = []
    for e in world.events[i]:
        if e.day > cutoff:
            break
        chance, mean_lag = knowledge.get(e.kind, (0.0, 0.0))
        if chance <= 0 or ctx.rng.random() >= chance:
            continue
        reported = e.day + lag(ctx, mean_lag)
        if reported > cutoff:
            continue
        date = blur(e.day, ctx.rng, year_only, month_only)
        out.append(SimEvent(e.kind, date, e.place, reported))
    return out


def false_death(
    world: World, i: int, cutoff: int, chance: float, ctx: RenderContext, credibility: int = 4
) -> list[SimEvent]:
    """A false death report (from the group's announcement), if this source repeated it."""
    when = int(world.false_death[i])
    if when < 0 or ctx.rng.random() >= chance:
        return []
    reported = when + lag(ctx, 20)
    if reported > cutoff:
        return []
    place = world.place_on(i, when)
    return [SimEvent(EventKind.killed, blur(when, ctx.rng, 0, 0.3), place, reported, credibility)]


def last_sighting(
    world: World, i: int, cutoff: int, chance: float, window: int, ctx: RenderContext
) -> list[SimEvent]:
    """A sighting in theatre during the `window` days before `cutoff`, if the source has one."""
    if ctx.rng.random() >= chance:
        return []
    seen = world.sighting(i, cutoff - window, cutoff - 7, ctx.rng)
    if seen is None:
        return []
    reported = min(cutoff, seen.day + lag(ctx, 30))
    return [SimEvent(EventKind.sighted, blur(seen.day, ctx.rng, 0, 0.4), seen.place, reported)]


def latest_per_kind(events: list[SimEvent]) -> list[SimEvent]:
    """One event per kind (the latest), for sources with one column group per kind."""
    kept: dict[str, SimEvent] = {}
    for e in events:
        kept[e.kind] = e
    return sorted(kept.values(), key=lambda e: e.reported_on or 0)


def birth_date(world: World, i: int, ctx: RenderContext) -> SimDate | None:
    """The birth date as this record gives it (maybe missing, partial or wrong)."""
    return noisy_birth_date(world.birth_day(i), ctx.noise, ctx.rng)


def citizenships(world: World, i: int, ctx: RenderContext) -> list[str]:
    """ISO3 citizenships as recorded: sometimes one of a dual pair is missing, or wrong."""
    true = list(world.population.citizenship[i])
    if ctx.rng.random() >= ctx.noise.wrong_citizenship:
        return true
    nisba = world.population.identity[i].nisba
    if len(true) > 1:
        return true[:1]
    if nisba in country_names() and nisba != true[0]:
        return [str(nisba)]
    return [str(world.population.country[i])]


def country_label(iso3: str, style: str) -> str:
    """A country as a source writes it: `iso` code, or its name in `en`, `fr`, `de`, `ar`."""
    if style == "iso":
        return iso3
    return country_names()[iso3][f"name_{style}"]


def report_day(events: list[SimEvent], floor: int) -> int:
    """A record's report date: its latest event's report date, at least `floor`."""
    days = [e.reported_on for e in events if e.reported_on is not None]
    return max([floor, *days])


def gender(world: World, i: int, labels: tuple[str, str]) -> str:
    """The sex as the source labels it: labels = (male, female)."""
    return labels[0] if world.population.sex[i] == "m" else labels[1]


def chance(rng: np.random.Generator, p: float) -> bool:
    """True with probability p."""
    return bool(rng.random() < p)
