"""The linkage commands as a user runs them: link, judge, explain, match, dedupe,
evaluate-linkage (exit codes, messages, JSON and CSV output)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from headcount.cli.main import app
from headcount.storage import Store
from headcount.storage.tables import records, sources

runner = CliRunner()


@pytest.fixture
def cli(linked: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("HEADCOUNT_DB_URL", linked.engine.url.render_as_string(False))
    monkeypatch.setenv("HEADCOUNT_USER", "tester")
    return linked


def _names(store: Store, count: int) -> list[str]:
    with store.reading() as c:
        rows = c.execute(
            select(sources.c.name, records.c.record_key)
            .join(sources, sources.c.id == records.c.source_id)
            .order_by(records.c.id)
            .limit(count)
        ).all()
    return [f"{s}/{k}" for s, k in rows]


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_judge_explain_and_retract(cli: Store) -> None:
    a, b = _names(cli, 2)
    made = _json(["judge", a, b, "different", "--note", "two brothers", "--format", "json"])
    assert made["decision"] == "different" and made["user"] == "tester"  # type: ignore[index]
    explained = _json(["explain", a, b, "--format", "json"])
    assert isinstance(explained, dict)
    total = explained["prior"] + sum(
        c["weight"] + c["tf_adjustment"] for c in explained["contributions"]
    )
    assert total == pytest.approx(explained["match_weight"], abs=1e-3)
    assert explained["judgements"][0]["note"] == "two brothers"
    assert {c["comparison"] for c in explained["contributions"]} >= {"name", "birth_date"}
    shown = runner.invoke(app, ["explain", a, b])
    assert shown.exit_code == 0 and "prior" in shown.output and "total" in shown.output
    retracted = runner.invoke(app, ["judge", "--retract", str(made["id"])])  # type: ignore[index]
    assert retracted.exit_code == 0 and "Retracted" in retracted.output
    again = runner.invoke(app, ["judge", "--retract", str(made["id"])])  # type: ignore[index]
    assert again.exit_code == 1 and "already retracted" in again.output


def test_bad_record_names_and_decisions_fail_clearly(cli: Store) -> None:
    [a] = _names(cli, 1)
    result = runner.invoke(app, ["judge", a, "nowhere/1", "same"])
    assert result.exit_code == 1 and "no record is named" in result.output
    result = runner.invoke(app, ["judge", a, a, "maybe"])
    assert result.exit_code == 1 and "not a decision" in result.output


def test_link_and_evaluate_as_json(cli: Store, simulated: Path) -> None:
    report = _json(["link", "--format", "json"])
    assert report["run"]["new_ids"] == 0 and report["engine"] == "duckdb"  # type: ignore[index]
    scores = _json(
        ["evaluate-linkage", "--truth", str(simulated / "truth" / "links.csv"), "--format", "json"]
    )
    assert isinstance(scores, dict) and 0 < scores["bcubed"]["f1"] <= 1
    assert scores["by_source_pair"] and scores["by_script"]
    ratio, top = scores["ratio_to_ceiling"], scores["ceiling"]
    assert ratio["pairwise"] == pytest.approx(
        scores["pairwise"]["f1"] / top["pairwise_f1"], abs=1e-4
    )


def test_match_one_name_and_a_batch(cli: Store, tmp_path: Path) -> None:
    with cli.reading() as c:
        name = c.execute(
            select(records.c.raw).where(records.c.raw.like('%"full_name"%')).limit(1)
        ).scalar_one()
    full = json.loads(name)["full_name"]
    found = _json(["match", "--name", full, "--format", "json"])
    assert isinstance(found, list) and 1 <= len(found) <= 5
    assert found[0]["match"] and found[0]["score"] >= found[-1]["score"]
    queries = tmp_path / "queries.csv"
    queries.write_text(f"query_id,name,birth_date\nq1,{full},\nq2,Zzyzx Qwerty,1990\n", "utf-8")
    out = tmp_path / "matches.csv"
    result = runner.invoke(app, ["match", "--batch", str(queries), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["query_id", "person_id", "score", "match"]
    assert rows[0]["query_id"] == "q1" and rows[0]["match"] == "true"
    assert all(r["match"] == "false" for r in rows if r["query_id"] == "q2")
    assert max(sum(r["query_id"] == q for r in rows) for q in ("q1", "q2")) <= 5


def test_dedupe_links_a_users_lists_without_a_store(simulated: Path, tmp_path: Path) -> None:
    first = tmp_path / "list-a.csv"
    second = tmp_path / "list-b.csv"
    with (simulated / "sources" / "tr-border-records.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for path, part in ((first, rows[: len(rows) // 2]), (second, rows[len(rows) // 2 :])):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "adi", "soyadi", "dogum_tarihi", "uyruk"])
            for r in part:
                writer.writerow(
                    [r["kayit_no"], r["adi"], r["soyadi"], r["dogum_tarihi"], r["uyruk"]]
                )
    out = tmp_path / "clusters.csv"
    maps = ["adi=given_name", "soyadi=family_name", "dogum_tarihi=birth_date", "uyruk=citizenship"]
    args = ["dedupe", str(first), "--link-with", str(second), "--out", str(out)]
    result = runner.invoke(
        app, args + [x for m in maps for x in ("--map", m)] + ["--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    with out.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert list(written[0]) == ["source", "record_id", "person_id"]
    assert len(written) == len(rows) == report["records"]
    assert {w["source"] for w in written} == {"list-a", "list-b"}
    assert report["persons"] < report["records"]  # the same traveller crossed more than once
    bad = runner.invoke(app, ["dedupe", str(first), "--out", str(out), "--map", "adi"])
    assert bad.exit_code == 1 and "COLUMN=property" in bad.output


def test_a_saved_model_gives_the_same_persons_without_training(cli: Store, tmp_path: Path) -> None:
    saved = tmp_path / "model.json"
    first = _json(["link", "--save-model", str(saved), "--format", "json"])
    model = json.loads(saved.read_text(encoding="utf-8"))
    assert model["comparisons"] and 0 < model["probability_two_random_records_match"] < 1
    again = _json(["link", "--model", str(saved), "--format", "json"])
    assert isinstance(first, dict) and isinstance(again, dict)
    assert again["run"]["persons"] == first["run"]["persons"]
    assert again["run"]["kept_ids"] == first["run"]["persons"]
    assert again["pairs_scored"] == first["pairs_scored"]
    assert "training" not in again["seconds"] or again["seconds"]["training"] < 30
    bad = tmp_path / "bad.json"
    bad.write_text('{"comparisons": [{"comparison_levels": []}]}', encoding="utf-8")
    refused = runner.invoke(app, ["link", "--model", str(bad)])
    assert refused.exit_code == 1 and "another version" in refused.output
    assert runner.invoke(app, ["link", "--model", str(tmp_path / "none.json")]).exit_code == 1


def test_linkage_report_prints_the_weights_and_writes_the_charts(
    cli: Store, tmp_path: Path
) -> None:
    page = tmp_path / "linkage.html"
    result = runner.invoke(app, ["linkage-report", "--out", str(page)])
    assert result.exit_code == 0, result.output
    assert "m and u of each comparison level" in result.stdout
    assert "match weights of the scored pairs" in result.stdout
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") >= 2 and "http" not in text.replace("http://www.w3.org", "")
    data = _json(["linkage-report", "--format", "json"])
    assert isinstance(data, dict) and data["parameters"] and data["pairs"] > 0
    assert data["match_weight_histogram"]["bins"]
    assert runner.invoke(app, ["linkage-report", "--format", "xml"]).exit_code == 2
