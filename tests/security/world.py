"""A small store for security, view, API and page tests: an open and a restricted source,
persons linked across them, scored pairs for the review queue, and published figures.

Names are generated-looking and belong to no one. `SECRET_NAME` appears only in the
restricted source, so a test can show it never reaches a user without access.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from headcount.ingest import ingest_path, load_figures
from headcount.linkage.cluster import Pairs
from headcount.linkage.persons import save_given_runs
from headcount.storage import Store
from headcount.storage.persons import run_persons
from headcount.storage.tables import records, sources

SECRET_NAME = "Zubayr Qasimovitch Restrictedson"
OPEN_CSV = """record_id,full_name,alias,birth_date,citizenship,gender,departed_date,departed_place,entered_theatre_date,entered_theatre_place,killed_date,killed_credibility,sighted_date,sighted_place
o1,Mohamed Benali,Abu Hamza al-Faransi,1990-04-02,FRA,m,2014-03,FRA,2014-04,SYR:Raqqa,,,,
o2,Karim Dupont,,1988,FRA,m,2015-01-10,FRA,2015-02,SYR,2016-05,2,,
o3,Ivan Petrov,Абу Умар,1985-11-30,RUS,m,2014-06,RUS,2014-08,IRQ:Mosul,,,2017-02,TUR
o4,Sara Haddad,,1995,BEL,f,2015-06,BEL,2015-07,SYR,,,,
o5,Muhammad Ben Ali,,1990-04,FRA,m,2014-03-15,FRA,,,,,,
"""
SECRET_CSV = f"""record_id,full_name,birth_date,citizenship,gender,departed_date,departed_place,killed_date,killed_credibility
s1,Mohammed Benali,1991-04-02,FRA,m,2014-03,FRA,2016-02,1
s2,{SECRET_NAME},1979,DEU,m,2013-09,DEU,,
"""
SECRET_MAPPING = """source:
  name: secret-list
  kind: leaked_document
  reliability: B
  compartment: restricted
credibility: 2
"""
OPEN_MAPPING = """source:
  name: open-list
  kind: government_list
  reliability: B
  compartment: open
credibility: 3
"""
FIGURES_CSV = """country_iso3,country,metric,low,high,as_of,original_publisher,read_at,note
FRA,France,departed,1700,1700,2017-12,AFP (test),test,
FRA,France,killed,400,450,2017-12,AFP (test),test,
FRA,France,returned,250,250,2017-12,AFP (test),test,
"""


@dataclass(frozen=True)
class World:
    """Record ids by key, and the persons they make."""

    record: dict[str, int]
    persons: dict[str, str]
    """A name for each person (`benali`, `dupont`, …) → its person id."""


def ingest_world(store: Store, folder: Path) -> dict[str, int]:
    """Ingest both sources and the published figures; return record ids by record key."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, mapping in (
        ("open-list", OPEN_CSV, OPEN_MAPPING),
        ("secret-list", SECRET_CSV, SECRET_MAPPING),
    ):
        (folder / f"{name}.csv").write_text(data, encoding="utf-8")
        (folder / f"{name}.yaml").write_text(mapping, encoding="utf-8")
        ingest_path(store, folder / f"{name}.csv", user="loader")
    (folder / "figures.csv").write_text(FIGURES_CSV, encoding="utf-8")
    load_figures(store, folder / "figures.csv", user="loader")
    with store.reading() as connection:
        rows = connection.execute(
            select(records.c.id, records.c.record_key)
            .join(sources, sources.c.id == records.c.source_id)
            .where(sources.c.name.in_(["open-list", "secret-list"]))
        ).all()
    return {key: int(i) for i, key in rows}


def world_clusters(rid: dict[str, int]) -> dict[str, list[int]]:
    """The persons the world's records make, by a name for each."""
    return {
        "benali": [rid["o1"], rid["s1"]],
        "dupont": [rid["o2"]],
        "petrov": [rid["o3"]],
        "haddad": [rid["o4"]],
        "benali2": [rid["o5"]],
        "secret": [rid["s2"]],
    }


def world_pairs(rid: dict[str, int]) -> list[tuple[int, int, float]]:
    """Scored pairs: one sure, three near the threshold (0.6) for the review queue; one of
    them (o5–s1) touches the restricted source."""
    return [
        (rid["o1"], rid["s1"], 0.97),
        (rid["o1"], rid["o5"], 0.55),
        (rid["o2"], rid["o4"], 0.45),
        (rid["o5"], rid["s1"], 0.5),
    ]


def persons_of(store: Store, run_id: int, clusters: dict[str, list[int]]) -> dict[str, str]:
    """Each named cluster's person id in a run."""
    with store.reading() as connection:
        of_record = run_persons(connection, run_id)
    return {name: of_record[members[0]] for name, members in clusters.items()}


def build_world(store: Store, folder: Path) -> World:
    """Ingest both sources, link them into persons and score a few pairs."""
    rid = ingest_world(store, folder)
    clusters = world_clusters(rid)
    pairs = Pairs.of(world_pairs(rid))
    summary = save_given_runs(
        store, clusters, engine="test", user="loader", threshold=0.6, pairs=pairs
    )
    return World(rid, persons_of(store, summary.run_id, clusters))
