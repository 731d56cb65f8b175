"""`headcount simulate` writes the folders and prints the summary."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from headcount.cli.main import app


def test_simulate_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "--persons", "400", "--seed", "2", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "capture histories" in result.output and "FRA on 2017-12-08" in result.output
    assert (tmp_path / "truth" / "links.csv").is_file()
    assert (tmp_path / "sources" / "fr-watchlist.yaml").is_file()


def test_an_unknown_scenario_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "--persons", "10", "--scenario", "nope", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert not (tmp_path / "truth").exists()
