"""Where the simulated population comes from: one weight per country of origin.

The weights ship in `data/origins.csv`, derived once from the aggregate published figures
(`shared/data/published_figures.csv`: ICSR, the Soufan Group/Center, ICCT, national
governments; no individuals) by `derive_origins`, so the package never reads that file at
run time. The rule, applied mechanically:

- a country with at least one `departed` figure gets its most recent one (by `as_of`; a
  year counts as its middle, undated figures only when nothing dated exists), the middle
  of a range, or the one bound given;
- the ICSR regional "up to" totals of July 2018 (Cook & Vale) bound each region; what the
  listed countries leave of a region's total is split equally over the other countries of
  that region that are known to have sent people (`EXTRA_COUNTRIES`). That split is an
  assumption, marked `basis = regional remainder` in the table; nothing else is invented;
- Kosovo, `KSV` in the figures, is `XKX` here as in the store;
- a country's share of returnees is its published `returned_share`, else its `returned`
  over its `departed` figure from the same publisher and date, else empty (the scenario
  then uses its region's default).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

REGIONS: dict[str, str] = {
    "Middle East and North Africa": "MENA",
    "Eastern Europe": "EEU",
    "Central Asia": "CAS",
    "Western Europe": "WEU",
    "Eastern Asia": "EAS",
    "South-Eastern Asia": "SEA",
    "Americas, Australia and New Zealand": "AMR",
    "Southern Asia": "SAS",
    "Sub-Saharan Africa": "SSA",
}
"""ICSR (Cook & Vale 2018) region names, as in the figures table, to short codes."""

LISTED_REGION: dict[str, str] = {
    **dict.fromkeys(
        ["AUT", "BEL", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR", "IRL", "ITA", "NLD"], "WEU"
    ),
    **dict.fromkeys(["NOR", "SWE"], "WEU"),
    **dict.fromkeys(["ALB", "AZE", "BIH", "GEO", "KSV", "RUS"], "EEU"),
    **dict.fromkeys(["KAZ", "KGZ", "TJK", "TKM", "UZB"], "CAS"),
    **dict.fromkeys(["EGY", "JOR", "LBN", "LBY", "MAR", "SAU", "TUN", "TUR"], "MENA"),
    "CHN": "EAS",
    **dict.fromkeys(["AUS", "CAN", "USA"], "AMR"),
    "PAK": "SAS",
}
"""The region of every country that has its own `departed` figure."""

EXTRA_COUNTRIES: dict[str, tuple[str, ...]] = {
    "MENA": ("DZA", "KWT", "YEM", "PSE", "BHR", "QAT", "ARE", "OMN", "SDN", "IRN"),
    "EEU": ("MKD", "SRB", "MNE", "UKR", "BLR", "MDA", "ARM", "BGR"),
    "WEU": ("CHE", "LUX", "PRT", "GRC", "POL", "CZE", "ROU", "HRV"),
    "SEA": ("IDN", "MYS", "PHL", "SGP"),
    "AMR": ("TTO", "NZL", "BRA"),
    "SSA": ("SOM", "SEN", "NGA", "KEN", "ETH", "TZA"),
}
"""Countries without their own figure that share their region's remainder equally."""

STORE_CODES = {"KSV": "XKX"}
"""Publishers' codes that headcount stores under another (Kosovo: XKX, as the store reads it)."""

REGION_TOTALS_AS_OF = "2018-07"
"""The date of the ICSR regional totals (Cook & Vale 2018) that bound each region."""

ORIGINS_FILE = "origins.csv"


@dataclass(frozen=True)
class Origin:
    """One country of origin: its weight and where the weight comes from."""

    iso3: str
    country: str
    region: str
    weight: float
    basis: str
    publisher: str
    as_of: str
    returned_share: float | None


@dataclass(frozen=True)
class _Figure:
    iso3: str
    country: str
    metric: str
    low: float | None
    high: float | None
    as_of: str
    publisher: str


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _read_figures(path: Path) -> list[_Figure]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            _Figure(
                row["country_iso3"],
                row["country"],
                row["metric"],
                _number(row["low"]),
                _number(row["high"]),
                row["as_of"].strip(),
                row["original_publisher"].strip(),
            )
            for row in csv.DictReader(handle)
        ]


