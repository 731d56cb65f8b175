"""Countries and places: whatever a source wrote, resolved to ISO 3166 alpha-3.

Sources write "France", "Syrie", "سوريا", "Tunisian", "Чечня", "DR Congo", "Gaza", "KSV" or
"Raqqa". The libraries that OpenSanctions maintains for exactly this do the resolving, in
this order (the first that knows the text wins; none of them guesses):

1. `rigour.territories`: ISO codes, names in many languages, regions and disputed
   territories with the country that governs them (Xinjiang, Dagestan, Somaliland, the
   Kurdistan Region, Crimea), historical states (the Soviet Union, Yugoslavia), and the
   capitals that stand for their country in a free-text country field;
2. `pycountry`: the ISO 3166 names in the languages of its translations;
3. `countrynames`: its older table of names and spellings (read after pycountry: it
   transliterates first, and a short Arabic name can come out as another country's code).

headcount adds only what those cannot know (`data/territories.csv`, each entry a rigour
territory code): French and Arabic demonyms and feminine forms ("Marocaine", "تونسي"), a
few Arabic names, a publisher's code (`KSV`), and notes on names that are read one way
among several ("Kurdistan"). A test checks that no entry there is known to the libraries.
The theatre's towns and camps, with the spelling headcount uses for them (al-Hawl →
al-Hol), are in `data/places.csv`.

How a text resolves:
- a country: its code (`SYR`);
- a region or disputed territory: the country that governs it, with the region kept
  (`CHN:Xinjiang`, `RUS:Dagestan`, `SOM:Somaliland`); a territory another state claims
  carries a note saying so;
- a capital or known town alone: its country, the town kept as the region (`PSE:Gaza`);
- a historical state (the Soviet Union, Yugoslavia, Czechoslovakia): `HistoricalCountry`,
  which says which state it was and what succeeded it — it is not one country today, so
  the caller keeps the text as written;
- anything else: `UnknownCountry`.

Kosovo, which has no ISO code, is `XKX` (the code the EU and the World Bank use).

Invariant: a resolved country code is always one of `known_codes()`.
"""

from __future__ import annotations

import csv
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import countrynames
import pycountry
from rigour.territories import get_territory, lookup_territory
from rigour.territories.territory import Territory

KOSOVO = "XKX"
_TRANSLATIONS = ("fr", "ar", "ru", "de", "es", "tr", "nl", "it")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")
_SEPARATORS = re.compile(r"\s*[:,;]\s*")
_CODE = re.compile(r"^[A-Z]{2,3}$")
_CODED = re.compile(r"^([A-Z]{3})\s*:\s*(.*)$")


class UnknownCountry(ValueError):
    """Text that names no country headcount knows."""


class HistoricalCountry(UnknownCountry):
    """A state that no longer exists: not one country of today, so never resolved to one."""

    def __init__(self, text: str, territory: Territory) -> None:
        self.text = text
        self.code = (territory.alpha3 or territory.code).upper()
        self.name = territory.name
        self.successors = sorted(
            code for t in territory.see if (code := _alpha3(t)) is not None and code != self.code
        )
        later = f"; its successors include {', '.join(self.successors)}" if self.successors else ""
        super().__init__(
            f"{text!r} is a historical state ({self.name}, {self.code}), not one country "
            f"of today{later}: kept as written"
        )


@dataclass(frozen=True, slots=True)
class Place:
    """A country (ISO 3166 alpha-3) with an optional region, town or camp, and its source text.

    `note` says how an ambiguous or disputed name was read."""

    country: str
    region: str | None = None
    text: str = ""
    note: str | None = None

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


def _alpha3(territory: Territory | None) -> str | None:
    """The ISO alpha-3 code of a territory or of the nearest territory that governs it."""
    while territory is not None:
        if territory.alpha3:
            return territory.alpha3.upper()
        territory = territory.parent
    return None


def _region_name(territory: Territory) -> str:
    """`Crimea (Occupied Ukraine)` → `Crimea`: the country is in the code already."""
    return _PARENTHESIS.sub("", territory.name)


@cache
def _own_table() -> tuple[dict[str, str], dict[str, str]]:
    """headcount's own names (folded name → rigour territory code) and notes (code → note)."""
    names: dict[str, str] = {}
    notes: dict[str, str] = {}
    with (
        resources.files("headcount.model.data")
        .joinpath("territories.csv")
        .open(encoding="utf-8") as handle
    ):
        for row in csv.DictReader(handle):
            for name in filter(None, row["names"].split(";")):
                names[fold(name)] = row["territory"]
            if row["note"]:
                notes[row["territory"]] = row["note"]
    return names, notes


@cache
def _translations() -> dict[str, str]:
    """pycountry's ISO 3166 names in other languages (folded) → alpha-3."""
    table: dict[str, str] = {}
    for language in _TRANSLATIONS:
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(country, attr, None)
                if english:
                    table.setdefault(fold(translation.gettext(english)), country.alpha_3)
    return table


@cache
def _place_table() -> dict[str, tuple[str, str]]:
    with resources.files("headcount.model.data").joinpath("places.csv").open(encoding="utf-8") as f:
        return {fold(r["place"]): (r["iso3"], r["canonical"]) for r in csv.DictReader(f)}


@cache
def known_codes() -> frozenset[str]:
    """Every country code headcount can resolve to."""
    codes = {c.alpha_3 for c in pycountry.countries} | {KOSOVO}
    return frozenset(codes)


