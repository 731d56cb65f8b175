"""Who went: each person's country, sex, age, culture, citizenships, names and visibility.

The country of a person is the country they left from (the unit of the published figures
and of every count in `truth/`); citizenship sometimes differs from it (a Moroccan citizen
living in Belgium, a Chechen refugee with Russian papers in Austria) and is sometimes dual.
Women and minors come in the published shares. `visibility` is a hidden per-person
propensity to be recorded, shared by all sources: the heterogeneity that multiple systems
estimation must cope with.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import numpy as np

from headcount.simulate.names import CULTURES, Identity, kunya_pool, pool
from headcount.simulate.origins import _data_path, country_names, load_origins
from headcount.simulate.scenarios import Scenario

HOME_COUNTRIES: dict[str, tuple[str, ...]] = {
    "maghreb": ("DZA", "MAR", "TUN", "LBY"),
    "arab": ("LBN", "IRQ", "SYR", "PSE", "EGY", "SOM", "JOR", "SAU", "YEM", "KWT", "SDN"),
    "turk": ("TUR", "AZE"),
    "cauc": ("RUS", "GEO", "AZE"),
    "casia": ("UZB", "TJK", "KGZ", "KAZ", "TKM"),
    "balkan": ("BIH", "XKX", "MKD", "ALB", "SRB", "MNE"),
    "sasia": ("PAK",),
    "seasia": ("IDN", "MYS", "PHL"),
    "uyghur": ("CHN",),
}
"""Countries where a naming culture is at home; elsewhere its bearers are a diaspora."""

ETHNIC_NISBA_BY_CULTURE: dict[str, tuple[str, ...]] = {
    "cauc": ("shishani", "shishani", "dagestani"),
    "arab": ("muhajir",),
    "turk": ("kurdi", "muhajir"),
}


@dataclass
class Population:
    """The persons, one entry per person in every array and list (index = person)."""

    person_id: list[str]
    country: np.ndarray
    region: np.ndarray
    sex: np.ndarray
    minor: np.ndarray
    age_days: np.ndarray
    culture: np.ndarray
    identity: list[Identity]
    citizenship: list[tuple[str, ...]]
    residence: list[str]
    birth_place: list[str]
    visibility: np.ndarray

    def __len__(self) -> int:
        return len(self.person_id)


@cache
def _culture_mixtures() -> dict[str, tuple[dict[str, float], tuple[str, ...]]]:
    with _data_path("cultures.csv").open(newline="", encoding="utf-8") as handle:
        table = {}
        for row in csv.DictReader(handle):
            mix = {c: float(w) for c, w in (p.split(":") for p in row["mixture"].split(";"))}
            heritage = tuple(h for h in row["heritage"].split(";") if h)
            table[row["iso3"]] = (mix, heritage)
    return table


def allocate(total: int, weights: dict[str, float], fixed: dict[str, int]) -> dict[str, int]:
    """Persons per country: fixed counts first, the rest by largest remainder over weights."""
    rest = total - sum(fixed.values())
    if rest < 0:
        raise ValueError(f"{total} persons cannot hold the fixed counts {fixed}")
    free = {k: w for k, w in weights.items() if k not in fixed}
    scale = sum(free.values())
    exact = {k: rest * w / scale for k, w in free.items()}
    counts = {k: int(v) for k, v in exact.items()}
    short = rest - sum(counts.values())
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[:short]:
        counts[k] += 1
    return {**counts, **fixed}


def build_population(persons: int, scenario: Scenario, rng: np.random.Generator) -> Population:
    """Draw `persons` people whose country totals follow the origin weights."""
    origins = {o.iso3: o for o in load_origins()}
    counts = allocate(persons, {k: o.weight for k, o in origins.items()}, scenario.fixed_counts)
    country = np.array([c for c in sorted(counts) for _ in range(counts[c])], dtype="<U3")
    country = country[rng.permutation(len(country))]
    region = np.array([origins[c].region for c in country], dtype="<U4")
    sex, minor, age_days = _sex_and_age(country, scenario, rng)
    culture = _cultures(country, rng)
    identity = _identities(culture, sex, minor, age_days, country, scenario, rng)
    citizenship, birth_place = _citizenships(country, culture, rng)
    return Population(
        person_id=[f"P{i + 1:06d}" for i in range(len(country))],
        country=country,
        region=region,
        sex=sex,
        minor=minor,
        age_days=age_days,
        culture=culture,
        identity=identity,
        citizenship=citizenship,
        residence=[_city(c, rng) for c in country],
        birth_place=birth_place,
        visibility=rng.standard_normal(len(country)),
    )


def _sex_and_age(
    country: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(country)
    women = np.full(n, scenario.women_share)
    minors = np.full(n, scenario.minors_share)
    for iso3, (w, m) in scenario.share_overrides.items():
        women[country == iso3], minors[country == iso3] = w, m
    u = rng.random(n)
    minor = u < minors
    woman = (~minor) & (u < minors + women)
    sex = np.where(woman | (minor & (rng.random(n) < 0.5)), "f", "m").astype("<U1")
    adult_years = 18 + np.minimum(rng.lognormal(np.log(np.where(woman, 5.0, 7.5)), 0.7), 47)
    minor_years = 17.9 * rng.beta(1.2, 1.8, n)
    years = np.where(minor, minor_years, adult_years)
    return sex, minor, (years * 365.25).astype(np.int64)


def _cultures(country: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    mixtures = _culture_mixtures()
    culture = np.empty(len(country), dtype="<U8")
    for iso3 in np.unique(country):
        mask = country == iso3
        mix = mixtures[str(iso3)][0]
        names, weights = list(mix), np.array(list(mix.values()))
        culture[mask] = rng.choice(names, size=int(mask.sum()), p=weights / weights.sum())
    return culture


def _draw(culture: str, kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    keys, weights = pool(culture, kind)
    w = np.array(weights)
    return np.array(keys)[rng.choice(len(keys), size=size, p=w / w.sum())]


def _identities(
    culture: np.ndarray,
    sex: np.ndarray,
    minor: np.ndarray,
    age_days: np.ndarray,
    country: np.ndarray,
    scenario: Scenario,
    rng: np.random.Generator,
) -> list[Identity]:
    n = len(culture)
    given = np.empty(n, dtype=object)
    father, grandfather, family = (np.empty(n, dtype=object) for _ in range(3))
    for c in CULTURES:
        for s in ("m", "f"):
            mask = (culture == c) & (sex == s)
            if mask.any():
                given[mask] = _draw(c, s, int(mask.sum()), rng)
        mask = culture == c
        if mask.any():
            k = int(mask.sum())
            father[mask] = _draw(c, "m", k, rng)
            grandfather[mask] = _draw(c, "m", k, rng)
            family[mask] = _draw(c, "family", k, rng)
    no_family = ((culture == "arab") & (rng.random(n) < 0.3)) | (
        (culture == "seasia") & (rng.random(n) < 0.5)
    )
    family[no_family] = None
    kunyas = _kunyas(sex, minor, age_days, scenario, rng)
    nisbas = _nisbas(culture, country, kunyas, rng)
    return [
        Identity(
            str(culture[i]),
            str(sex[i]),
            given[i],
            father[i],
            grandfather[i],
            family[i],
            kunyas[i],
            nisbas[i],
        )
        for i in range(n)
    ]


def _kunyas(
    sex: np.ndarray,
    minor: np.ndarray,
    age_days: np.ndarray,
    scenario: Scenario,
    rng: np.random.Generator,
) -> list[tuple[str, ...]]:
    n = len(sex)
    teen = minor & (sex == "m") & (age_days > 14 * 365)
    chance = np.where(minor, np.where(teen, 0.4, 0.0), np.where(sex == "m", 1.0, 0.55))
    has = rng.random(n) < chance * scenario.kunya_share
    second = has & (rng.random(n) < 0.12)
    keys, weights = kunya_pool()
    w = np.array(weights) / sum(weights)
    first = np.array(keys)[rng.choice(len(keys), size=n, p=w)]
    other = np.array(keys)[rng.choice(len(keys), size=n, p=w)]
    return [
        ((first[i], other[i]) if second[i] and other[i] != first[i] else (first[i],))
        if has[i]
        else ()
        for i in range(n)
    ]


def _nisbas(
    culture: np.ndarray,
    country: np.ndarray,
    kunyas: list[tuple[str, ...]],
    rng: np.random.Generator,
) -> list[str | None]:
    u = rng.random(len(culture))
    result: list[str | None] = []
    for i, c in enumerate(culture):
        if not kunyas[i] or u[i] > 0.92:
            result.append(None)
        elif u[i] < 0.70 or str(c) not in HOME_COUNTRIES:
            result.append(str(country[i]))
        elif str(c) in ETHNIC_NISBA_BY_CULTURE and u[i] < 0.82:
            options = ETHNIC_NISBA_BY_CULTURE[str(c)]
            result.append(options[int(u[i] * 1000) % len(options)])
        else:
            home = HOME_COUNTRIES[str(c)]
            result.append(home[int(u[i] * 1000) % len(home)])
    return result


def _heritage(country: str, culture: str, rng: np.random.Generator) -> str | None:
    home = HOME_COUNTRIES.get(culture)
    if home is None or country in home:
        return None
    preferred = [h for h in _culture_mixtures()[country][1] if h in home]
    options = preferred or list(home[:3])
    return options[int(rng.integers(len(options)))]


def _citizenships(
    country: np.ndarray, culture: np.ndarray, rng: np.random.Generator
) -> tuple[list[tuple[str, ...]], list[str]]:
    citizenship: list[tuple[str, ...]] = []
    birth_place: list[str] = []
    u = rng.random((len(country), 2))
    for i in range(len(country)):
        home, c = str(country[i]), str(culture[i])
        heritage = _heritage(home, c, rng)
        if heritage is None:
            citizenship.append((home,))
        elif u[i, 0] < 0.30:
            citizenship.append((home, heritage))
        elif u[i, 0] < 0.40 or (c == "cauc" and u[i, 0] < 0.8):
            citizenship.append((heritage,))
        else:
            citizenship.append((home,))
        born_abroad = heritage is not None and u[i, 1] < 0.4
        birth_place.append(_city(heritage if born_abroad and heritage else home, rng))
    return citizenship, birth_place


def _city(iso3: str, rng: np.random.Generator) -> str:
    """`ISO3:City`, the first cities of a country likelier than the last."""
    cities = country_names()[iso3]["cities"].split(";")
    weights = 1 / np.arange(1, len(cities) + 1)
    return f"{iso3}:{cities[rng.choice(len(cities), p=weights / weights.sum())]}"
