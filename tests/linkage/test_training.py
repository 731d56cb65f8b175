"""The model recovers known m and u from data simulated with them (as splink's own
`test_correctness_of_convergence`, on headcount's comparisons).

Records are drawn so that each comparison's parameters are known by construction: 2,500
persons with two records each and 4,000 with one; a person's second record keeps the name
with probability 0.9, the birth day 0.85, the citizenship 0.9 and the gender 0.95, and
otherwise draws the field afresh from the population (so a fresh draw can agree by chance,
exactly as two different persons do). Among different persons: names never agree, birth
days agree with probability 1/10,957 (30 years of days), citizenships 1/20, genders 1/2.

Tolerances: m within 0.03 (about three standard errors at 2,500 matching pairs); u within
20% for citizenship and gender, 25% for the birth day (a rare event among the sampled pairs).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from headcount.ingest import ingest_path
from headcount.linkage.blocking import add_blocking_keys
from headcount.linkage.engines import duckdb_api, one_thread
from headcount.linkage.prepare import FRAME_COLUMNS, comparison_frame, store_facts
from headcount.linkage.train import train
from headcount.simulate import simulate, write
from headcount.storage import connect, upgrade

PAIRS, SINGLES, COUNTRIES = 2500, 4000, 20
KEEP = {"name": 0.9, "birth": 0.85, "country": 0.9, "gender": 0.95}
DAYS = (date(2000, 1, 1) - date(1970, 1, 1)).days
RECORDS = 2 * PAIRS + SINGLES
LAMBDA = PAIRS / (RECORDS * (RECORDS - 1) / 2)


def _person(rng: np.random.Generator) -> dict[str, object]:
    letters = np.array(list("bcdfghjklmnprstvz"))
    tokens = ["".join(rng.choice(letters, 8)) for _ in range(3)]
    return {
        "tokens": tokens,
        "birth": date(1970, 1, 1) + timedelta(days=int(rng.integers(DAYS))),
        "country": f"C{int(rng.integers(COUNTRIES)):02d}",
        "gender": ["male", "female"][int(rng.integers(2))],
    }


def _row(uid: int, p: dict[str, object]) -> dict[str, object]:
    tokens = sorted(p["tokens"])  # type: ignore[arg-type]
    birth: date = p["birth"]  # type: ignore[assignment]
    row: dict[str, object] = dict.fromkeys(FRAME_COLUMNS)
    row.update(
        unique_id=uid,
        source="s",
        script="Latin",
        name_sorted=" ".join(tokens),
        name_skeleton_key=" ".join(tokens),
        name_phonetic_key=" ".join(tokens),
        name_tokens=tokens,
        name_skeletons=tokens,
        name_phonetic=tokens,
        birth_year=birth.year,
        birth_month=birth.month,
        birth_dom=birth.day,
        birth_year_low=birth.year,
        birth_year_high=birth.year,
        birth_day=birth.isoformat(),
        citizenship=[p["country"]],
        countries=[p["country"]],
        stated_countries=[p["country"]],
        gender=p["gender"],
    )
    return row


def _frame(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows, uid = [], 0
    for _ in range(PAIRS):
        first = _person(rng)
        fresh = _person(rng)
        second = {
            "tokens": first["tokens"]
            if rng.random() < KEEP["name"]
            else [*first["tokens"][:2], fresh["tokens"][2]],  # type: ignore[index]
            "birth": first["birth"] if rng.random() < KEEP["birth"] else fresh["birth"],
            "country": first["country"] if rng.random() < KEEP["country"] else fresh["country"],
            "gender": first["gender"] if rng.random() < KEEP["gender"] else fresh["gender"],
        }
        rows += [_row(uid, first), _row(uid + 1, second)]
        uid += 2
    for _ in range(SINGLES):
        rows.append(_row(uid, _person(rng)))
        uid += 1
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for column in ("birth_year", "birth_month", "birth_dom", "birth_year_low", "birth_year_high"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _levels(model: dict, name: str) -> dict[str, tuple[float, float]]:
    [comparison] = [c for c in model["comparisons"] if c["output_column_name"] == name]
    return {
        level.get("label_for_charts", ""): (level.get("m_probability"), level.get("u_probability"))
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level")
    }


@pytest.fixture(scope="module")
def model() -> dict:
    framed, _ = add_blocking_keys(_frame(seed=42))
    trained, info = train(duckdb_api().register(framed, table_name="records"))
    assert info["em_sessions"] == [["birth_day"], ["name_sorted"]]
    return trained


def test_m_is_recovered(model: dict) -> None:
    chance = {"country": 1 / COUNTRIES, "gender": 1 / 2}
    name = _levels(model, "name")
    assert name["same parts"][0] == pytest.approx(KEEP["name"], abs=0.03)
    assert name["two parts shared"][0] == pytest.approx(1 - KEEP["name"], abs=0.03)
    birth = _levels(model, "birth_date")
    assert birth["same day"][0] == pytest.approx(KEEP["birth"], abs=0.03)
    country = _levels(model, "country")["a citizenship shared"][0]
    assert country == pytest.approx(
        KEEP["country"] + (1 - KEEP["country"]) * chance["country"], abs=0.03
    )
    gender = _levels(model, "gender")
    same = next(m for label, (m, _) in gender.items() if "Exact" in label)
    assert same == pytest.approx(KEEP["gender"] + (1 - KEEP["gender"]) * chance["gender"], abs=0.03)


def test_u_is_recovered(model: dict) -> None:
    assert _levels(model, "country")["a citizenship shared"][1] == pytest.approx(
        1 / COUNTRIES, rel=0.2
    )
    gender = _levels(model, "gender")
    same_u = next(u for label, (_, u) in gender.items() if "Exact" in label)
    assert same_u == pytest.approx(0.5, rel=0.2)
    # u is sampled from all pairs, matches included: a share LAMBDA of them agree as matches do
    day_u = _levels(model, "birth_date")["same day"][1]
    assert day_u == pytest.approx(1 / DAYS + LAMBDA * KEEP["birth"], rel=0.25)
    assert _levels(model, "name")["All other comparisons"][1] > 0.99


def test_em_survives_a_level_left_near_zero(tmp_path: Path) -> None:
    """Regression: on 1,500 simulated persons (seed 29) the birth-day session leaves m ≈ 1e-35
    on three levels (nisba, gender, identity document differing); started from that model,
    the name session's pairs all scored 0, Splink refused the m = 0 that followed, the
    session was dropped and the birth date never got an m (it weighed nothing). Each session
    now starts from the floored model: both complete and the birth-date levels are estimated
    (a rare level, such as the same month without the day, may go unobserved and weigh nothing).
    """
    store = connect(f"sqlite:///{tmp_path / 'h.sqlite'}")
    upgrade(store)
    ingest_path(store, write(simulate(1500, seed=29), tmp_path) / "sources", user="test")
    with store.reading() as connection:
        frame = comparison_frame(store_facts(connection), workers=1)
    store.close()
    framed, _ = add_blocking_keys(frame)
    trained, info = train(duckdb_api().register(framed, table_name="records"))
    assert info["em_sessions"] == [["birth_day"], ["name_sorted"]]
    birth = _levels(trained, "birth_date")
    levels = ("same day", "same year", "All other comparisons")
    assert all(birth[level][0] is not None for level in levels)
    # matching records share a birth day far more often than they differ by more than a year
    assert birth["same day"][0] > 0.5 > birth["All other comparisons"][0]


def test_training_runs_on_one_thread_and_scoring_gets_its_threads_back() -> None:
    """EM's sums repeat to the last bit only when DuckDB adds them in one order."""
    api = duckdb_api()
    api.duckdb_con.execute("SET threads = 3")

    def threads() -> int:
        return int(api.duckdb_con.execute("SELECT current_setting('threads')").fetchone()[0])

    with one_thread(api):
        assert threads() == 1
    assert threads() == 3
    with pytest.raises(RuntimeError), one_thread(api):
        raise RuntimeError
    assert threads() == 3
