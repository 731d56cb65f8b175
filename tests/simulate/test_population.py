"""The population: women and minors in the published shares, mixed citizenships, shared kunyas."""

from __future__ import annotations

from collections import Counter

import numpy as np

from headcount.simulate import Simulation, names as nm


def test_women_and_minors_in_the_published_shares(sim: Simulation) -> None:
    pop = sim.population
    women = float(np.mean((pop.sex == "f") & ~pop.minor))
    assert abs(women - 0.131) < 0.025
    assert abs(float(np.mean(pop.minor)) - 0.125) < 0.025
    adult_age = pop.age_days[~pop.minor] / 365.25
    assert adult_age.min() >= 18 and 22 < np.median(adult_age) < 30


def test_citizenship_sometimes_differs_from_the_country_left(sim: Simulation) -> None:
    pop = sim.population
    differs = [pop.country[i] not in c for i, c in enumerate(pop.citizenship)]
    dual = [len(c) > 1 for c in pop.citizenship]
    assert 0.01 < np.mean(differs) < 0.2
    assert 0.01 < np.mean(dual) < 0.2


def test_native_scripts_follow_the_culture(sim: Simulation) -> None:
    by_culture = Counter(sim.population.culture.tolist())
    assert {"arab", "maghreb", "turk", "cauc", "casia", "conv_fr"} <= set(by_culture)
    for identity in sim.population.identity[:300]:
        native = nm.full_name(identity, nm.NATIVE_HABIT[identity.culture])
        if identity.culture in ("arab", "maghreb"):
            assert "\u0600" <= native[0] <= "\u06ff"
        if identity.culture in ("cauc", "casia"):
            assert "\u0400" <= native[0] <= "\u04ff"


def test_kunyas_are_common_and_shared(sim: Simulation) -> None:
    pop = sim.population
    men = [i for i, ident in enumerate(pop.identity) if ident.sex == "m" and not pop.minor[i]]
    with_kunya = [i for i in men if pop.identity[i].kunyas]
    assert len(with_kunya) / len(men) > 0.75
    shared = Counter(
        (nm.kunya(pop.identity[i], "en"), nm.nisba(pop.identity[i], "en")) for i in with_kunya
    )
    (kunya, _), count = shared.most_common(1)[0]
    assert kunya == "Abu Mohammed" and count >= 20
