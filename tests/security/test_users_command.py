"""`headcount users`: a password is always prompted for, twice; nothing has a default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from headcount.cli.main import app
from headcount.security import authenticate
from headcount.storage import connect

runner = CliRunner()
PASSWORD = "a long enough passphrase"


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("HEADCOUNT_DB_URL", url)
    monkeypatch.setenv("HEADCOUNT_USER", "operator")
    assert runner.invoke(app, ["init"]).exit_code == 0
    return url


def test_users_add_prompts_for_a_password_twice(store_url: str) -> None:
    result = runner.invoke(
        app, ["users", "add", "amina", "--role", "reviewer"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Added amina (reviewer, without restricted access)" in result.output
    assert PASSWORD not in result.output
    assert authenticate(connect(store_url), "amina", PASSWORD) is not None
    listed = json.loads(runner.invoke(app, ["users", "list", "--format", "json"]).stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("amina", "reviewer")]


def test_users_add_refuses_a_weak_password_and_an_unknown_role(store_url: str) -> None:
    result = runner.invoke(app, ["users", "add", "omar", "--role", "admin"], input="short\nshort\n")
    assert result.exit_code == 1 and "at least 12 characters" in result.output
    result = runner.invoke(app, ["users", "add", "omar", "--role", "god"], input="")
    assert result.exit_code == 2
    assert json.loads(runner.invoke(app, ["users", "list", "--format", "json"]).stdout) == []


def test_users_role_password_and_disable(store_url: str) -> None:
    runner.invoke(app, ["users", "add", "zaid", "--role", "viewer"], input=f"{PASSWORD}\n" * 2)
    result = runner.invoke(
        app, ["users", "role", "zaid", "--role", "analyst", "--restricted-access"]
    )
    assert "zaid is now analyst, with restricted access" in result.output
    new = "another long passphrase"
    assert runner.invoke(app, ["users", "password", "zaid"], input=f"{new}\n{new}\n").exit_code == 0
    assert authenticate(connect(store_url), "zaid", new) is not None
    assert runner.invoke(app, ["users", "disable", "zaid"]).exit_code == 0
    assert authenticate(connect(store_url), "zaid", new) is None
    assert runner.invoke(app, ["users", "disable", "nobody"]).exit_code == 1
