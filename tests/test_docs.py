"""The docs cannot drift from the code."""

from pathlib import Path

from headcount.cli.reference import render

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_cli_reference_is_generated_from_the_current_help() -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/cli.md is out of date: run `make docs`"


def test_every_command_of_the_design_that_exists_is_in_the_reference() -> None:
    reference = render()
    for command in ("init", "status", "ingest", "figures load", "export"):
        assert f"## `headcount {command}`" in reference


def test_the_tutorials_example_list_ingests_as_shown(tmp_path, sqlite_store) -> None:
    from headcount.ingest import ingest_path

    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    block = text.split("```csv my-list.csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "my-list.csv"
    path.write_text(block, encoding="utf-8")
    [report] = ingest_path(sqlite_store, path, source="my-list", grade="C")
    assert (report.records_added, report.events_added) == (2, 3)
