"""`headcount validate`: the whole pipeline on a small simulated population, both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from headcount.cli.main import app


@pytest.mark.slow
def test_validate_reports_own_and_perfect_linkage_side_by_side(tmp_path: Path) -> None:
    # 400 persons, one seed, LCMCR (which visits only the patterns observed). Perfect
    # linkage's counts are the yardstick of the counts, so they hold every cell by
    # construction; own linkage's estimate is scored against the truth like perfect's.
    result = CliRunner().invoke(
        app,
        [
            "validate",
            "--persons",
            "400",
            "--seeds",
            "1",
            "--first-seed",
            "2001",
            "--method",
            "lcmcr",
            "--as-of",
            "2019-12-31",
            "--work",
            str(tmp_path),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    own, perfect = data["summary"]
    assert (own["linkage"], perfect["linkage"]) == ("own", "perfect")
    assert perfect["count_coverage"] == 1.0 and perfect["count_cells"] == own["count_cells"]
    assert own["totals"] == perfect["totals"] == 1
    assert (tmp_path / "default-400-2001" / "headcount.sqlite").exists()  # kept for next time
    assert own["silent_misses"] <= own["strata"] and "2001" in data["mentions"]
    for row in (own, perfect):  # each warning: strata it fired on, of which missed
        assert row["strata_missed"] >= row["silent_misses"]
        assert all(
            0 <= m <= min(f, row["strata_missed"]) for f, m in row["warnings_fired_missed"].values()
        )
    assert "linkage_not_evaluated" not in own["warnings_fired_missed"]  # the total's only
    assert set(data["unattributed"]["2001"]) == {"own", "perfect"}
