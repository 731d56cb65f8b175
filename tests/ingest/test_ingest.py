"""Ingest keeps raw rows, adds statements and events, and never hurts the store on bad input."""

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from headcount.ingest import IngestError, ingest_path
from headcount.storage import Store
from headcount.storage.queries import store_counts
from headcount.storage.tables import events, records, sources, statements, unparsed_statements
from tests.conftest import snapshot

MAPPING = """\
source:
  name: fr-list
  kind: government_list
  publisher: Ministère (generated)
  published: 2017-11-30
  language: fr
  reliability: B
  compartment: restricted
credibility: 2
record_id: identifiant
reported_on: date_signalement
date_format: DMY
columns:
  nom: family_name
  prenom: given_name
  date_naissance: birth_date
  nationalite: citizenship
  alias: {property: alias, separator: "|"}
  date_depart: {event: departed, field: date}
  date_deces: {event: killed, field: date}
  lieu_deces: {event: killed, field: place}
"""

FRENCH = """\
identifiant,nom,prenom,date_naissance,nationalite,alias,date_depart,date_deces,lieu_deces,date_signalement
F1,BENALI,Mohamed,12/05/1990,France,Abou Hamza al-Faransi|Hamza,03/2014,2015-06,"Syrie, Raqqa",2015-09-01
F2,DUPONT,Jean,1988,Française,,2014-09,,,2016-01-10
"""

