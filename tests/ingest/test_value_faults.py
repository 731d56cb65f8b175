"""Real-world files are messy: a bad value is kept as written and reported, the row ingested."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from headcount.ingest import IngestError, ingest_path
from headcount.storage import Store
from headcount.storage.tables import events, records, statements, unparsed_statements
from tests.conftest import snapshot


def test_one_impossible_date_in_five_thousand_rows_is_kept_not_fatal(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    rows = [f"p{i},Yusuf Testman{i},{1980 + i % 20}-0{1 + i % 9}-1{i % 9}" for i in range(5000)]
    rows[3210] = "p3210,Yusuf Testman3210,1985-02-30"
    path.write_text("record_id,full_name,birth_date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    [report] = ingest_path(sqlite_store, path)
    assert (report.records_added, report.values_unparsed) == (5000, 1)
    [fault] = report.faults
    assert (fault.row, fault.column, fault.value, fault.prop) == (
        3212,
        "birth_date",
        "1985-02-30",
        "birth_date",
    )
    with sqlite_store.reading() as c:
        kept = c.execute(
            select(
                records.c.record_key, unparsed_statements.c.value, unparsed_statements.c.error
            ).join(records, records.c.id == unparsed_statements.c.record_id)
        ).one()
        births = c.execute(
            select(statements.c.value)
            .join(records)
            .where(records.c.record_key == "p3210", statements.c.prop == "birth_date")
        ).all()
    assert kept[:2] == ("p3210", "1985-02-30") and "no day 30" in kept[2]
    assert births == []  # never passed off as read


def test_each_kind_of_value_fault_keeps_the_rest_of_its_row(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "record_id,full_name,citizenship,gender,credibility,killed_date,killed_place,"
        "detained_date,detained_reported_on\n"
        'a1,Ali Testman,Narnia,maybe,9,2015-13,"Raqqa, Syria",2016-05,2016-01-01\n',
        encoding="utf-8",
    )
    [report] = ingest_path(sqlite_store, path)
    found = {(f.column, f.value, f.kind.value) for f in report.faults}
    assert found == {
        ("citizenship", "Narnia", "country"),
        ("gender", "maybe", "gender"),
        ("credibility", "9", "credibility"),
        ("killed_date", "2015-13", "date"),
        ("detained_reported_on", "2016-01-01", "reported_before_event"),
    }
    with sqlite_store.reading() as c:
        said = c.execute(
            select(
                events.c.kind,
                events.c.date,
                events.c.place_country,
                events.c.place_region,
                events.c.reported_on,
                events.c.credibility,
            )
        ).all()
    assert sorted(tuple(e) for e in said) == [
        ("detained", "2016-05", None, None, None, 6),  # the report date before it: left out
        ("killed", None, "SYR", "Raqqa", None, 6),  # the place holds without the date
    ]


def test_places_that_are_no_country_of_today_are_kept_as_written(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "record_id,full_name,citizenship,residence,birth_place,departed_place\n"
        "a1,Ali Testman,former Soviet Union,winston hills,Yugoslavia,Kurdistan\n"
        'a2,Omar Testman,Xinjiang,Дагестан,"Grozny, Чечня",Gaza\n',
        encoding="utf-8",
    )
    [report] = ingest_path(sqlite_store, path)
    assert report.values_unparsed == 0
    notes = {(n.column, n.value): n.message for n in report.notes}
    assert "historical state" in notes[("citizenship", "former Soviet Union")]
    assert "historical state" in notes[("birth_place", "Yugoslavia")]
    assert "Kurdistan Region of Iraq" in notes[("departed_place", "Kurdistan")]
    with sqlite_store.reading() as c:
        said = c.execute(
            select(
                records.c.record_key, statements.c.prop, statements.c.value, statements.c.original
            )
            .join(records)
            .where(statements.c.prop != "full_name")
        ).all()
        went = c.execute(select(events.c.place_country, events.c.place_region)).all()
    assert sorted(tuple(s) for s in said) == [
        ("a1", "birth_place", "Yugoslavia", None),
        ("a1", "citizenship", "former Soviet Union", None),
        ("a1", "residence", "winston hills", None),
        ("a2", "birth_place", "RUS:Chechnya, Grozny", "Grozny, Чечня"),
        ("a2", "citizenship", "CHN", "Xinjiang"),
        ("a2", "residence", "RUS:Dagestan", "Дагестан"),
    ]
    assert sorted(tuple(w) for w in went) == [("IRQ", "Kurdistan"), ("PSE", "Gaza")]


def test_the_rejects_file_holds_every_fault_and_a_refusal_leaves_none(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "messy.csv"
    path.write_text(
        "record_id,full_name,birth_date\n"
        + "".join(f"m{i},Ali Testman,19{i % 100:02d}-02-30\n" for i in range(150)),
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    [report] = ingest_path(sqlite_store, path, rejects=rejects)
    assert (report.values_unparsed, len(report.faults)) == (150, 100)  # all counted, 100 listed
    rows = list(csv.DictReader(rejects.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 150 and rows[-1]["row"] == "151" and rows[-1]["value"] == "1949-02-30"
    assert set(rows[0]) == {"file", "row", "column", "value", "property", "error_type", "error"}
    rejects.unlink()
    before = snapshot(sqlite_store)
    (tmp_path / "strict.csv").write_text("record_id,full_name,birth_date\nz,Ali,1990-02-30\n")
    with pytest.raises(IngestError, match="no day 30"):
        ingest_path(sqlite_store, tmp_path / "strict.csv", strict=True, rejects=rejects)
    assert snapshot(sqlite_store) == before
    assert not rejects.exists() and not list(tmp_path.glob(".rejects*"))
