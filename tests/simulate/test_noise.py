"""Noise changes how names and dates are written, never the script they are written in."""

from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st

from headcount.names.scripts import detect_script
from headcount.simulate import names as nm
from headcount.simulate.noise import NoiseProfile, SimDate, noisy_birth_date, typo, variant
from headcount.simulate.timeline import day

PARTS = sorted(nm.parts())


@given(st.sampled_from(PARTS), st.sampled_from(["ar", "ru", "en", "fr", "tr"]), st.integers(0, 99))
def test_variants_and_typos_keep_the_script(key: str, habit: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    text = nm.parts()[key].form(habit)
    assert detect_script(variant(text, rng)) in (detect_script(text), None)
    assert detect_script(typo(text, rng)) in (detect_script(text), None)


def test_variants_include_the_classic_spellings() -> None:
    rng = np.random.default_rng(1)
    seen = {variant("Mohammed", rng) for _ in range(300)}
    assert {"Muhammad", "Mohamed", "Mehmet"} <= seen
    seen = {variant("Abdul Qadir", rng) for _ in range(300)}
    assert any(s.startswith("Abdel") for s in seen) and any("Kadir" in s for s in seen)
    seen = {variant("al-Faransi", rng) for _ in range(300)}
    assert {"el-Faransi", "Faransi"} <= seen


def test_dates_render_in_each_habit() -> None:
    date = SimDate(2016, 5, 12)
    assert date.render("dmy") == "12/05/2016"
    assert date.render("iso") == "2016-05-12"
    assert date.render("compact") == "20160512"
    assert SimDate(2016, 5, precision="month").render("dmy") == "2016-05"
    assert SimDate(2016, precision="year").render("compact") == "2016"


def test_birth_dates_come_partial_swapped_or_missing_at_the_profile_rates() -> None:
    rng = np.random.default_rng(3)
    profile = NoiseProfile(year_only=0.2, day_month_swap=0.5, missing_birth_date=0.1)
    true = day("1990-03-07")
    drawn = [noisy_birth_date(true, profile, rng) for _ in range(4000)]
    missing = sum(d is None for d in drawn) / len(drawn)
    year_only = sum(d is not None and d.precision == "year" for d in drawn) / len(drawn)
    swapped = sum(d is not None and (d.month, d.day) == (7, 3) for d in drawn) / len(drawn)
    assert abs(missing - 0.1) < 0.02
    assert abs(year_only - 0.18) < 0.03
    assert abs(swapped - 0.36) < 0.04


def test_scaling_a_profile_scales_every_rate() -> None:
    doubled = NoiseProfile(variant=0.2, typo=0.7).scaled(2)
    assert doubled.variant == 0.4 and doubled.typo == 1.0