NEWS = [
    {
        "record_id": "n1",
        "kunya": "أبو حمزة الفرنسي",
        "nisba": "al-Faransi",
        "events": [
            {
                "kind": "killed",
                "date": "2015-06",
                "place": "SYR:Raqqa",
                "reported_on": "2015-07-01",
                "credibility": 3,
            }
        ],
    },
    {"record_id": "n2", "full_name": '=HYPERLINK("http://x","click")', "citizenship": "BEL"},
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "fr.csv").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "fr.yaml").write_text(MAPPING, encoding="utf-8")
    lines = "\n".join(json.dumps(row, ensure_ascii=False) for row in NEWS)
    (tmp_path / "news.jsonl").write_text(lines + "\n", encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.append(["record_id", "full_name", "birth_date", "detained_date", "detained_place"])
    sheet.append(["c1", "Шамиль Басаев", "1980", "2019-03-23", "SYR:al-Hol"])
    book.save(tmp_path / "camp.xlsx")
    return tmp_path


def test_a_folder_ingests_every_format_with_its_mapping(db: Store, folder: Path) -> None:
    reports = ingest_path(db, folder, user="tester")
    assert [(Path(r.file).name, r.source, r.records_added) for r in reports] == [
        ("camp.xlsx", "camp", 1),
        ("fr.csv", "fr-list", 2),
        ("news.jsonl", "news", 2),
    ]
    with db.reading() as c:
        source = c.execute(select(sources).where(sources.c.name == "fr-list")).one()
        assert (source.kind, source.reliability, source.compartment) == (
            "government_list",
            "B",
            "restricted",
        )
        rows = c.execute(
            select(
                statements.c.prop, statements.c.value, statements.c.original, statements.c.script
            )
            .join(records)
            .where(records.c.record_key == "F1")
        ).all()
        assert ("birth_date", "1990-05-12", "12/05/1990", None) in rows
        assert ("citizenship", "FRA", "France", None) in rows
        assert ("alias", "Abou Hamza al-Faransi", None, "Latin") in rows
        assert ("alias", "Hamza", None, "Latin") in rows
        kunya = c.execute(select(statements).where(statements.c.prop == "kunya")).one()
        assert (kunya.value, kunya.script) == ("أبو حمزة الفرنسي", "Arabic")
        name = c.execute(
            select(statements.c.value, statements.c.script).where(
                statements.c.prop == "full_name", statements.c.script == "Cyrillic"
            )
        ).one()
        assert name.value == "Шамиль Басаев"
        killed = c.execute(
            select(events)
            .join(records)
            .where(records.c.record_key == "F1", events.c.kind == "killed")
        ).one()
        assert (killed.date, killed.place_country, killed.place_region) == (
            "2015-06",
            "SYR",
            "Raqqa",
        )
        assert (killed.reported_on, killed.credibility) == ("2015-09-01", 2)
        news = c.execute(select(events).where(events.c.credibility == 3)).one()
        assert news.reported_on == "2015-07-01"
        raw = c.execute(select(records.c.raw).where(records.c.record_key == "n2")).scalar_one()
        assert json.loads(raw)["full_name"] == '=HYPERLINK("http://x","click")'


def test_reingesting_the_same_files_adds_nothing(db: Store, folder: Path) -> None:
    ingest_path(db, folder)
    before = snapshot(db)
    reports = ingest_path(db, folder)
    assert sum(r.records_added for r in reports) == 0
    assert sum(r.records_skipped for r in reports) == 5
    assert snapshot(db) == before


FILE_FAULTS = {
    "truncated.csv": (
        b'record_id,full_name,citizenship\nx1,Ali,FRA\nx2,"Omar',
        3,
        None,
        "ends inside a quoted field",
    ),
    "short_row.csv": (b"record_id,full_name,citizenship\nx1,Ali\n", 2, "citizenship", "truncated"),
    "latin1.csv": (b"record_id,full_name\nx1,Al\xe9\n", 2, "full_name", "not UTF-8"),
    "nul.csv": (b"record_id,full_name\nx1,Al\x00i\n", 2, "full_name", "NUL byte"),
    "control.jsonl": (
        b'{"record_id": "a", "full_name": "Al\\u0007i"}\n',
        1,
        "full_name",
        r"U\+0007",
    ),
    "truncated.jsonl": (
        b'{"record_id": "a", "full_name": "Ali"}\n{"record_id": "b", "full_na',
        2,
        None,
        "not valid JSON",
    ),
    "not_excel.xlsx": (b"this is not a workbook", None, None, "not a readable Excel"),
    "duplicate_header.csv": (b"record_id,full_name,full_name\nx1,a,b\n", 1, "full_name", "twice"),
    "empty.csv": (b"", 1, None, "empty"),
}
"""Faults of the file itself: refused whole, strict or not."""

VALUE_FAULTS = {
    "impossible_date.csv": (
        b"record_id,full_name,birth_date\nx1,Ali,2015-02-30\n",
        2,
        "birth_date",
        "2015-02-30",
        "no day 30",
    ),
    "unknown_country.csv": (
        b"record_id,full_name,citizenship\nx1,Ali,Narnia\n",
        2,
        "citizenship",
        "Narnia",
        "Narnia",
    ),
    "bad_gender.csv": (
        b"record_id,full_name,gender\nx1,Ali,maybe\n",
        2,
        "gender",
        "maybe",
        "not a gender",
    ),
    "bad_credibility.csv": (
        b"record_id,full_name,credibility\nx1,Ali,9\n",
        2,
        "credibility",
        "9",
        "credibility 1",
    ),
    "future.csv": (
        b"record_id,full_name,killed_date\nx1,Ali,2999-01-01\n",
        2,
        "killed_date",
        "2999-01-01",
        "outside|future",
    ),
    "reported_early.csv": (
        b"record_id,full_name,killed_date,killed_reported_on\nx1,Ali,2016-01,2015-12-01\n",
        2,
        "killed_reported_on",
        "2015-12-01",
        "before it happened",
    ),
    "bad_age.csv": (
        b"record_id,full_name,age,reported_on\nx1,Ali,-3,2015-01-23\n",
        2,
        "age",
        "-3",
        "not an age",
    ),
    "age_undated.csv": (
        b"record_id,full_name,age\nx1,Ali,22\n",
        2,
        "age",
        "22",
        "needs the row's report date",
    ),
}
"""Faults of one value: kept unparsed (the row ingested), or the file refused under strict."""


@pytest.mark.parametrize("name", sorted(FILE_FAULTS))
def test_a_faulty_file_names_file_row_and_column_and_leaves_the_store_as_it_was(
    db: Store, folder: Path, tmp_path: Path, name: str
) -> None:
    ingest_path(db, folder)
    before = snapshot(db)
    content, row, column, message = FILE_FAULTS[name]
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    for strict in (False, True):
        with pytest.raises(IngestError, match=message) as caught:
            ingest_path(db, bad, strict=strict)
        assert (caught.value.file, caught.value.row, caught.value.column) == (str(bad), row, column)
        assert snapshot(db) == before


@pytest.mark.parametrize("name", sorted(VALUE_FAULTS))
def test_a_bad_value_is_kept_unparsed_or_under_strict_refuses_the_file(
    db: Store, folder: Path, tmp_path: Path, name: str
) -> None:
    ingest_path(db, folder)
    before = snapshot(db)
    content, row, column, value, message = VALUE_FAULTS[name]
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    with pytest.raises(IngestError, match=message) as caught:
        ingest_path(db, bad, strict=True)
    assert (caught.value.file, caught.value.row, caught.value.column) == (str(bad), row, column)
    assert snapshot(db) == before
    [report] = ingest_path(db, bad)
    assert (report.records_added, report.values_unparsed) == (1, 1)
    [fault] = report.faults
    assert (fault.row, fault.column, fault.value) == (row, column, value)
    with db.reading() as c:
        kept = c.execute(
            select(unparsed_statements.c.source_column, unparsed_statements.c.value)
        ).all()
        names = c.execute(
            select(statements.c.value).where(statements.c.prop == "full_name")
        ).scalars()
        assert "Ali" in set(names)
    assert [tuple(k) for k in kept] == [(column, value)]


def test_an_age_becomes_the_birth_dates_it_allows_with_the_age_kept(
    db: Store, tmp_path: Path
) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "record_id,full_name,age,reported_on\na1,Ali Omar,22,2015-01-23\na2,Omar Ali,30,2016\n"
    )
    ingest_path(db, path)
    with db.reading() as c:
        said = c.execute(
            select(statements.c.value, statements.c.original)
            .where(statements.c.prop == "birth_date")
            .order_by(statements.c.id)
        ).all()
    assert [tuple(r) for r in said] == [
        ("1992-01-24/1993-01-23", "age 22 on 2015-01-23"),
        ("1985-01-02/1986-12-31", "age 30 on 2016"),
    ]


