"""`headcount estimate` as a user runs it on a simulated store: formats, labels, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.simulated import Simulated
from typer.testing import CliRunner

from headcount.cli.main import app

runner = CliRunner()
ARGS = ["estimate", "--as-of", "2022-12-31", "--method", "mth-chao", "--group-by", "kind"]


@pytest.fixture
def store(simulated: Simulated, monkeypatch: pytest.MonkeyPatch) -> Simulated:
    monkeypatch.setenv("HEADCOUNT_DB_URL", f"sqlite:///{simulated.folder / 'headcount.sqlite'}")
    return simulated


def test_estimate_by_status_as_json_csv_and_table(store: Simulated) -> None:
    result = runner.invoke(app, [*ARGS, "--by", "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "estimate" and data["by"] == ["status"]
    assert data["total"]["kind"] == "estimate" and data["total"]["method"] == "mth-chao"
    assert data["total"]["lower"] <= data["total"]["estimate"] <= data["total"]["upper"]
    assert all(s["kind"] == "estimate" and s["definition"] for s in data["strata"])
    assert data["refused"] and all(r["kind"] == "refusal" and r["reasons"] for r in data["refused"])
    covered = [s["stratum"] for s in data["strata"]]
    assert data["total"]["diagnostics"]["covers"] == covered
    lines = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, [*ARGS, "--by", "status", "--format", "csv"]).stdout)
        )
    )
    assert lines[-1]["status"] == "all" and lines[-1]["kind"] == "estimate"
    assert {"estimate", "lower", "upper", "method", "model", "definition"} <= set(lines[0])
    assert {r["kind"] for r in lines} == {"estimate", "refusal"}
    table = runner.invoke(app, [*ARGS, "--by", "status"])
    assert table.exit_code == 0, table.output
    assert "refused" in table.stdout and "Definition:" in table.stdout
    assert "no estimate (status=" in table.stdout


def test_estimate_refuses_bad_options(store: Simulated, tmp_path: Path) -> None:
    assert runner.invoke(app, [*ARGS, "--by", "region"]).exit_code == 2
    assert runner.invoke(app, [*ARGS, "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, [*ARGS, "--as-of", "8/12/2017"]).exit_code == 2
    assert runner.invoke(app, [*ARGS, "--group-by", "colour"]).exit_code == 2
    systems = tmp_path / "systems.yaml"
    systems.write_text("lists: [no-such-source]\n", encoding="utf-8")
    missing = runner.invoke(app, [*ARGS, "--systems", str(systems)])
    assert missing.exit_code == 2 and "no-such-source" in missing.output


def test_estimate_without_persons_says_to_link_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEADCOUNT_DB_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["estimate"])
    assert result.exit_code == 1 and "link" in result.output


def test_estimate_takes_lcmcr_settings_by_r_s_names(store: Simulated) -> None:
    quick = ["--k", "4", "--a-alpha", "0.25", "--burnin", "100", "--samples", "40"]
    args = ["estimate", "--as-of", "2022-12-31", "--group-by", "kind", "--by", "status"]
    result = runner.invoke(app, [*args, *quick, "--thinning", "2", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    settings = [s["diagnostics"]["settings"] for s in data["strata"]]
    assert settings and all(s["K"] == 4 and s["a_alpha"] == 0.25 for s in settings)
    assert all(s["b_alpha"] == 0.25 and not s["stop_early"] for s in settings)
    assert all(s["diagnostics"]["sweeps_per_chain"] == 500 + 100 + 80 for s in data["strata"])
    other = runner.invoke(app, [*ARGS, "--k", "4"])
    assert other.exit_code == 2 and "lcmcr method only" in other.output