def _territory(text: str, *, codes: bool = True) -> Territory | None:
    """The territory a text names, by the libraries in order (see the module doc)."""
    key = fold(text)
    if not key:
        return None
    if not codes and len(key) <= 3 and not _CODE.match(text.strip()):
        return None  # "sa", "wa", "act": in a place field, a code is written in capitals
    own = _own_table()[0].get(key)
    if own is not None:
        return get_territory(own)
    found = lookup_territory(text.strip())
    if found is None and key != text.strip():
        found = lookup_territory(key)
    if found is not None:
        return found
    alpha3 = _translations().get(key)
    if alpha3 is not None:
        return get_territory(alpha3)
    # countrynames transliterates before it looks up: a short word becomes a code ("مصر",
    # Egypt, would be read as MSR, Montserrat), so it only reads names longer than a code
    code = countrynames.to_code(text) if len(key) > 3 else None
    return get_territory(code.lower()) if code is not None else None


def _place_of(territory: Territory, text: str) -> Place:
    """A territory as a place: its country, with the region or town the text named."""
    if territory.is_historical:
        raise HistoricalCountry(text, territory)
    country = _alpha3(territory)
    if country is None or country not in known_codes():
        raise UnknownCountry(f"{text!r} is not a country headcount knows")
    region: str | None = None
    if not territory.alpha3:
        region = _region_name(territory)
    elif fold(text) in {fold(p) for p in territory.places}:
        region = " ".join(text.split())  # a capital or town that stands for its country
    return Place(country, region, text, _note(territory))


def _note(territory: Territory) -> str | None:
    own = _own_table()[1].get(territory.code)
    if own is not None:
        return own
    claims = [c.name for c in territory.claims]
    if claims and not territory.alpha3:  # read as part of another country: say who disputes it
        return f"{territory.full_name}: a disputed territory, also claimed by {', '.join(claims)}"
    return None


@lru_cache(maxsize=1 << 12)
def resolve_territory(text: str) -> Place:
    """What a country field (citizenship, nationality) names: a country, or a region with
    the country that governs it. Raise `HistoricalCountry` or `UnknownCountry` otherwise.

    >>> resolve_territory("Чечня").value, resolve_territory("DR Congo").value
    ('RUS:Chechnya', 'COD')
    """
    territory = _territory(text)
    if territory is not None:
        return _place_of(territory, text)
    known = _place_table().get(fold(text))
    if known is not None:
        return Place(known[0], known[1], text)
    raise UnknownCountry(f"{text!r} is not a country headcount knows")


def resolve_country(text: str) -> str:
    """The ISO 3166 alpha-3 code of a country name, code, region, translation or demonym.

    A known town of the theatre alone ("Raqqa") resolves to its country.

    >>> resolve_country("Syrie"), resolve_country("تونس"), resolve_country("Chechen")
    ('SYR', 'TUN', 'RUS')
    """
    return resolve_territory(text).country


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


@lru_cache(maxsize=1 << 12)
def parse_place(text: str) -> Place:
    """A place as a source wrote it: `SYR:Raqqa`, `Syrie, Raqqa`, `Raqqa`, `Mosul, Iraq`,
    `Lunel, Hérault, France`, `Grozny, Chechnya`.

    The country (or a region) comes first or last; the other parts are kept as the region,
    in the order written. A known town alone resolves to its country. A town headcount
    cannot place raises `UnknownCountry`: the caller keeps it as a place of unknown country.
    """
    clean = text.strip()
    if not clean:
        raise UnknownCountry("empty place")
    whole = _territory(clean, codes=False)
    if whole is not None:
        return _place_of(whole, text)
    key = fold(clean)
    if key in _place_table():
        code, region = _place_table()[key]
        return Place(code, region, text)
    coded = _CODED.match(clean)
    if coded and coded.group(1) in known_codes():  # headcount's own form: SYR:Raqqa
        country = coded.group(1)
        return Place(country, _canonical_town(coded.group(2), country) or None, text)
    parts = [p for p in _SEPARATORS.split(clean) if p]
    if len(parts) < 2:
        raise UnknownCountry(f"{text!r} is a place headcount cannot put in a country")
    found = [(at, t) for at in (len(parts) - 1, 0) if (t := _territory(parts[at])) is not None]
    found.sort(key=lambda item: not item[1].alpha3)  # a country before a region
    if not found:
        raise UnknownCountry(f"{text!r}: none of {parts!r} is a country")
    at, territory = found[0]
    country = _place_of(territory, parts[at])
    rest = parts[:at] + parts[at + 1 :]
    towns = [_canonical_town(t, country.country) for t in rest]
    region = ", ".join(([country.region] if country.region else []) + towns)
    return Place(country.country, region, text, country.note)


def _canonical_town(text: str, country: str) -> str:
    known = _place_table().get(fold(text))
    return known[1] if known and known[0] == country else text


CAMPS: tuple[str, ...] = ("al-Hol", "Roj")
"""The camps of north-east Syria where the SDF hold the women and children of the group
(the spellings of `data/places.csv`); any other place of detention is counted as a prison."""


def detention_place(country: str, region: str) -> str:
    """Where a detained person is held, as counts group it: `camp:al-Hol`, `camp:Roj`, else
    the prisons of a country (`prison:SYR`, `prison:IRQ` …), or `unknown` with no country."""
    if region in CAMPS:
        return f"camp:{region}"
    return f"prison:{country}" if country else "unknown"
