"""`make demo` runs the main job; re-running it adds nothing."""

from pathlib import Path

import pytest

from headcount.demo import run_demo


def test_the_demo_generates_ingests_and_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    monkeypatch.delenv("HEADCOUNT_DB_URL", raising=False)
    monkeypatch.setenv("HEADCOUNT_SHARED", str(shared))
    first = run_demo(tmp_path / "demo", persons=300, seed=5)
    counts = first.counts["counts"]
    assert isinstance(counts, dict)
    assert counts["records"] == sum(r.records_added for r in first.ingested) > 300
    assert counts["sources"] == len(first.ingested)
    assert counts["published_figures"] == 208
    assert (tmp_path / "demo" / "truth" / "links.csv").exists()
    again = run_demo(tmp_path / "demo", persons=300, seed=5)
    assert sum(r.records_added for r in again.ingested) == 0
    assert again.counts == first.counts
