"""What truly happened to each person: departure, route, entry, and a fate with dates.

Every person departs between 2012 and 2016 (peaking in mid-2014), most through Turkey; a
few are stopped on the way. Those who enter Syria or Iraq meet one fate, at rates that
differ by region and country (`Scenario.fates`): killed; captured by the SDF (men to
prisons, women and children to al-Hol or Roj; some later repatriated, released or handed
to Iraq); captured in Iraq (and tried there); returned home (some through Turkish
detention, many prosecuted); relocated to another front (Libya, Afghanistan, the
Philippines, Yemen, Somalia, the Balkans; some killed there); or still at large.

The result is an event table in the vocabulary's kinds. Invariant: a person's events are
in date order, the first is `departed`, and nothing follows a `killed`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from headcount.model.vocabulary import EventKind
from headcount.simulate.origins import load_origins
from headcount.simulate.population import Population
from headcount.simulate.scenarios import Scenario
from headcount.simulate.timeline import DEATHS, IRAQ_CAPTURES, SDF_CAPTURES, day, draw_after

FATES = ("killed", "sdf", "iraq", "relocated", "returned", "at_large")
WESTERN = frozenset({"WEU", "AMR"})
TRANSIT = ("TUR:Gaziantep", "TUR:Şanlıurfa", "TUR:Kilis", "TUR:Hatay", "TUR:İstanbul")
ENTRY_SYR = (
    ("SYR:Raqqa", 0.35),
    ("SYR:Aleppo", 0.2),
    ("SYR:Deir ez-Zor", 0.15),
    ("SYR:Idlib", 0.12),
    ("SYR:Hasakah", 0.08),
    ("SYR:Homs", 0.1),
)
EARLY_SYR = (("SYR:Aleppo", 0.4), ("SYR:Idlib", 0.3), ("SYR:Latakia", 0.15), ("SYR:Homs", 0.15))
ENTRY_IRQ = (("IRQ:Mosul", 0.5), ("IRQ:Anbar", 0.25), ("IRQ:Tal Afar", 0.15), ("IRQ:Kirkuk", 0.1))
FRONT_PLACE = {
    "LBY": "LBY:Sirte",
    "AFG": "AFG:Nangarhar",
    "PHL": "PHL:Marawi",
    "YEM": "YEM:Abyan",
    "SOM": "SOM:Puntland",
    "BIH": "BIH:Zenica",
}
FRONT_OPENS = {
    "LBY": "2014-11-01",
    "AFG": "2015-01-15",
    "PHL": "2016-01-01",
    "YEM": "2015-03-01",
    "SOM": "2015-10-01",
    "BIH": "2015-01-01",
}
BATTLES = (
    ("2014-09-15", "2015-02-01", "SYR:Kobani"),
    ("2016-05-01", "2016-09-01", "SYR:Manbij"),
    ("2016-10-15", "2017-08-01", "IRQ:Mosul"),
    ("2017-06-01", "2017-10-20", "SYR:Raqqa"),
    ("2019-01-01", "2019-03-24", "SYR:Baghuz"),
)


@dataclass
class Events:
    """True events: one row per event (person index, kind, day number, place)."""

    person: np.ndarray
    kind: np.ndarray
    date: np.ndarray
    place: np.ndarray

    def __len__(self) -> int:
        return len(self.person)


@dataclass
class Trajectories:
    """Each person's departure, entry and fate, and every true event."""

    departed: np.ndarray
    entered: np.ndarray
    fate: np.ndarray
    events: Events


