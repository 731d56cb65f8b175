"""Scenarios: every parameter of a simulation, named, with its default and its reason.

A scenario is plain data (it is written to `truth/parameters.json`). `default` follows the
published figures: origins from `data/origins.csv`, women and minors in the shares of
Cook & Vale (2019), returns in each country's published share. `afp-2017` fixes France's
true size and tunes France's fates and its sources' coverage so that, on 2017-12-08, the
records reveal the shape of the AFP report of December 2017 (about 1,700 went; 400–450
killed; 250 returned; about 500 still in Iraq–Syria; about 500 whose whereabouts no
source knows).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

REGION_FATES: dict[str, dict[str, float]] = {
    "WEU": {"killed": 0.33, "sdf": 0.14, "iraq": 0.02, "relocated": 0.03, "returned": 0.20},
    "EEU": {"killed": 0.40, "sdf": 0.12, "iraq": 0.04, "relocated": 0.04, "returned": 0.10},
    "CAS": {"killed": 0.40, "sdf": 0.12, "iraq": 0.03, "relocated": 0.07, "returned": 0.08},
    "MENA": {"killed": 0.40, "sdf": 0.07, "iraq": 0.06, "relocated": 0.06, "returned": 0.20},
    "EAS": {"killed": 0.35, "sdf": 0.08, "iraq": 0.02, "relocated": 0.08, "returned": 0.05},
    "SEA": {"killed": 0.30, "sdf": 0.08, "iraq": 0.02, "relocated": 0.12, "returned": 0.15},
    "AMR": {"killed": 0.30, "sdf": 0.10, "iraq": 0.03, "relocated": 0.04, "returned": 0.10},
    "SAS": {"killed": 0.35, "sdf": 0.08, "iraq": 0.03, "relocated": 0.10, "returned": 0.10},
    "SSA": {"killed": 0.35, "sdf": 0.08, "iraq": 0.03, "relocated": 0.15, "returned": 0.10},
}
"""Per region, the chance that someone who entered Syria or Iraq is in the end killed there,
captured by the SDF, captured in Iraq, relocated to another front, or returned home (by
the end of 2017; the country's published share replaces it). The rest stay at large."""

RELOCATION_FRONTS: dict[str, dict[str, float]] = {
    "WEU": {"LBY": 0.3, "AFG": 0.3, "BIH": 0.2, "YEM": 0.2},
    "EEU": {"AFG": 0.6, "BIH": 0.3, "LBY": 0.1},
    "CAS": {"AFG": 0.9, "LBY": 0.1},
    "MENA": {"LBY": 0.7, "YEM": 0.1, "AFG": 0.1, "SOM": 0.1},
    "EAS": {"AFG": 0.8, "PHL": 0.2},
    "SEA": {"PHL": 0.8, "AFG": 0.2},
    "AMR": {"PHL": 0.3, "LBY": 0.3, "AFG": 0.4},
    "SAS": {"AFG": 0.9, "YEM": 0.1},
    "SSA": {"SOM": 0.6, "LBY": 0.4},
}
"""Where those who leave for another front go, by region of origin."""

REPATRIATION: dict[str, float] = {
    "KAZ": 0.75,
    "UZB": 0.5,
    "TJK": 0.4,
    "KGZ": 0.35,
    "XKX": 0.6,
    "BIH": 0.3,
    "ALB": 0.25,
    "MKD": 0.3,
    "RUS": 0.2,
    "USA": 0.5,
    "ITA": 0.2,
    "DEU": 0.15,
    "FIN": 0.2,
    "SWE": 0.1,
    "BEL": 0.1,
    "NLD": 0.1,
    "FRA": 0.05,
    "GBR": 0.03,
    "TUN": 0.05,
    "MAR": 0.1,
    "IDN": 0.1,
    "MYS": 0.2,
    "AUS": 0.05,
}
"""Chance that someone held in north-east Syria is repatriated by 2020 (others: 0.03)."""

PROSECUTION: dict[str, float] = {
    "WEU": 0.6,
    "EEU": 0.5,
    "CAS": 0.5,
    "MENA": 0.35,
    "EAS": 0.2,
    "SEA": 0.3,
    "AMR": 0.6,
    "SAS": 0.3,
    "SSA": 0.2,
}
"""Chance that a returnee is prosecuted at home, by region."""


@dataclass(frozen=True)
class Scenario:
    """Everything that shapes a simulated population and its sources."""

    name: str
    description: str
    fixed_counts: dict[str, int] = field(default_factory=dict)
    women_share: float = 0.131
    minors_share: float = 0.125
    share_overrides: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"BIH": (0.154, 0.208)}
    )
    departure_peak: str = "2014-07-01"
    departure_spread_months: float = 9.0
    stopped_en_route: float = 0.03
    fates: dict[str, dict[str, float]] = field(default_factory=lambda: dict(REGION_FATES))
    fate_overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    relocation_fronts: dict[str, dict[str, float]] = field(
        default_factory=lambda: dict(RELOCATION_FRONTS)
    )
    repatriation: dict[str, float] = field(default_factory=lambda: dict(REPATRIATION))
    repatriation_default: float = 0.03
    prosecution: dict[str, float] = field(default_factory=lambda: dict(PROSECUTION))
    killed_after_relocation: float = 0.35
    kunya_share: float = 0.85
    coverage_shift: dict[str, dict[str, float]] = field(default_factory=dict)
    noise_scale: float = 1.0
    false_death_share: float = 0.04
    count_dates: tuple[str, ...] = (
        "2014-06-29",
        "2015-12-31",
        "2016-12-31",
        "2017-12-08",
        "2019-03-23",
        "2019-12-31",
    )
    focus_country: str = "FRA"
    focus_date: str = "2017-12-08"
    horizon: str = "2020-12-31"

    def as_dict(self) -> dict[str, Any]:
        """The scenario as plain JSON-ready data."""
        return {k: _plain(v) for k, v in self.__dict__.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


DEFAULT = Scenario(
    name="default",
    description=(
        "Origins in the proportions of the published figures; fates by region, returns in "
        "each country's published share; every source at its usual coverage."
    ),
)

AFP_2017 = replace(
    DEFAULT,
    name="afp-2017",
    description=(
        "France fixed at 1,800 people (about 1,700 of them recorded) with fates and source "
        "coverage tuned so that on 2017-12-08 the records reveal the AFP report's shape: "
        "about 1,700 went, 400–450 killed, 250 returned, about 500 in Iraq–Syria and about "
        "500 whose whereabouts no record tells."
    ),
    fixed_counts={"FRA": 1800},
    fate_overrides={
        "FRA": {"killed": 0.41, "sdf": 0.10, "iraq": 0.02, "relocated": 0.04, "returned": 0.115}
    },
    coverage_shift={},
)

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (DEFAULT, AFP_2017)}
CLERICAL = "clerical"
"""Not a population of this kind: plain lists with clerical noise (`simulate.clerical`)."""


def get_scenario(name: str) -> Scenario:
    """The scenario called `name`; a clear error listing the known ones otherwise."""
    try:
        return SCENARIOS[name]
    except KeyError:
        known = ", ".join(sorted(SCENARIOS))
        raise ValueError(f"unknown scenario {name!r}; known: {known}") from None
