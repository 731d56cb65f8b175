"""Synthetic names: name-part tables and the forms a name takes in each writing habit.

Names are built by combining parts drawn at random from the tables in `data/`
(given names per culture and sex, family names, nisbas from `countries.csv`); no list of
real individuals is used. A person's identity is a set of part keys; every source writes it
in its own habit:

- `ar` Arabic script, `ru` Cyrillic;
- `en` English press and lists (Mohammed, Abdul Qadir, Kh for Х);
- `fr` French (Mohamed, Abdelkader, Ch for Ш, ou for у);
- `de` German (Dsch, Sch, w for в), `tr` Turkish (Mehmet, Ş, Ç);
- `icao` the romanisation of Russian and Central Asian passports.

The native habit of a culture (`NATIVE_HABIT`) is how the person writes their own name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from headcount.simulate.origins import country_names
from headcount.simulate.transliterate import (
    cyrillic_to_latin,
    latin_to_arabic,
    latin_to_cyrillic,
    strip_diacritics,
)

HABITS: tuple[str, ...] = ("ar", "ru", "en", "fr", "de", "tr", "icao")

CULTURES: tuple[str, ...] = (
    "arab",
    "maghreb",
    "turk",
    "cauc",
    "casia",
    "balkan",
    "sasia",
    "seasia",
    "uyghur",
    "conv_fr",
    "conv_en",
    "conv_de",
    "conv_nl",
    "conv_ru",
)
"""Naming cultures: Arab (Mashriq and Gulf), Maghrebi, Turkish, Caucasian, Central Asian,
Balkan, South Asian, South-East Asian, Uyghur, and European converts (French, English,
German, Dutch and Nordic, Russian and Ukrainian)."""

NATIVE_HABIT: dict[str, str] = {
    "arab": "ar",
    "maghreb": "ar",
    "turk": "tr",
    "cauc": "ru",
    "casia": "ru",
    "balkan": "en",
    "sasia": "en",
    "seasia": "en",
    "uyghur": "en",
    "conv_fr": "fr",
    "conv_en": "en",
    "conv_de": "de",
    "conv_nl": "en",
    "conv_ru": "ru",
}

CYRILLIC_CULTURES = frozenset({"cauc", "casia", "conv_ru"})
SLAVIC_SURNAME_ENDINGS = ("ов", "ев", "ин")

ETHNIC_NISBAS: dict[str, tuple[str, str]] = {
    "shishani": ("al-Shishani", "الشيشاني"),
    "dagestani": ("al-Dagestani", "الداغستاني"),
    "muhajir": ("al-Muhajir", "المهاجر"),
    "kurdi": ("al-Kurdi", "الكردي"),
}
"""Nisbas that name a people or a status rather than a country (not proof of origin)."""

KUNYA_PREFIX: dict[str, tuple[str, str]] = {
    "ar": ("أبو", "أم"),
    "ru": ("Абу", "Умм"),
    "en": ("Abu", "Umm"),
    "fr": ("Abou", "Oum"),
    "de": ("Abu", "Umm"),
    "tr": ("Ebu", "Ümmü"),
    "icao": ("Abu", "Umm"),
}
"""The first word of a kunya (father of … / mother of …) in each habit."""


@dataclass(frozen=True)
class NamePart:
    """One name part (a given or family name) with its written forms."""

    key: str
    kind: str
    cultures: frozenset[str]
    weight: float
    latin: str
    fr: str
    tr: str
    ru: str
    ar: str

    @property
    def cyrillic_native(self) -> bool:
        return self.cultures <= CYRILLIC_CULTURES

    @property
    def arabic_origin(self) -> bool:
        return bool(self.cultures & {"arab", "maghreb"}) or (self.ar != "" and self.kind == "m")

    def form(self, habit: str) -> str:
        """This part written in `habit` (see the module doc)."""
        return _form(self, habit)


@cache
def _form(part: NamePart, habit: str) -> str:
    if habit == "ar":
        return part.ar or latin_to_arabic(part.latin)
    if habit == "ru":
        return part.ru or latin_to_cyrillic(part.latin)
    if part.cyrillic_native and habit in ("de", "icao"):
        return cyrillic_to_latin(part.ru, habit)
    if habit == "fr":
        return part.fr or part.latin
    if habit == "tr":
        return part.tr or part.latin
    if habit == "de":
        return _german(part.latin) if part.arabic_origin else part.latin
    if habit == "icao":
        return strip_diacritics(part.latin)
    return part.latin


def _german(latin: str) -> str:
    """German press habits for an Arabic name: Sch for Sh, Dsch for J, J for initial Y."""
    text = latin.replace("sh", "sch").replace("Sh", "Sch").replace("j", "dsch")
    text = text.replace("J", "Dsch")
    return "J" + text[1:] if text.startswith("Y") else text


def _data_path(name: str) -> Path:
    return Path(str(resources.files("headcount.simulate") / "data" / name))


def _read_parts(name: str, kind_column: str | None) -> list[NamePart]:
    with _data_path(name).open(newline="", encoding="utf-8") as handle:
        return [
            NamePart(
                row["key"],
                row[kind_column] if kind_column else "family",
                frozenset(row["cultures"].split(";")),
                float(row["weight"]),
                row["latin"],
                row["fr"],
                row["tr"],
                row["ru"],
                row["ar"],
            )
            for row in csv.DictReader(handle)
        ]


@cache
def parts() -> dict[str, NamePart]:
    """Every name part by key (given names and family names)."""
    table = {p.key: p for p in _read_parts("given_names.csv", "sex")}
    for part in _read_parts("family_names.csv", None):
        table.setdefault(part.key, part)
    return table


@cache
def pool(culture: str, kind: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The keys of one culture's parts of one kind (`m`, `f`, `family`) and their weights."""
    chosen = [p for p in parts().values() if p.kind == kind and culture in p.cultures]
    if not chosen:
        raise ValueError(f"no {kind} names for culture {culture}")
    return tuple(p.key for p in chosen), tuple(p.weight for p in chosen)