def test_a_ten_megabyte_field_is_refused(db: Store, tmp_path: Path) -> None:
    bad = tmp_path / "huge.csv"
    bad.write_text("record_id,full_name\nx1," + "a" * 10_000_000 + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match="longer than 1,000,000") as caught:
        ingest_path(db, bad)
    assert (caught.value.row, caught.value.column) == (2, "full_name")
    assert store_counts(db)["counts"]["records"] == 0


def test_one_bad_file_in_a_folder_rejects_the_whole_folder(db: Store, folder: Path) -> None:
    (folder / "zz_bad.csv").write_text("record_id,citizenship\nx1,Narnia\n", encoding="utf-8")
    before = snapshot(db)
    with pytest.raises(IngestError, match=r"zz_bad\.csv"):
        ingest_path(db, folder, strict=True)
    assert snapshot(db) == before
    (folder / "zz_bad.csv").write_text('record_id,full_name\nx1,"Ali', encoding="utf-8")
    before = snapshot(db)
    with pytest.raises(IngestError, match=r"zz_bad\.csv"):
        ingest_path(db, folder)
    assert snapshot(db) == before


def test_a_bad_mapping_names_the_key(db: Store, folder: Path) -> None:
    (folder / "fr.yaml").write_text(MAPPING.replace("reliability: B", "reliability: Z"))
    with pytest.raises(IngestError, match=r"source\.reliability") as caught:
        ingest_path(db, folder)
    assert caught.value.file.endswith("fr.yaml")