class _Draw:
    """What every part of a path is drawn with (the people, the scenario and its horizon,
    one random stream), and the event chunks drawn so far, sorted into one table by `build`."""

    def __init__(self, population: Population, scenario: Scenario, rng: np.random.Generator):
        self.population, self.scenario, self.rng = population, scenario, rng
        self.horizon = day(scenario.horizon)
        self.chunks: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []

    def add(self, who: np.ndarray, kind: EventKind, when: np.ndarray, where: object) -> None:
        place = np.asarray(where, dtype=object)
        if place.ndim == 0:
            place = np.full(len(who), where, dtype=object)
        self.chunks.append((np.asarray(who), kind.value, np.asarray(when), place))

    def add_at_home(self, who: np.ndarray, kind: EventKind, when: np.ndarray) -> None:
        """Add events that happen in each person's home country."""
        self.add(who, kind, when, self.population.country[who].astype(object))

    def build(self) -> Events:
        person = np.concatenate([c[0] for c in self.chunks]).astype(np.int64)
        kind = np.concatenate([np.full(len(c[0]), c[1], dtype="<U16") for c in self.chunks])
        when = np.concatenate([c[2] for c in self.chunks]).astype(np.int64)
        place = np.concatenate([c[3] for c in self.chunks])
        order = np.lexsort((_KIND_ORDER(kind), when, person))
        return Events(person[order], kind[order], when[order], place[order])


_KIND_RANK = {k.value: i for i, k in enumerate(EventKind)}
_KIND_ORDER = np.vectorize(_KIND_RANK.__getitem__, otypes=[np.int64])


def _pick(options: tuple[tuple[str, float], ...], n: int, rng: np.random.Generator) -> np.ndarray:
    names = np.array([o[0] for o in options], dtype=object)
    weights = np.array([o[1] for o in options])
    return names[rng.choice(len(names), size=n, p=weights / weights.sum())]


def build_trajectories(
    population: Population, scenario: Scenario, rng: np.random.Generator
) -> Trajectories:
    """Draw every person's path and return the true events."""
    n = len(population)
    d = _Draw(population, scenario, rng)
    departed = _departures(population, scenario, rng)
    d.add_at_home(np.arange(n), EventKind.departed, departed)
    stopped = rng.random(n) < scenario.stopped_en_route
    via_turkey = rng.random(n) < np.where(np.isin(population.country, ["JOR", "LBN"]), 0.3, 0.93)
    travel = np.maximum(1, rng.lognormal(np.log(10), 0.8, n)).astype(np.int64)
    transit = via_turkey | stopped
    d.add(
        np.flatnonzero(transit),
        EventKind.sighted,
        (departed + np.minimum(travel, 3))[transit],
        _pick(tuple((t, 1.0) for t in TRANSIT), int(transit.sum()), rng),
    )
    _stopped(np.flatnonzero(stopped), departed, d)
    entered = np.where(stopped, -1, departed + travel)
    went = np.flatnonzero(~stopped)
    in_iraq = rng.random(len(went)) < 0.2
    entry_place = np.where(
        in_iraq, _pick(ENTRY_IRQ, len(went), rng), _pick(ENTRY_SYR, len(went), rng)
    )
    early = entered[went] < day("2014-01-01")  # before the group held Raqqa and Mosul
    entry_place[early & ~in_iraq] = _pick(EARLY_SYR, int((early & ~in_iraq).sum()), rng)
    entry_place[early & in_iraq] = "IRQ:Anbar"
    d.add(went, EventKind.entered_theatre, entered[went], entry_place)
    fate = np.full(n, "stopped", dtype="<U9")
    fate[went] = _fates(went, population, scenario, rng)
    where = np.empty(n, dtype=object)
    where[went] = entry_place
    _killed(np.flatnonzero(fate == "killed"), entered, where, d)
    _sdf(np.flatnonzero(fate == "sdf"), entered, d)
    _iraq(np.flatnonzero(fate == "iraq"), entered, d)
    _returned(np.flatnonzero(fate == "returned"), entered, d)
    _relocated(np.flatnonzero(fate == "relocated"), entered, d)
    _at_large(np.flatnonzero(fate == "at_large"), entered, d)
    return Trajectories(departed, entered, fate, d.build())