@cache
def kunya_pool() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Names used after Abu/Umm: Arabic-origin male names, the classic ones far likelier.

    Weights are raised to the power 1.3 so that a few (Muhammad, Abdullah, Umar, Hamza) dominate and a
    kunya such as Abu Muhammad al-Faransi is shared by many people.
    """
    chosen = [p for p in parts().values() if p.kind == "m" and "arab" in p.cultures]
    return tuple(p.key for p in chosen), tuple(p.weight**1.3 for p in chosen)


@dataclass(frozen=True)
class Identity:
    """A person's true name: keys into the part tables, rendered by the functions below."""

    culture: str
    sex: str
    given: str
    father: str
    grandfather: str
    family: str | None
    kunyas: tuple[str, ...]
    nisba: str | None


def given_name(identity: Identity, habit: str) -> str:
    """The given name in `habit`."""
    return parts()[identity.given].form(habit)


def family_name(identity: Identity, habit: str) -> str:
    """The family name in `habit` ('' when the culture has none); Slavic endings agree in sex."""
    if identity.family is None:
        return ""
    part = parts()[identity.family]
    if identity.sex == "f" and part.ru.endswith(SLAVIC_SURNAME_ENDINGS):
        return _from_cyrillic(part.ru + "а", habit)
    return part.form(habit)


def _from_cyrillic(cyr: str, habit: str) -> str:
    """A name generated in Cyrillic (a feminine surname, a patronymic) written in `habit`."""
    if habit == "ru":
        return cyr
    if habit == "ar":
        return latin_to_arabic(cyrillic_to_latin(cyr, "en"))
    return cyrillic_to_latin(cyr, habit)


def patronymic(identity: Identity, habit: str, grandfather: bool = False) -> str:
    """The father's name as the culture states it (Русланович, ben Mohamed, Mohammed Saleh)."""
    father = parts()[identity.father]
    if identity.culture in CYRILLIC_CULTURES and habit != "ar":
        return _from_cyrillic(_russian_patronymic(father.form("ru"), identity.sex), habit)
    text = father.form(habit)
    if grandfather:
        text = f"{text} {parts()[identity.grandfather].form(habit)}"
    return text


def _russian_patronymic(father: str, sex: str) -> str:
    """Муса → Мусаевич, Али → Алиевич, Шамиль → Шамилевич, Руслан → Русланович (…овна)."""
    if father.endswith(("а", "и")):
        base = father + "ев"
    elif father.endswith(("й", "ь")):
        base = father[:-1] + "ев"
    else:
        base = father + "ов"
    return base + ("ич" if sex == "m" else "на")


def kunya(identity: Identity, habit: str, which: int = 0) -> str:
    """`Abu Hamza` / `Oum Hamza` / `أبو حمزة` ('' when the person has no kunya)."""
    if which >= len(identity.kunyas):
        return ""
    father_of, mother_of = KUNYA_PREFIX[habit]
    prefix = father_of if identity.sex == "m" else mother_of
    return f"{prefix} {parts()[identity.kunyas[which]].form(habit)}"


def nisba(identity: Identity, habit: str) -> str:
    """`al-Faransi` (or feminine `al-Faransiyya`) in `habit`; '' without a nisba."""
    if identity.nisba is None:
        return ""
    return nisba_form(identity.nisba, habit, identity.sex)


def nisba_form(key: str, habit: str, sex: str = "m") -> str:
    """A nisba (an ISO3 code or an `ETHNIC_NISBAS` key) in `habit` and grammatical gender."""
    if key in ETHNIC_NISBAS:
        latin, arabic = ETHNIC_NISBAS[key]
    else:
        row = country_names()[key]
        latin, arabic = row["nisba_en"], row["nisba_ar"]
    if habit == "ar":
        return arabic + ("ة" if sex == "f" else "")
    if sex == "f" and latin.endswith("i"):
        latin += "yya"
    if habit == "ru":
        return latin_to_cyrillic(latin).replace("ал-", "аль-", 1)
    if habit == "tr":
        return latin.replace("al-", "el-", 1)
    return latin


def full_name(identity: Identity, habit: str, nasab: bool = False) -> str:
    """The civil name in the culture's order: given [father …] family; Cyrillic family first."""
    given, family = given_name(identity, habit), family_name(identity, habit)
    if identity.culture in CYRILLIC_CULTURES:
        words = [family, given, patronymic(identity, habit)]
    elif identity.culture == "arab" or nasab:
        words = [given, patronymic(identity, habit, grandfather=identity.culture == "arab"), family]
    else:
        words = [given, family]
    return " ".join(w for w in words if w)
