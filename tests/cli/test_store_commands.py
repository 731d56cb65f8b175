"""The store's commands as a user runs them: exit codes, messages, machine-readable output."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from headcount.cli.main import app

runner = CliRunner()


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("HEADCOUNT_DB_URL", url)
    monkeypatch.setenv("HEADCOUNT_USER", "tester")
    return url


def test_status_before_init_says_what_to_do(store_url: str) -> None:
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "headcount init" in result.output


def test_init_ingest_status_export(store_url: str, tmp_path: Path) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert "up to date" in runner.invoke(app, ["init"]).output
    data = tmp_path / "list.csv"
    data.write_text(
        "record_id,full_name,citizenship,killed_date\n"
        'a1,"=HYPERLINK(""http://x"",""y"")",France,2015-03\n'
        "a2,Abu Hamza al-Faransi,FRA,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", str(data), "--grade", "C"])
    assert result.exit_code == 0, result.output
    status = json.loads(runner.invoke(app, ["status", "--format", "json"]).stdout)
    assert status["counts"]["records"] == 2 and status["counts"]["events"] == 1
    out = tmp_path / "records.csv"
    assert runner.invoke(app, ["export", "records", "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0]["full_name"] == '\'=HYPERLINK("http://x","y")'  # never a live formula
    ftm = tmp_path / "ftm.jsonl"
    assert runner.invoke(app, ["export", "ftm", "--out", str(ftm)]).exit_code == 0
    entities = [json.loads(line) for line in ftm.read_text().splitlines()]
    assert {e["schema"] for e in entities} == {"Person", "Event"}
    assert any(e["properties"].get("nationality") == ["fr"] for e in entities)
    [death] = [e for e in entities if e["schema"] == "Event"]
    persons = {e["id"] for e in entities if e["schema"] == "Person"}
    assert death["properties"]["date"] == ["2015-03"]  # the month, as the source gave it
    assert (
        death["properties"]["name"] == ["killed"] and death["properties"]["involved"][0] in persons
    )


def test_bad_input_exits_non_zero_with_file_row_and_column(store_url: str, tmp_path: Path) -> None:
    runner.invoke(app, ["init"])
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,birth_date\nx,2015-02-30\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad), "--strict"])
    assert result.exit_code == 1
    assert "bad.csv, row 2, column 'birth_date'" in result.output
    assert "store is as it was" in result.output
    result = runner.invoke(app, ["ingest", str(bad), "--grade", "Q"])
    assert result.exit_code == 1 and "grade" in result.output


def test_audit_verify_names_a_changed_entry(store_url: str, tmp_path: Path) -> None:
    import sqlite3

    assert runner.invoke(app, ["init"]).exit_code == 0
    data = tmp_path / "list.csv"
    data.write_text("record_id,full_name\na1,Karim Dupont\na2,Sara Haddad\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(data)]).exit_code == 0
    assert runner.invoke(app, ["match", "--name", "Karim Dupont"]).exit_code == 0
    intact = json.loads(runner.invoke(app, ["audit", "verify", "--format", "json"]).stdout)
    assert intact["intact"] and intact["entries"] == 2  # the ingest, and the search
    raw = sqlite3.connect(tmp_path / "cli.sqlite")
    actions = [r[0] for r in raw.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["ingest", "search"]
    raw.executescript(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_name = 'someone' WHERE id = 1"
    )
    raw.close()
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "breaks at entry 1: this entry was changed" in broken.output
    kept = runner.invoke(app, ["audit", "verify", "--head", "0" * 64])
    assert kept.exit_code == 1


def test_app_roles_are_for_postgresql(store_url: str) -> None:
    result = runner.invoke(app, ["init", "--app-role", "headcount_app"])
    assert result.exit_code == 1 and "PostgreSQL" in result.output


def test_serve_and_demo_refuse_a_taken_port_before_any_work(store_url: str, tmp_path: Path) -> None:
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = str(holder.getsockname()[1])
        served = runner.invoke(app, ["serve", "--port", port])
        assert served.exit_code == 1 and f"127.0.0.1:{port}" in served.output
        demo = runner.invoke(app, ["demo", "--out", str(tmp_path / "d"), "--port", port])
        assert demo.exit_code == 1 and "another program" in demo.output
    assert not (tmp_path / "d").exists()  # refused before generating anything


def test_bad_values_are_kept_warned_and_written_to_the_rejects_file(
    store_url: str, tmp_path: Path
) -> None:
    runner.invoke(app, ["init"])
    messy = tmp_path / "messy.csv"
    rows = [f"x{i},Ali Testman{i},1990-02-{30 if i % 2 else 10}" for i in range(50)]
    messy.write_text("record_id,full_name,birth_date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = runner.invoke(app, ["ingest", str(messy), "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    assert "25 values could not be read" in result.output
    assert "messy.csv, row 3, column 'birth_date': '1990-02-30'" in result.output
    assert "… and 5 more (all are in" in result.output
    written = list(csv.DictReader(rejects.read_text(encoding="utf-8").splitlines()))
    assert len(written) == 25
    assert written[0] | {"file": ""} == {
        "file": "",
        "row": "3",
        "column": "birth_date",
        "value": "1990-02-30",
        "property": "birth_date",
        "error_type": "date",
        "error": written[0]["error"],
    }
    status = json.loads(runner.invoke(app, ["status", "--format", "json"]).stdout)
    assert status["counts"]["records"] == 50


def test_missing_files_get_a_clear_error_not_a_traceback(store_url: str, tmp_path: Path) -> None:
    runner.invoke(app, ["init"])
    missing = str(tmp_path / "nowhere.csv")
    for command in (
        ["ingest", missing],
        ["figures", "load", missing],
        ["match", "--batch", missing, "--out", str(tmp_path / "m.csv")],
        ["dedupe", missing, "--map", "name=full_name", "--out", str(tmp_path / "c.csv")],
        ["ingest", str(tmp_path), "--mapping", missing],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, command
        assert "nowhere.csv" in result.output and "Traceback" not in result.output, command
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), command
    latin1 = tmp_path / "queries.csv"
    latin1.write_bytes(b"query_id,name\nq1,Al\xe9\n")
    header_only = tmp_path / "figures.csv"
    header_only.write_text("country_iso3,country,metric\n", encoding="utf-8")
    for command, said in (
        (["match", "--batch", str(latin1), "--out", str(tmp_path / "m.csv")], "not UTF-8"),
        (["figures", "load", str(header_only)], "holds no figures"),
        (["ingest", str(header_only)], "holds no records"),
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and said in result.output, (command, result.output)
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), command


def test_a_taken_port_is_refused_before_the_web_stack_loads(tmp_path: Path) -> None:
    # loading the web stack takes seconds (half a minute on a busy machine): not for a refusal
    probe = (
        "import socket, sys\n"
        "from typer.testing import CliRunner\n"
        "from headcount.cli.main import app\n"
        "holder = socket.socket(); holder.bind(('127.0.0.1', 0)); holder.listen()\n"
        "port = str(holder.getsockname()[1])\n"
        f"for args in (['serve'], ['demo', '--out', {str(tmp_path / 'd')!r}]):\n"
        "    result = CliRunner().invoke(app, [*args, '--port', port])\n"
        "    print(result.exit_code, 'uvicorn' in sys.modules, 'fastapi' in sys.modules)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert ran.stdout.split("\n")[:2] == ["1 False False", "1 False False"]
    assert not (tmp_path / "d").exists()