def _sort_key(as_of: str) -> str:
    """A sortable date for `as_of`; a year is its middle, free text sorts first."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        return as_of
    if re.fullmatch(r"\d{4}-\d{2}", as_of):
        return as_of + "-15"
    if re.fullmatch(r"\d{4}", as_of):
        return as_of + "-07-01"
    return "0000"


def _value(figure: _Figure) -> float:
    if figure.low is not None and figure.high is not None:
        return (figure.low + figure.high) / 2
    value = figure.low if figure.low is not None else figure.high
    if value is None:
        raise ValueError(f"figure for {figure.iso3} {figure.as_of} has no number")
    return value


def _returned_share(iso3: str, figures: list[_Figure]) -> float | None:
    own = [f for f in figures if f.iso3 == iso3]
    shares = [f for f in own if f.metric == "returned_share"]
    if shares:
        return round(_value(max(shares, key=lambda f: _sort_key(f.as_of))), 3)
    departed = {(f.publisher, f.as_of): _value(f) for f in own if f.metric == "departed"}
    pairs = [
        (f.as_of, _value(f) / departed[(f.publisher, f.as_of)])
        for f in own
        if f.metric == "returned" and (f.publisher, f.as_of) in departed
    ]
    return round(max(pairs)[1], 3) if pairs else None


def derive_origins(figures_csv: Path) -> list[Origin]:
    """Derive the origin table from the published figures (the rule in the module doc)."""
    figures = _read_figures(figures_csv)
    origins: list[Origin] = []
    for iso3, region in sorted(LISTED_REGION.items()):
        departed = [f for f in figures if f.iso3 == iso3 and f.metric == "departed"]
        latest = max(departed, key=lambda f: _sort_key(f.as_of))
        origins.append(
            Origin(
                STORE_CODES.get(iso3, iso3),
                latest.country,
                region,
                _value(latest),
                "published",
                latest.publisher,
                latest.as_of,
                _returned_share(iso3, figures),
            )
        )
    origins.extend(_regional_remainders(figures, origins))
    return origins


def _regional_remainders(figures: list[_Figure], listed: list[Origin]) -> list[Origin]:
    totals = {
        REGIONS[f.country]: f
        for f in figures
        if f.iso3 == "REG"
        and f.metric == "departed"
        and f.country in REGIONS
        and f.as_of == REGION_TOTALS_AS_OF
    }
    extras: list[Origin] = []
    for region, members in EXTRA_COUNTRIES.items():
        total = totals[region]
        remainder = _value(total) - sum(o.weight for o in listed if o.region == region)
        if remainder <= 0:
            continue
        for iso3 in members:
            extras.append(
                Origin(
                    iso3,
                    country_names()[iso3]["name_en"],
                    region,
                    round(remainder / len(members), 1),
                    "regional remainder",
                    total.publisher,
                    total.as_of,
                    None,
                )
            )
    return extras


FIELDS = ("iso3", "country", "region", "weight", "basis", "publisher", "as_of", "returned_share")


def write_origins(origins: list[Origin], path: Path) -> None:
    """Write the origin table as the package ships it."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for o in origins:
            share = "" if o.returned_share is None else f"{o.returned_share:g}"
            writer.writerow(
                [o.iso3, o.country, o.region, f"{o.weight:g}", o.basis, o.publisher, o.as_of, share]
            )


def _data_path(name: str) -> Path:
    return Path(str(resources.files("headcount.simulate") / "data" / name))


@cache
def load_origins() -> tuple[Origin, ...]:
    """The shipped origin table (`data/origins.csv`)."""
    with _data_path(ORIGINS_FILE).open(newline="", encoding="utf-8") as handle:
        return tuple(
            Origin(
                row["iso3"],
                row["country"],
                row["region"],
                float(row["weight"]),
                row["basis"],
                row["publisher"],
                row["as_of"],
                _number(row["returned_share"]),
            )
            for row in csv.DictReader(handle)
        )


@cache
def country_names() -> dict[str, dict[str, str]]:
    """Per ISO3: names in English, French, German and Arabic, nisba, civil spelling, cities."""
    with _data_path("countries.csv").open(newline="", encoding="utf-8") as handle:
        return {row["iso3"]: row for row in csv.DictReader(handle)}


def civil_habit(iso3: str) -> str:
    """The spelling habit of a country's passports: its civil habit, ICAO Latin for Russian."""
    habit = country_names()[iso3]["civil_habit"]
    return "icao" if habit == "ru" else habit


def first_city(iso3: str) -> str:
    """A country's first city (its airport for returnees, the seat of its courts)."""
    return country_names()[iso3]["cities"].split(";")[0]
