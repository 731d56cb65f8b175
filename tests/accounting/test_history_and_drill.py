"""A person's status history, the persons behind a count cell, and counts over time.

On the small store of `stored.py`: person A (r1, r2) left France in May 2014, entered Syria
on 2 June 2014 and was killed on 1 August 2017 (a report of January 2018); B (r3) went and
came back to Belgium in 2015; C (r4) was seen in Syria in March 2017.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from headcount.accounting import count, load_evidence
from headcount.accounting.history import status_history
from headcount.accounting.series import count_series, series_dates
from headcount.cli.main import app
from headcount.security.accounts import command_line_user
from headcount.storage import Store
from headcount.storage.tables import audit_log
from headcount.views.drill import persons_in_cell
from headcount.views.history import person_history
from tests.accounting.stored import fill

runner = CliRunner()
DATE = date(2017, 12, 8)


def test_the_history_of_a_person_runs_spell_by_spell_with_the_records_behind_each(
    db: Store, tmp_path: Path
) -> None:
    person = fill(db, tmp_path)
    with db.reading() as connection:
        evidence = load_evidence(connection)
    spells = status_history(evidence, person["r1"], until=date(2019, 1, 1))
    shown = [(s.status, s.start, s.end, s.reason) for s in spells]
    # "Left in May 2014" counts from the last day it can have happened, as in `count`.
    assert shown == [
        ("en_route", date(2014, 5, 31), date(2014, 6, 1), ""),
        ("in_theatre", date(2014, 6, 2), date(2015, 6, 2), ""),
        ("unknown", date(2015, 6, 3), date(2017, 7, 31), "stale"),
        ("killed_confirmed", date(2017, 8, 1), None, ""),
    ]
    killed = spells[-1].causes
    assert [(c.kind, c.earliest) for c in killed] == [("killed", date(2017, 8, 1))]
    # What was known on 8 December 2017: the death had not been reported yet.
    then = status_history(
        evidence, person["r1"], until=date(2017, 12, 8), known_on=date(2017, 12, 8)
    )
    assert then[-1].status == "unknown" and then[-1].end is None


def test_each_spell_is_the_status_count_gives_on_its_days(db: Store, tmp_path: Path) -> None:
    person = fill(db, tmp_path)
    with db.reading() as connection:
        evidence = load_evidence(connection)
    for spell in status_history(evidence, person["r1"], until=date(2019, 1, 1)):
        for day in (spell.start, spell.end or date(2019, 1, 1)):
            row = count(db, day, country="FRA").row("FRA")
            assert row is not None and row.statuses[spell.status].value == 1, (spell, day)


def test_person_show_names_every_record_and_is_audited(db: Store, tmp_path: Path) -> None:
    person = fill(db, tmp_path)
    shown = person_history(db, command_line_user("analyst"), person["r1"], until=date(2019, 1, 1))
    data = shown.as_dict()
    assert {r["record"] for r in data["records"]} == {"watch-list/r1", "watch-list/r2"}
    last = data["status_history"]["spells"][-1]
    assert last["status"] == "killed_confirmed"
    assert last["causes"][0]["record"] == "watch-list/r2"
    [origin] = data["origin"]  # both records say FRA: the country and no alternative
    assert origin["country"] == "FRA" and origin["chosen"] and origin["kinds"] == ["citizenship"]
    assert origin["records"] == ["watch-list/r1", "watch-list/r2"]
    with db.reading() as connection:
        views = connection.execute(
            select(func.count()).where(
                audit_log.c.action == "view", audit_log.c.object_id == person["r1"]
            )
        ).scalar()
    assert views == 1


def test_the_persons_of_a_cell_are_exactly_the_cell(db: Store, tmp_path: Path) -> None:
    person = fill(db, tmp_path)
    listing = persons_in_cell(
        db, date(2017, 12, 8), country="FRA", status="killed_confirmed", user="tester"
    )
    assert [p.person_id for p in listing.persons] == [person["r1"]]
    row = count(db, date(2017, 12, 8), country="FRA").row("FRA")
    assert row is not None and row.statuses["killed_confirmed"].value == len(listing.persons)
    [cause] = listing.persons[0].causes
    assert listing.record_names[cause.record_id] == "watch-list/r2"
    departed = persons_in_cell(
        db, date(2017, 12, 8), country="FRA", status="departed", user="tester"
    )
    assert len(departed.persons) == row.departed.value == 2


def test_series_dates_end_each_month_and_the_last_day() -> None:
    assert series_dates(date(2017, 1, 15), date(2017, 4, 10)) == [
        date(2017, 1, 31),
        date(2017, 2, 28),
        date(2017, 3, 31),
        date(2017, 4, 10),
    ]
    assert series_dates(date(2015, 6, 1), date(2017, 12, 31), "year") == [
        date(2015, 12, 31),
        date(2016, 12, 31),
        date(2017, 12, 31),
    ]


def test_a_series_is_the_count_of_each_date(db: Store, tmp_path: Path) -> None:
    fill(db, tmp_path)
    dates = series_dates(date(2017, 6, 1), date(2017, 12, 8))
    series = count_series(db, dates, country="FRA")
    for when, counted in zip(dates, series, strict=True):
        alone = count(db, when, country="FRA")
        assert counted.as_dict() == alone.as_dict()
    killed = [c.row("FRA").statuses["killed_confirmed"].value for c in series]  # type: ignore[union-attr]
    assert killed[0] == 0 and killed[-1] == 1


def test_the_commands(sqlite_store: Store, tmp_path: Path) -> None:
    person = fill(sqlite_store, tmp_path)
    env = {"HEADCOUNT_DB_URL": sqlite_store.url}
    shown = runner.invoke(
        app, ["person", "show", person["r1"], "--until", "2019-01-01", "--format", "json"], env=env
    )
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["status_history"]["spells"][0]["status"] == "en_route"
    table = runner.invoke(app, ["person", "show", person["r1"], "--until", "2019-01-01"], env=env)
    assert "country FRA (score 2; citizenship: watch-list/r1, watch-list/r2)" in table.output
    cell = runner.invoke(
        app,
        [
            "count",
            "--as-of",
            "2017-12-08",
            "--country",
            "FRA",
            "--status",
            "killed_confirmed",
            "--persons",
            "--format",
            "csv",
        ],
        env=env,
    )
    assert cell.exit_code == 0, cell.output
    assert cell.output.splitlines()[1].startswith(f"{person['r1']},killed_confirmed,2017-08-01")
    series = runner.invoke(
        app,
        [
            "count",
            "--as-of",
            "2017-12-08",
            "--country",
            "FRA",
            "--series",
            "2017-01-01/2017-12-08",
            "--format",
            "csv",
        ],
        env=env,
    )
    assert series.exit_code == 0, series.output
    assert series.output.count("killed_confirmed") == 12
    missing = runner.invoke(app, ["count", "--as-of", "2017-12-08", "--persons"], env=env)
    assert missing.exit_code == 2 and "--country and --status" in missing.output
    nobody = runner.invoke(app, ["person", "show", "P9999999"], env=env)
    assert nobody.exit_code == 1 and "no person P9999999" in nobody.output


def test_a_status_judgement_resolves_a_person_in_every_count(db: Store, tmp_path: Path) -> None:
    from headcount.security.accounts import User
    from headcount.security.audit import NotAllowed
    from headcount.security.roles import Role
    from headcount.views.history import judge_person_status, retract_person_status

    person = fill(db, tmp_path)
    reviewer = command_line_user("rita")
    with pytest.raises(NotAllowed):
        judge_person_status(
            db,
            User(1, "vera", Role.viewer, False),
            person["r4"],
            "killed_confirmed",
            date(2017, 6, 1),
            "seen dead",
        )
    before = count(db, DATE, country="FRA").row("FRA")
    assert before is not None and before.statuses["killed_confirmed"].value == 1
    made = judge_person_status(
        db,
        reviewer,
        person["r4"],
        "killed_confirmed",
        date(2017, 6, 1),
        "a photograph of the body, checked by two analysts",
    )
    after = count(db, DATE, country="FRA")
    row = after.row("FRA")
    assert row is not None and row.statuses["killed_confirmed"].value == 2
    assert row.statuses["in_theatre"].value == before.statuses["in_theatre"].value - 1
    assert row.balanced and after.judged == 1
    earlier = count(db, date(2017, 5, 1), country="FRA")
    assert earlier.judged == 0  # the judgement holds from 1 June 2017
    # On the axis of knowledge, a judgement made today was not known in 2017.
    assert count(db, DATE, known_on=DATE, country="FRA").judged == 0
    shown = person_history(db, reviewer, person["r4"], until=DATE)
    assert shown.spells[-1].status == "killed_confirmed"
    assert shown.spells[-1].start == date(2017, 6, 1)
    assert [j.id for j in shown.judgements] == [made]
    retract_person_status(db, reviewer, made, "the photograph was of someone else")
    again = count(db, DATE, country="FRA")
    assert again.judged == 0 and again.as_dict()["rows"] == before_rows(before)


def before_rows(row: object) -> list[dict[str, object]]:
    return [row.as_dict()]  # type: ignore[attr-defined]
