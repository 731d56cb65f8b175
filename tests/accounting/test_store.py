"""Accounting on a real store, SQLite and PostgreSQL: the same numbers from the same records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from headcount.accounting import (
    NoPersons,
    add_watch,
    alerts,
    count,
    flows,
    load_evidence,
    reconcile,
    remove_watch,
)
from headcount.accounting.timeline import KINDS, day_number
from headcount.model.vocabulary import EventKind
from headcount.reports.country import country_report, render_report
from headcount.storage import Store
from tests.accounting.stored import fill, load_afp

DATE = date(2017, 12, 8)


def test_evidence_reads_dates_and_grades_alike_on_both_databases(db: Store, tmp_path: Path) -> None:
    person = fill(db, tmp_path)
    with db.reading() as connection:
        evidence = load_evidence(connection)
    recs = evidence.records.set_index("record_id")
    assert evidence.persons == 3 and len(recs) == 4
    assert set(recs["reliability"]) == {1}  # B
    evs = evidence.events
    killed = evs[evs["kind"] == KINDS.index(EventKind.killed)].iloc[0]
    assert (killed["earliest"], killed["reported"]) == (
        day_number(date(2017, 8, 1)),
        day_number(date(2018, 1, 10)),
    )
    departed = evs[evs["kind"] == KINDS.index(EventKind.departed)]
    assert sorted(departed["latest"]) == [
        day_number(date(2014, 5, 31)),
        day_number(date(2015, 2, 1)),
    ]
    assert sorted(evidence.countries[evidence.places["country"]]) == ["BEL", "FRA", "FRA", "FRA"]
    assert set(person) == {"r1", "r2", "r3", "r4"}


def test_counts_on_both_time_axes(db: Store, tmp_path: Path) -> None:
    fill(db, tmp_path)
    now = count(db, DATE)
    fra = now.row("FRA")
    assert fra is not None and fra.balanced
    assert fra.departed.value == 2
    assert fra.statuses["killed_confirmed"].value == 1
    assert fra.statuses["in_theatre"].value == 1
    then = count(db, DATE, known_on=DATE).row("FRA")
    assert then is not None
    # The death was reported in January 2018: on 8 December 2017 A was last seen in 2014.
    assert then.statuses["killed_confirmed"].value == 0
    assert then.statuses["unknown"].value == 1
    assert now.row("BEL").statuses["returned"].value == 1  # type: ignore[union-attr]
    total = now.row("all")
    assert total is not None and total.departed.value == 3


def test_reconcile_derives_the_unknown_from_afp(db: Store, tmp_path: Path) -> None:
    load_afp(db, tmp_path)
    result = reconcile(db, "FRA", DATE).as_dict()
    assert result["country"] == "FRA" and result["as_of"] == "2017-12-08"
    unknown = result["metrics"]["unknown"]
    assert (unknown["low"], unknown["high"], unknown["derived"]) == (500, 550, True)
    killed = result["metrics"]["killed"]
    assert (killed["low"], killed["high"], killed["derived"]) == (400, 450, False)
    assert {s["publisher"] for s in unknown["sources"]} == {"AFP"}
    assert result["records_note"] and "link" in result["records_note"]


def test_reconcile_puts_the_records_beside_the_figures(db: Store, tmp_path: Path) -> None:
    fill(db, tmp_path)
    load_afp(db, tmp_path)
    line = reconcile(db, "FRA", DATE).metrics["killed"]
    assert line.records is not None and line.records.value == 1
    assert line.gap == 1 - 400
    assert line.text() == "killed: 1 in records; published 400–450, AFP 2017-12"


def test_report_flows_and_watches(db: Store, tmp_path: Path) -> None:
    person = fill(db, tmp_path)
    load_afp(db, tmp_path)
    report = country_report(db, "FRA", DATE)
    data = json.loads(render_report(report, "json"))
    assert data["counts"]["departed"]["value"] == 2
    assert data["reconciliation"]["metrics"]["unknown"]["low"] == 500
    html = render_report(report, "html")
    assert "<svg" in html and "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "France" in render_report(report, "md")
    moves = flows(db, date(2014, 1, 1), date(2017, 12, 31)).flat()
    assert {"origin": "FRA", "destination": "SYR", "persons": 2, "moves": 2} in moves
    assert {"origin": "BEL", "destination": "BEL", "persons": 1, "moves": 1} not in moves
    watched = add_watch(db, "person", person["r1"], note="seen in Raqqa", user="tester")
    add_watch(db, "country", "FRA", user="tester")
    found = alerts(db, date(2016, 1, 1), today=date(2018, 6, 1))
    kinds = {(a.object_type, a.kind) for a in found}
    assert ("person", "status_change") in kinds and ("country", "counts") in kinds
    assert ("country", "figure_out_of_line") in kinds
    remove_watch(db, watched, user="tester")
    with pytest.raises(LookupError):
        remove_watch(db, watched, user="tester")
    assert all(a.watch_id != watched for a in alerts(db, date(2016, 1, 1)))


def test_no_persons_yet_says_what_to_do(db: Store) -> None:
    with pytest.raises(NoPersons, match="headcount link"):
        count(db, DATE)
