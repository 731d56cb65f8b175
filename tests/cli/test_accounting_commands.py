"""The accounting commands as a user runs them: output formats, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.accounting.stored import fill, load_afp
from typer.testing import CliRunner

from headcount.cli.main import app
from headcount.storage import connect

runner = CliRunner()


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("HEADCOUNT_DB_URL", url)
    monkeypatch.setenv("HEADCOUNT_USER", "tester")
    assert runner.invoke(app, ["init"]).exit_code == 0
    return url


@pytest.fixture
def filled(store_url: str, tmp_path: Path) -> dict[str, str]:
    store = connect(store_url)
    persons = fill(store, tmp_path)
    load_afp(store, tmp_path)
    store.close()
    return persons


def test_count_as_json_csv_and_table(filled: dict[str, str]) -> None:
    result = runner.invoke(app, ["count", "--as-of", "2017-12-08", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    fra = next(r for r in data["rows"] if r["country"] == "FRA")
    assert fra["departed"]["value"] == 2 and fra["departed_equals_sum"]
    assert fra["statuses"]["killed_confirmed"]["kind"] == "enumeration"
    assert data["known_on"] is None and data["rules"]["staleness_days"] == 365
    then = runner.invoke(
        app,
        [
            "count",
            "--as-of",
            "2017-12-08",
            "--known-on",
            "2017-12-08",
            "--country",
            "FRA",
            "--format",
            "csv",
        ],
    )
    lines = list(csv.DictReader(io.StringIO(then.stdout)))
    killed = next(r for r in lines if r["status"] == "killed_confirmed")
    assert (killed["country"], killed["value"]) == ("FRA", "0")
    table = runner.invoke(app, ["count", "--as-of", "2017-12-08", "--by", "status"])
    assert table.exit_code == 0 and "departed = Σ statuses: ✓" in table.stdout


def test_count_refuses_bad_options(filled: dict[str, str]) -> None:
    bad_date = runner.invoke(app, ["count", "--as-of", "8/12/2017"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    bad_by = runner.invoke(app, ["count", "--as-of", "2017-12-08", "--by", "region"])
    assert bad_by.exit_code == 2 and "--by" in bad_by.output
    bad_grade = runner.invoke(app, ["count", "--as-of", "2017-12-08", "--min-reliability", "Z"])
    assert bad_grade.exit_code == 2


def test_count_before_linking_says_what_to_do(store_url: str) -> None:
    result = runner.invoke(app, ["count", "--as-of", "2017-12-08"])
    assert result.exit_code == 1 and "headcount link" in result.output


def test_reconcile_json_is_the_documented_shape(filled: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["reconcile", "--country", "FRA", "--as-of", "2017-12-08", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"country", "as_of", "metrics"} <= set(data)
    unknown = data["metrics"]["unknown"]
    assert {"low", "high", "sources", "derived"} <= set(unknown)
    assert (unknown["low"], unknown["high"], unknown["derived"]) == (500, 550, True)
    table = runner.invoke(app, ["reconcile", "--country", "fra", "--as-of", "2017-12-08"])
    assert "500–550 (implied)" in table.stdout


def test_report_in_three_formats(filled: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "fra.html"
    result = runner.invoke(
        app, ["report", "--country", "FRA", "--as-of", "2017-12-08", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 3
    assert "<script" not in html and "src=" not in html  # nothing to fetch
    md = runner.invoke(
        app, ["report", "--country", "FRA", "--as-of", "2017-12-08", "--format", "md"]
    )
    assert "# France (FRA) as of 2017-12-08" in md.stdout
    data = json.loads(
        runner.invoke(
            app, ["report", "--country", "FRA", "--as-of", "2017-12-08", "--format", "json"]
        ).stdout
    )
    assert data["counts"]["statuses"]["killed_confirmed"]["value"] == 1


def test_flows_as_csv_and_json(filled: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["flows", "--from", "2014-01-01", "--to", "2017-12-31", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"origin": "FRA", "destination": "SYR", "persons": "2", "moves": "2"} in rows
    data = json.loads(
        runner.invoke(
            app, ["flows", "--from", "2014-01-01", "--to", "2017-12-31", "--format", "json"]
        ).stdout
    )
    assert {"source": "0:FRA", "target": "1:SYR", "persons": 2} in data["sankey"]["links"]
    backwards = runner.invoke(app, ["flows", "--from", "2017-01-01", "--to", "2014-01-01"])
    assert backwards.exit_code == 2


def test_watch_unwatch_alerts(filled: dict[str, str]) -> None:
    person = filled["r1"]
    result = runner.invoke(app, ["watch", "person", person, "--note", "seen in Raqqa"])
    assert result.exit_code == 0 and "(watch 1)" in result.stdout
    assert runner.invoke(app, ["watch", "country", "fra"]).exit_code == 0
    assert runner.invoke(app, ["watch", "person", "P9999999"]).exit_code == 1
    alerts = json.loads(
        runner.invoke(app, ["alerts", "--since", "2016-01-01", "--format", "json"]).stdout
    )
    mine = [a for a in alerts if a["object_id"] == person]
    assert mine and mine[0]["kind"] == "status_change"
    assert mine[0]["detail"].endswith("→ killed_confirmed")
    assert runner.invoke(app, ["unwatch", "1"]).exit_code == 0
    again = runner.invoke(app, ["unwatch", "1"])
    assert again.exit_code == 1 and "already stopped" in again.output
    left = json.loads(
        runner.invoke(app, ["alerts", "--since", "2016-01-01", "--format", "json"]).stdout
    )
    assert all(a["watch_id"] == 2 for a in left)


def test_report_as_pdf(filled: dict[str, str], tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "fra.pdf"
    refused = runner.invoke(
        app, ["report", "--country", "FRA", "--as-of", "2017-12-08", "--format", "pdf"]
    )
    assert refused.exit_code == 2 and "--out" in refused.output
    result = runner.invoke(
        app,
        [
            "report",
            "--country",
            "FRA",
            "--as-of",
            "2017-12-08",
            "--format",
            "pdf",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "France (FRA)" in text and "2017-12-08" in text


def test_a_report_fetches_nothing() -> None:
    from headcount.reports.pdf import Offline, _no_network

    with pytest.raises(Offline):
        _no_network("https://example.org/tracker.png")


def test_counts_as_a_workbook(filled: dict[str, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "counts.xlsx"
    refused = runner.invoke(app, ["export", "counts", "--out", str(out), "--format", "xlsx"])
    assert refused.exit_code == 2 and "--as-of" in refused.output
    result = runner.invoke(
        app,
        [
            "export",
            "counts",
            "--out",
            str(out),
            "--format",
            "xlsx",
            "--as-of",
            "2017-12-08",
            "--known-on",
            "2017-12-08",
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == [
        "about",
        "counts",
        "beside the statuses",
        "published figures",
        "definitions",
    ]
    for name in book.sheetnames:  # every sheet says what it counts
        assert "as of 2017-12-08, known on 2017-12-08" in str(book[name]["A1"].value)
    rows = list(book["counts"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "country"))
    table = [dict(zip(rows[header], r, strict=True)) for r in rows[header + 1 :]]
    counted = runner.invoke(
        app, ["count", "--as-of", "2017-12-08", "--known-on", "2017-12-08", "--format", "csv"]
    ).stdout
    expected = {
        (r["country"], r["status"]): int(r["value"]) for r in csv.DictReader(io.StringIO(counted))
    }
    assert {(r["country"], r["status"]): r["value"] for r in table} == expected
    assert all(isinstance(r["low"], int) for r in table)  # numbers, not text
    published = list(book["published figures"].iter_rows(values_only=True))
    assert any(r[0] == "FRA" and r[1] == "departed" for r in published)


def test_a_country_given_by_name_is_resolved_and_an_unknown_one_refused(
    filled: dict[str, str],
) -> None:
    def fra(country: str) -> str:
        result = runner.invoke(
            app, ["count", "--as-of", "2017-12-08", "--country", country, "--format", "csv"]
        )
        assert result.exit_code == 0, result.output
        return result.stdout

    assert fra("FRANCE") == fra("France") == fra("fra") == fra("FRA")
    unknown = runner.invoke(app, ["count", "--as-of", "2017-12-08", "--country", "Atlantis"])
    assert (
        unknown.exit_code == 2 and "'Atlantis' is not a country headcount knows" in unknown.output
    )
    unknown = runner.invoke(app, ["reconcile", "--as-of", "2017-12-08", "--country", "XYZ"])
    assert unknown.exit_code == 2
