"""Origins follow the published figures, and country totals track them."""

from __future__ import annotations

from pathlib import Path

import pytest

from headcount.simulate.origins import country_names, derive_origins, load_origins
from headcount.simulate.population import _culture_mixtures, allocate


def test_the_shipped_table_is_derived_from_the_published_figures(shared: Path) -> None:
    derived = derive_origins(shared / "data" / "published_figures.csv")
    assert tuple(derived) == load_origins()


def test_about_eighty_countries_with_their_basis() -> None:
    origins = load_origins()
    assert 70 <= len(origins) <= 85
    published = [o for o in origins if o.basis == "published"]
    assert len(published) >= 35
    assert {o.basis for o in origins} == {"published", "regional remainder"}
    by_code = {o.iso3: o for o in origins}
    assert by_code["FRA"].weight == 2000 and by_code["RUS"].weight == 5000
    assert "XKX" in by_code and "KSV" not in by_code


def test_every_origin_has_names_places_and_cultures() -> None:
    for o in load_origins():
        assert o.iso3 in country_names()
        assert o.iso3 in _culture_mixtures()
        assert country_names()[o.iso3]["cities"]


def test_forty_thousand_persons_track_the_figures() -> None:
    weights = {o.iso3: o.weight for o in load_origins()}
    counts = allocate(40_000, weights, {})
    assert sum(counts.values()) == 40_000
    scale = 40_000 / sum(weights.values())
    for iso3, weight in weights.items():
        assert abs(counts[iso3] - weight * scale) < 1


def test_fixed_counts_are_kept_and_checked() -> None:
    counts = allocate(2500, {"FRA": 2.0, "TUN": 1.0, "MAR": 1.0}, {"FRA": 1800})
    assert counts == {"FRA": 1800, "TUN": 350, "MAR": 350}
    with pytest.raises(ValueError, match="cannot hold"):
        allocate(1000, {"FRA": 1.0}, {"FRA": 1800})
