"""`headcount demo --no-serve`: the whole job (the estimates of the unseen kept for the
workbench), then the address and a demo admin whose random password works (and changes
at every run: there is no default password)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from headcount.cli.main import app
from headcount.demo import demo_admin
from headcount.security import authenticate, get_user
from headcount.storage import connect
from headcount.storage.tables import saved_estimates

runner = CliRunner()


def test_the_demo_links_and_prints_the_workbench_and_a_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HEADCOUNT_DB_URL", raising=False)
    out = tmp_path / "demo"
    result = runner.invoke(
        app, ["demo", "--persons", "1000", "--seed", "3", "--out", str(out), "--no-serve"]
    )
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8000/" in result.output
    found = re.search(r"log in as (\S+) with the password (\S+)", result.output)
    assert found is not None
    name, password = found.groups()
    store = connect(f"sqlite:///{out / 'headcount.sqlite'}")
    assert authenticate(store, name, password) is not None
    admin = get_user(store, name)
    assert admin.role.value == "admin" and admin.restricted_access
    assert re.search(r"Linked [\d,]+ records into [\d,]+ persons", result.output)
    assert "Estimating those no source recorded" in result.output
    with store.reading() as connection:  # kept for the workbench's estimates page
        assert connection.execute(select(func.count()).select_from(saved_estimates)).scalar()
    _, again = demo_admin(store)  # what a second run does: a new random password
    assert again != password and authenticate(store, name, password) is None
    store.close()
