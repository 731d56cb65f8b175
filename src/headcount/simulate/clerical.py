"""The `clerical` scenario: two plain lists of Latin-script person records with clerical noise.

The other scenarios write the foreign-fighter population's sources, whose noise is that of
transliteration, kunyas and news reports. This one guards generalisation instead: the kind of
list every record-linkage tool is judged on (FEBRL's, Christen 2008) — one row per person and
record, with given and family name, birth date, gender, an identity-document number, a street
address, town and postcode — and the errors of people typing and scanning such lists:

- keyboard typos in names (a letter dropped, doubled, swapped with the next, mistyped) and
  OCR confusions (rn/m, cl/d, 0/O, 1/l, 5/S, 8/B);
- given and family names swapped;
- birth dates one digit off, with two digits transposed, day and month swapped, a year off;
- document numbers one digit off or with two digits transposed;
- a street number changed, a street type abbreviated; any field left empty.

Every person is in `clerical-a.csv` with a chance of `IN_A` and in `clerical-b.csv` with a
chance of `IN_B`, once or (with `TWICE_IN_B`) twice, so there are duplicates within a list as
well as across. `truth/links.csv` gives each record's person. `headcount dedupe
clerical-a.csv --link-with clerical-b.csv --map …` (the mapping is in `truth/mapping.txt`)
links them.

Names come from the simulator's name tables (their common Latin spelling, given names as
often as their weight says: many Mohammeds); streets and towns are made up, so no real
person or address appears.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from headcount.simulate.names import parts
from headcount.simulate.noise import typo
from headcount.simulate.sources.engine import stream

IN_A, IN_B, TWICE_IN_B = 0.8, 0.6, 0.1
COLUMNS = (
    "record_id",
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "id_number",
    "street",
    "town",
    "postcode",
)
MAPPING = (
    "given_name=given_name",
    "surname=family_name",
    "date_of_birth=birth_date",
    "sex=gender",
    "id_number=id_number",
    "street=address",
    "town=residence",
    "postcode=postcode",
)
"""The `--map` items `dedupe` reads the lists with."""
OCR = (
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("o", "0"),
    ("l", "1"),
    ("i", "l"),
    ("s", "5"),
    ("b", "8"),
    ("e", "c"),
)
STREETS = (
    "Oak",
    "Maple",
    "Cedar",
    "Willow",
    "Linden",
    "Birch",
    "Alder",
    "Rowan",
    "Hazel",
    "Juniper",
    "Heron",
    "Kestrel",
    "Lark",
    "Finch",
    "Wren",
    "Mill",
    "Station",
    "Church",
    "Bridge",
    "Market",
    "Orchard",
    "Meadow",
    "River",
    "Quarry",
    "Harbour",
)
STREET_TYPES = (
    ("Street", "St"),
    ("Road", "Rd"),
    ("Avenue", "Ave"),
    ("Lane", "Ln"),
    ("Close", "Cl"),
    ("Crescent", "Cres"),
)
SYLLABLES = (
    "bar",
    "ton",
    "ley",
    "ford",
    "wick",
    "ham",
    "mer",
    "dale",
    "ston",
    "bury",
    "field",
    "brook",
    "wood",
    "lan",
    "kir",
    "ash",
    "mont",
    "vel",
    "ros",
    "tor",
)


@dataclass(frozen=True)
class Noise:
    """The chance of each clerical error, per record and field."""

    typo: float = 0.2
    ocr: float = 0.05
    swap_names: float = 0.05
    missing: float = 0.05
    date_digit: float = 0.05
    date_transposed: float = 0.03
    date_swapped: float = 0.03
    year_off: float = 0.03
    id_digit: float = 0.05
    id_transposed: float = 0.03
    street_number: float = 0.05
    abbreviated: float = 0.3


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    born: date
    sex: str
    id_number: str
    number: int
    street: int
    street_type: int
    town: str
    postcode: str


def _towns(rng: np.random.Generator, count: int = 120) -> list[tuple[str, str]]:
    names = {
        "".join(SYLLABLES[int(i)] for i in rng.integers(len(SYLLABLES), size=2)).capitalize()
        for _ in range(count * 2)
    }
    chosen = sorted(names)[:count]
    codes = rng.choice(np.arange(1000, 9999), size=len(chosen), replace=False)
    return [(town, str(code)) for town, code in zip(chosen, codes.tolist(), strict=True)]


def people(count: int, rng: np.random.Generator) -> list[Person]:
    """`count` persons with names in their common Latin spelling and made-up addresses."""
    table = parts()
    given = [p for p in table.values() if p.kind in ("m", "f")]
    family = [p for p in table.values() if p.kind == "family"]
    towns = _towns(rng)
    out = []
    weights = np.asarray([p.weight for p in given], dtype=float)
    firsts = rng.choice(len(given), size=count, p=weights / weights.sum())
    for choice in firsts.tolist():
        first = given[choice]
        town, postcode = towns[int(rng.integers(len(towns)))]
        born = date(1950, 1, 1) + timedelta(days=int(rng.integers(0, 365 * 55)))
        out.append(
            Person(
                first.latin,
                family[int(rng.integers(len(family)))].latin,
                born,
                "F" if first.kind == "f" else "M",
                "".join(str(d) for d in rng.integers(0, 10, size=9)),
                int(rng.integers(1, 300)),
                int(rng.integers(len(STREETS))),
                int(rng.integers(len(STREET_TYPES))),
                town,
                postcode,
            )
        )
    return out


def _ocr(text: str, rng: np.random.Generator) -> str:
    found = [(a, b) for a, b in OCR if a in text]
    if not found:
        return text
    a, b = found[int(rng.integers(len(found)))]
    return text.replace(a, b, 1)


def _digit(text: str, rng: np.random.Generator) -> str:
    """One digit of the text changed."""
    spots = [i for i, c in enumerate(text) if c.isdigit()]
    i = spots[int(rng.integers(len(spots)))]
    return text[:i] + str((int(text[i]) + int(rng.integers(1, 10))) % 10) + text[i + 1 :]


def _transposed(text: str, rng: np.random.Generator) -> str:
    """Two neighbouring digits swapped."""
    spots = [i for i in range(len(text) - 1) if text[i].isdigit() and text[i + 1].isdigit()]
    i = spots[int(rng.integers(len(spots)))]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _birth(born: date, noise: Noise, rng: np.random.Generator) -> str:
    if rng.random() < noise.year_off:
        born = born.replace(year=born.year + int(rng.choice([-1, 1])), day=min(born.day, 28))
    text = born.isoformat()
    if rng.random() < noise.date_swapped and born.day <= 12:
        text = f"{born.year}-{born.day:02d}-{born.month:02d}"
    elif rng.random() < noise.date_digit:
        text = _digit(text, rng)
    elif rng.random() < noise.date_transposed:
        text = _transposed(text, rng)
    return text


def record(person: Person, noise: Noise, rng: np.random.Generator) -> dict[str, str]:
    """One list's record of a person, with clerical errors."""
    given, family = person.given, person.family
    if rng.random() < noise.typo:
        given = typo(given, rng)
    if rng.random() < noise.typo:
        family = typo(family, rng)
    if rng.random() < noise.ocr:
        family = _ocr(family, rng)
    if rng.random() < noise.swap_names:
        given, family = family, given
    id_number = person.id_number
    if rng.random() < noise.id_digit:
        id_number = _digit(id_number, rng)
    elif rng.random() < noise.id_transposed:
        id_number = _transposed(id_number, rng)
    number = person.number
    if rng.random() < noise.street_number:
        number = max(1, number + int(rng.integers(-9, 10)))
    kind = STREET_TYPES[person.street_type][int(rng.random() < noise.abbreviated)]
    row = {
        "given_name": given,
        "surname": family,
        "date_of_birth": _birth(person.born, noise, rng),
        "sex": person.sex,
        "id_number": id_number,
        "street": f"{number} {STREETS[person.street]} {kind}",
        "town": person.town,
        "postcode": person.postcode,
    }
    for column in list(row):
        if rng.random() < noise.missing:
            row[column] = ""
    return row


