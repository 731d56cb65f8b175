"""Countries and places: whatever a source wrote, resolved to ISO 3166 alpha-3.

Sources write "France", "Syrie", "سوريا", "Tunisian", "Chechnya", "KSV" or "Raqqa". The
lookup is built from pycountry's ISO 3166 names and their translations (shipped with
pycountry, so nothing is downloaded), plus headcount's own tables of common names,
French and Arabic names, demonyms (`data/country_aliases.csv`) and of the theatre's places
(`data/places.csv`). Historic entities keep their ISO 3166-3 codes (SUN for the USSR, YUG
for Yugoslavia); Kosovo, which has no ISO code, is `XKX` (the code the EU and the World
Bank use), and the `KSV` of some publishers is read as `XKX`.

Invariant: a resolved country code is always one of `known_codes()`; text that cannot be
resolved raises `UnknownCountry`, never guesses.
"""

from __future__ import annotations

import csv
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

KOSOVO = "XKX"
_TRANSLATIONS = ("fr", "ar", "de", "ru", "es", "tr", "nl", "it")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel


class UnknownCountry(ValueError):
    """Text that names no country headcount knows."""


@dataclass(frozen=True, slots=True)
class Place:
    """A country (ISO 3166 alpha-3) with an optional region, town or camp, and its source text."""

    country: str
    region: str | None = None
    text: str = ""

    @property
    def value(self) -> str:
        """Canonical text: `SYR` or `SYR:Raqqa`."""
        return f"{self.country}:{self.region}" if self.region else self.country


def fold(text: str) -> str:
    """A lookup key: case, accents, Arabic vowel marks, punctuation and spacing folded."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text))
    text = text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه")
    text = text.replace("ى", "ي")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c) or ord(c) > 0x5FF)
    stripped = unicodedata.normalize("NFC", stripped).replace("ʻ", "").replace("'", "")
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


@cache
def _country_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            table.setdefault(fold(name), code)
            if "," in name:  # "Korea, Republic of" -> "Republic of Korea"
                head, _, tail = name.partition(",")
                table.setdefault(fold(f"{tail} {head}"), code)

    with (
        resources.files("headcount.model.data")
        .joinpath("country_aliases.csv")
        .open(encoding="utf-8") as f
    ):
        for row in csv.DictReader(f):
            for alias in row["aliases"].split(";"):
                table[fold(alias)] = row["iso3"]
    for country in pycountry.countries:
        for attr in ("alpha_3", "alpha_2", "name", "official_name", "common_name"):
            add(getattr(country, attr, None), country.alpha_3)
    for historic in pycountry.historic_countries:
        add(historic.alpha_3, historic.alpha_3)
        add(historic.name, historic.alpha_3)
    for language in _TRANSLATIONS:
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(country, attr, None)
                if english:
                    add(translation.gettext(english), country.alpha_3)
    return table


@cache
def _place_table() -> dict[str, tuple[str, str]]:
    with resources.files("headcount.model.data").joinpath("places.csv").open(encoding="utf-8") as f:
        return {fold(r["place"]): (r["iso3"], r["canonical"]) for r in csv.DictReader(f)}


@cache
def known_codes() -> frozenset[str]:
    """Every country code headcount can resolve to."""
    return frozenset(_country_table().values())


def resolve_country(text: str) -> str:
    """The ISO 3166 alpha-3 code of a country name, code, French or Arabic name, or demonym.

    A known town of the theatre alone ("Raqqa") resolves to its country.

    >>> resolve_country("Syrie"), resolve_country("تونس"), resolve_country("Chechen")
    ('SYR', 'TUN', 'RUS')
    """
    key = fold(text)
    code = _country_table().get(key)
    if code is None and key in _place_table():
        code = _place_table()[key][0]
    if code is None:
        raise UnknownCountry(f"{text!r} is not a country headcount knows")
    return code


def _country_only(text: str) -> str | None:
    return _country_table().get(fold(text))


def country_name(code: str) -> str:
    """The English short name of a code (the code itself when it has none)."""
    if code == KOSOVO:
        return "Kosovo"
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(
        alpha_3=code
    )
    return str(getattr(country, "common_name", None) or getattr(country, "name", code))


def numeric_code(code: str) -> str | None:
    """ISO 3166 numeric code (as the world map's geometry uses), None for XKX and historic."""
    country = pycountry.countries.get(alpha_3=code)
    return country.numeric if country else None


def parse_place(text: str) -> Place:
    """A place as a source wrote it: `SYR:Raqqa`, `Syrie, Raqqa`, `Raqqa`, `Mosul, Iraq`.

    The country comes first or last; a known town alone resolves to its country.
    """
    raw = text
    text = text.strip()
    if not text:
        raise UnknownCountry("empty place")
    parts = [p.strip() for p in re.split(r"[:,]", text, maxsplit=1) if p.strip()]
    places = _place_table()
    if len(parts) == 2:
        for country_part, region_part in ((parts[0], parts[1]), (parts[1], parts[0])):
            code = _country_only(country_part)
            if code is None:
                continue
            known = places.get(fold(region_part))
            region = known[1] if known and known[0] == code else region_part
            return Place(code, region, raw)
        raise UnknownCountry(f"{raw!r}: neither {parts[0]!r} nor {parts[1]!r} is a country")
    key = fold(parts[0])
    if key in places:
        code, region = places[key]
        return Place(code, region, raw)
    return Place(resolve_country(parts[0]), None, raw)
