"""A small store for accounting tests: four records of three persons, and AFP's figures."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from headcount.ingest import ingest_path, load_figures
from headcount.linkage.persons import save_run
from headcount.storage import Store
from headcount.storage.tables import records

LIST = """record_id,full_name,citizenship,reported_on,departed_date,entered_theatre_date,entered_theatre_place,killed_date,killed_credibility,returned_date,returned_place,sighted_date,sighted_place
r1,Abu Hamza al-Faransi,FRA,2015-03-01,2014-05,2014-06-02,SYR:Raqqa,,,,,,
r2,Hamza F.,FRA,2018-01-10,,,,2017-08-01,2,,,,
r3,Karim B.,BEL,2016-01-01,2015-02-01,,,,,2015-09-01,BEL,,
r4,Abu Musa,FRA,2017-04-01,,,,,,,,2017-03-01,SYR
"""
"""A watch list: A (r1, r2) went to Syria in 2014 and was killed in August 2017, which was
reported only in January 2018; B (r3) went and came back to Belgium in 2015; C (r4) was
seen in Syria in March 2017."""

AFP = """country_iso3,country,metric,low,high,as_of,original_publisher,read_at,note
FRA,France,departed,1700,1700,2017-12,AFP,test,about 1700 went since 2013
FRA,France,killed,400,450,2017-12,AFP,test,
FRA,France,returned,250,250,2017-12,AFP,test,
FRA,France,in_zone,500,500,2017-12,AFP,test,about 500 still in Iraq-Syria
"""
"""AFP's December 2017 figures for France, as the news report gave them."""


def fill(store: Store, folder: Path) -> dict[str, str]:
    """Ingest the list, link r1+r2, r3, r4 and return record key → person id."""
    path = folder / "watch-list.csv"
    path.write_text(LIST, encoding="utf-8")
    ingest_path(store, path, source="watch-list", grade="B", user="tester")
    with store.reading() as connection:
        ids = dict(connection.execute(select(records.c.record_key, records.c.id)).all())
    clusters = {"A": [ids["r1"], ids["r2"]], "B": [ids["r3"]], "C": [ids["r4"]]}
    save_run(store, clusters, engine="test", user="tester")
    with store.reading() as connection:
        from headcount.linkage.persons import current_persons

        persons = current_persons(connection)
    key_of = {v: k for k, v in ids.items()}
    return {key_of[r]: p for p, person in persons.items() for r in person.record_ids}


def load_afp(store: Store, folder: Path) -> None:
    path = folder / "afp.csv"
    path.write_text(AFP, encoding="utf-8")
    load_figures(store, path, user="tester")