def _departures(population: Population, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    n = len(population)
    shift = np.select([population.region == "CAS", population.region == "MENA"], [120, -90], 0)
    spread = scenario.departure_spread_months * 30.4
    drawn = day(scenario.departure_peak) + shift + rng.normal(0, spread, n)
    lo, hi = day("2012-01-01"), day("2016-12-31")
    out = np.clip(drawn, lo, hi)
    redraw = (drawn < lo) | (drawn > hi)
    out[redraw] = rng.uniform(lo, hi, int(redraw.sum()))
    return out.astype(np.int64)


def _fates(
    went: np.ndarray, population: Population, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    shares = {o.iso3: o.returned_share for o in load_origins()}
    probs = np.zeros((len(went), len(FATES)))
    for j, i in enumerate(went):
        country, region = str(population.country[i]), str(population.region[i])
        rates = {**scenario.fates[region], **scenario.fate_overrides.get(country, {})}
        if shares.get(country) is not None and country not in scenario.fate_overrides:
            rates["returned"] = float(shares[country] or 0.0)
        probs[j, :5] = [rates[f] for f in FATES[:5]]
    women_or_minor = (population.sex[went] == "f") | population.minor[went]
    probs[women_or_minor, 0] *= 0.3
    probs[women_or_minor, 3] *= 0.3
    probs[women_or_minor, 1] *= 2.5
    probs[:, 5] = np.maximum(0.05, 1 - probs[:, :5].sum(axis=1))
    probs /= probs.sum(axis=1, keepdims=True)
    u = rng.random(len(went))[:, None]
    index = (u > np.cumsum(probs, axis=1)).sum(axis=1)
    return np.asarray(np.array(FATES)[np.minimum(index, len(FATES) - 1)])


def _stopped(who: np.ndarray, departed: np.ndarray, d: _Draw) -> None:
    caught = departed[who] + d.rng.integers(2, 20, len(who))
    d.add(who, EventKind.detained, caught, "TUR:Hatay")
    _home(who, caught + d.rng.integers(10, 120, len(who)), d)


def _killed(who: np.ndarray, entered: np.ndarray, where: np.ndarray, d: _Draw) -> None:
    when = draw_after(DEATHS, entered[who] + 14, np.full(len(who), d.horizon), d.rng)
    place = where[who].copy()
    for lo, hi, battle in BATTLES:
        at_battle = (when >= day(lo)) & (when < day(hi)) & (d.rng.random(len(who)) < 0.5)
        place[at_battle] = battle
    d.add(who, EventKind.killed, when, place)


def _camp(who: np.ndarray, population: Population, rng: np.random.Generator) -> np.ndarray:
    woman_or_minor = (population.sex[who] == "f") | population.minor[who]
    western = np.isin(population.region[who], list(WESTERN))
    roj = western & (rng.random(len(who)) < 0.6)
    return np.where(woman_or_minor, np.where(roj, "SYR:Roj", "SYR:al-Hol"), "SYR:Hasakah").astype(
        object
    )


def _sdf(who: np.ndarray, entered: np.ndarray, d: _Draw) -> None:
    population, scenario, rng, n = d.population, d.scenario, d.rng, len(who)
    caught = draw_after(SDF_CAPTURES, entered[who] + 30, np.full(n, day("2020-06-30")), rng)
    d.add(who, EventKind.detained, caught, _camp(who, population, rng))
    rate = np.array(
        [
            scenario.repatriation.get(str(c), scenario.repatriation_default)
            for c in population.country[who]
        ]
    )
    u = rng.random(n)
    start = np.maximum(caught + 60, day("2019-01-01"))
    repatriated = (u < rate) & (start < d.horizon)
    when = start + (rng.random(n) * np.maximum(1, d.horizon - start)).astype(np.int64)
    _home(who[repatriated], when[repatriated], d)
    released = ~repatriated & (u > 0.94) & (start < d.horizon)
    d.add(who[released], EventKind.released, when[released], "SYR:Hasakah")
    men = (population.sex[who] == "m") & ~population.minor[who]
    western_man = men & np.isin(population.region[who], list(WESTERN))
    moved = ~repatriated & ~released & western_man & (rng.random(n) < 0.08)
    moved &= caught < day("2019-02-01")
    handover = np.full(int(moved.sum()), day("2019-02-24"))
    d.add(who[moved], EventKind.detained, handover, "IRQ:Baghdad")
    trial = handover + rng.integers(60, 150, len(handover))
    d.add(who[moved], EventKind.prosecuted, trial, "IRQ:Baghdad")


def _iraq(who: np.ndarray, entered: np.ndarray, d: _Draw) -> None:
    population, rng, n = d.population, d.rng, len(who)
    caught = draw_after(IRAQ_CAPTURES, entered[who] + 30, np.full(n, day("2019-12-31")), rng)
    place = np.where(rng.random(n) < 0.7, "IRQ:Mosul", "IRQ:Tal Afar").astype(object)
    d.add(who, EventKind.detained, caught, place)
    tried = (rng.random(n) < 0.8) & ~population.minor[who]
    when = caught + rng.integers(60, 400, n)
    tried &= when < d.horizon
    d.add(who[tried], EventKind.prosecuted, when[tried], "IRQ:Baghdad")
    minors = population.minor[who] & (rng.random(n) < 0.5)
    home = caught + rng.integers(200, 700, n)
    minors &= home < d.horizon
    d.add_at_home(who[minors], EventKind.returned, home[minors])


def _returned(who: np.ndarray, entered: np.ndarray, d: _Draw) -> None:
    rng, n = d.rng, len(who)
    stay = np.maximum(20, rng.lognormal(np.log(240), 0.8, n)).astype(np.int64)
    leave = np.minimum(entered[who] + stay, d.horizon - 200)
    via_jail = rng.random(n) < 0.25
    d.add(who[via_jail], EventKind.detained, leave[via_jail], "TUR:Şanlıurfa")
    d.add(who[~via_jail], EventKind.sighted, leave[~via_jail], "TUR:Gaziantep")
    _home(who, leave + np.where(via_jail, rng.integers(20, 180, n), rng.integers(1, 10, n)), d)


def _relocated(who: np.ndarray, entered: np.ndarray, d: _Draw) -> None:
    scenario, rng, n = d.scenario, d.rng, len(who)
    front = np.empty(n, dtype=object)
    for j, i in enumerate(who):
        options = scenario.relocation_fronts[str(d.population.region[i])]
        front[j] = list(options)[rng.choice(len(options), p=_norm(list(options.values())))]
    opens = np.array([day(FRONT_OPENS[f]) for f in front])
    when = np.maximum(entered[who] + 90, opens) + rng.lognormal(np.log(120), 0.8, n).astype(int)
    when = np.minimum(when, day("2018-12-31"))
    d.add(who, EventKind.relocated, when, np.array([FRONT_PLACE[f] for f in front], dtype=object))
    dies = rng.random(n) < scenario.killed_after_relocation
    death = when + rng.integers(30, 1100, n)
    dies &= death < d.horizon
    d.add(
        who[dies],
        EventKind.killed,
        death[dies],
        np.array([FRONT_PLACE[f] for f in front[dies]], dtype=object),
    )


def _at_large(who: np.ndarray, entered: np.ndarray, d: _Draw) -> None:
    rng, n = d.rng, len(who)
    moved = rng.random(n) < 0.5
    when = np.maximum(entered[who] + 60, day("2018-06-01")) + rng.integers(0, 300, n)
    moved &= when < d.horizon
    place = np.where(rng.random(n) < 0.6, "SYR:Idlib", "SYR:Badia").astype(object)
    d.add(who[moved], EventKind.sighted, when[moved], place[moved])


def _home(who: np.ndarray, when: np.ndarray, d: _Draw) -> None:
    """They return home on `when`; some adults (their region's rate) are prosecuted there."""
    population, rng, n = d.population, d.rng, len(who)
    d.add_at_home(who, EventKind.returned, when)
    rate = np.array([d.scenario.prosecution[str(r)] for r in population.region[who]])
    tried = (rng.random(n) < rate) & ~population.minor[who]
    trial = when + rng.integers(60, 720, n)
    tried &= trial < d.horizon
    d.add_at_home(who[tried], EventKind.prosecuted, trial[tried])


def _norm(weights: list[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return np.asarray(w / w.sum())
