"""Progress of the long commands: each capability tells its `Tally` monotone counts that end
at the total, and the commands, run where standard error is no terminal, print no bar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.simulated import Simulated
from typer.testing import CliRunner

from headcount.cli.main import app
from headcount.estimation import CaptureTable, simulate_histories
from headcount.estimation.lcmcr import LcmcrSettings, estimate_partitions
from headcount.estimation.store import estimate_store
from headcount.ingest import ingest_path
from headcount.simulate import simulate, write
from headcount.storage import connect, upgrade

runner = CliRunner()
BARS = ("estimating (", "matching queries.csv", "simulating 150 persons", "writing ", "\r")
"""What a bar of these commands would leave in the output: its labels, its redraws."""


class Told:
    """A `Tally` that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))

    def check(self) -> None:
        assert self.calls, "never told"
        done = [d for d, _ in self.calls]
        assert done == sorted(done), "counts went back"
        assert all(0 <= d <= t for d, t in self.calls)
        last_done, last_total = self.calls[-1]
        assert last_done == last_total > 0


def test_simulate_and_write_tell_their_stages(tmp_path: Path) -> None:
    drawn, written = Told(), Told()
    sim = simulate(200, 3, progress=drawn)
    write(sim, tmp_path, progress=written)
    drawn.check()
    written.check()
    assert drawn.calls[-1][1] == 3 + len(sim.sources)
    assert len(written.calls) == written.calls[-1][1] > len(sim.sources)


def test_an_ingest_of_a_folder_tells_its_files(tmp_path: Path) -> None:
    sim = simulate(150, 5)
    write(sim, tmp_path)
    store = connect(f"sqlite:///{tmp_path / 'store.sqlite'}")
    upgrade(store)
    files = Told()
    reports = ingest_path(store, tmp_path / "sources", user="tester", files=files)
    files.check()
    assert files.calls[-1] == (len(reports), len(reports)) == (len(sim.sources),) * 2


def test_lcmcr_tells_its_sweeps_up_to_where_it_stopped() -> None:
    tables = []
    for seed in (1, 2):
        histories = simulate_histories(400, (0.3, 0.25, 0.2), seed=seed)
        tables.append(CaptureTable.from_histories(histories, list(histories.columns)))
    settings = LcmcrSettings(burnin=200, samples=50, thinning=2, chains=2, stop_early=False)
    told = Told()
    estimate_partitions([tables[:1], tables], settings, seeds=[1, 2], progress=told)
    told.check()


def test_an_estimate_by_country_tells_its_strata(simulated: Simulated) -> None:
    told = Told()
    # systems by kind of source: a few lists, so that Mth-Chao's fits over all 2^J
    # patterns take seconds (a system per source took minutes)
    found = estimate_store(
        simulated.store,
        date(2017, 12, 8),
        by=["country"],
        method="mth-chao",
        group_by="kind",
        progress=told,
    )
    told.check()
    assert told.calls[-1][1] >= len(found.result.strata) > 1


@pytest.fixture
def store_env(simulated: Simulated, monkeypatch: pytest.MonkeyPatch) -> Simulated:
    monkeypatch.setenv("HEADCOUNT_DB_URL", f"sqlite:///{simulated.folder / 'headcount.sqlite'}")
    monkeypatch.setenv("HEADCOUNT_USER", "tester")
    return simulated


def test_commands_print_no_bar_off_a_terminal(store_env: Simulated, tmp_path: Path) -> None:
    estimated = runner.invoke(
        app,
        # --group-by kind: a few systems, so that Mth-Chao takes seconds (see above)
        [
            *("estimate", "--as-of", "2017-12-08", "--method", "mth-chao"),
            *("--group-by", "kind", "--format", "json"),
        ],
    )
    assert estimated.exit_code == 0, estimated.output
    json.loads(estimated.stdout)  # nothing but the JSON on standard output
    queries = tmp_path / "queries.csv"
    queries.write_text("query_id,name\nq1,Abu Hamza al-Faransi\nq2,Zzyzx Qwerty\n", "utf-8")
    matched = runner.invoke(
        app,
        ["match", "--batch", str(queries), "--out", str(tmp_path / "m.csv"), "--format", "json"],
    )
    assert matched.exit_code == 0, matched.output
    assert json.loads(matched.stdout)["queries"] == 2
    simulated = runner.invoke(
        app, ["simulate", "--persons", "150", "--seed", "4", "--out", str(tmp_path / "sim")]
    )
    assert simulated.exit_code == 0, simulated.output
    for result in (estimated, matched, simulated):
        assert not any(mark in result.output for mark in BARS)