def write_clerical(persons: int, seed: int, out_dir: str | Path, noise: Noise = Noise()) -> Path:
    """Write `sources/clerical-a.csv`, `sources/clerical-b.csv` and `truth/` under `out_dir`."""
    out = Path(out_dir)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    population = people(persons, stream(seed, "clerical-population"))
    links = []
    for name, chance, twice in (("clerical-a", IN_A, 0.0), ("clerical-b", IN_B, TWICE_IN_B)):
        # who is listed is drawn apart from the errors, so that other noise lists the same
        rng, listed = stream(seed, name), stream(seed, f"{name}-listed")
        rows: list[dict[str, str]] = []
        for number, person in enumerate(population, start=1):
            if listed.random() >= chance:
                continue
            for _ in range(2 if listed.random() < twice else 1):
                key = f"{name[-1].upper()}{len(rows) + 1:07d}"
                rows.append({"record_id": key, **record(person, noise, rng)})
                links.append((name, key, f"P{number:07d}"))
        order = listed.permutation(len(rows))
        with (out / "sources" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            table = csv.DictWriter(handle, COLUMNS)
            table.writeheader()
            table.writerows(rows[i] for i in order.tolist())
    with (out / "truth" / "links.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "person_id"])
        writer.writerows(links)
    (out / "truth" / "mapping.txt").write_text(" ".join(f"--map {m}" for m in MAPPING) + "\n")
    parameters = {"scenario": "clerical", "persons": persons, "seed": seed, **noise.__dict__}
    (out / "truth" / "parameters.json").write_text(json.dumps(parameters, indent=2) + "\n")
    return out
