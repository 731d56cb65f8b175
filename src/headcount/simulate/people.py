"""Made-up people with names in the forms jihadist lists use (Given Father [Grandfather]
Family, a variant spelling with or without a kunya or a nisba), for screening at scale:
the benchmarks' index of a million persons and the screening tests.

Nothing here is real personal data: names are drawn from the name-part table and from
made-up family names built of syllables.

Invariant: `generated_people(n, seed)` gives the same people for the same arguments.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from headcount.names.tables import nisba_table, part_table

_SYLLABLES = (
    "ba",
    "bi",
    "da",
    "di",
    "du",
    "fa",
    "ha",
    "hi",
    "ja",
    "ka",
    "ki",
    "la",
    "li",
    "ma",
    "mi",
    "mu",
    "na",
    "ni",
    "ra",
    "ri",
    "ru",
    "sa",
    "si",
    "ta",
    "ti",
    "wa",
    "ya",
    "za",
    "zi",
    "gha",
    "kha",
    "sha",
    "sha",
    "qa",
    "ash",
    "an",
    "ar",
    "al",
    "im",
    "ud",
)
_CITIZENSHIPS = ("FRA", "BEL", "DEU", "GBR", "TUN", "MAR", "RUS", "TJK", "SWE", "NLD", "DZA")


@cache
def _variants() -> dict[str, tuple[str, ...]]:
    """Canonical part → its listed spellings (canonical first), for parts that are names."""
    out: dict[str, list[str]] = {}
    for spelling, canonical in part_table().canonical.items():
        if "_" not in canonical and canonical not in ("abd", "allah", "din"):
            out.setdefault(canonical, [canonical]).append(spelling)
    return {k: tuple(dict.fromkeys(v)) for k, v in sorted(out.items())}


@dataclass(frozen=True)
class GeneratedPerson:
    """A made-up person: a name, another spelling of it, a birth date and a citizenship."""

    name: str
    variant: str
    birth_date: str
    citizenship: str


def _family(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _spell(rng: random.Random, canonical: str) -> str:
    return rng.choice(_variants()[canonical]).capitalize()


def generated_people(n: int, seed: int = 0) -> Iterator[GeneratedPerson]:
    """n people named Given Father [Grandfather] Family, each with a variant spelling that
    changes spellings, may drop the grandfather, and may add a kunya or a nisba."""
    rng = random.Random(seed)
    given = list(_variants())
    nisbas = sorted({n.canonical for n in nisba_table().values()})
    for _ in range(n):
        parts = [rng.choice(given) for _ in range(rng.choice((2, 2, 3)))]
        family = _family(rng)
        name = " ".join([*(p.capitalize() for p in parts), family])
        kept = parts if rng.random() < 0.5 else parts[:2]
        variant = [_spell(rng, p) for p in kept] + [family]
        if rng.random() < 0.3:
            variant = [f"Abu {_spell(rng, rng.choice(given))}", *variant]
        if rng.random() < 0.2:
            variant.append(f"al-{rng.choice(nisbas).capitalize()}")
        year = rng.randint(1960, 2002)
        date = rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-01-01"))
        yield GeneratedPerson(name, " ".join(variant), date, rng.choice(_CITIZENSHIPS))
