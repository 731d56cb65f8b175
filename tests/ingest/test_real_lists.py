"""A real public list ingested as it is, with the example mapping in docs/examples."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from headcount.ingest import ingest_path
from headcount.storage import Store
from headcount.storage.tables import records, statements, unparsed_statements
from tests.conftest import REPO

UN_FILE = "benchmarks/names/un_consolidated_persons_2024-09-26.json"
UN_MAPPING = REPO / "docs" / "examples" / "un-consolidated.yaml"


def test_the_un_consolidated_list_goes_in_as_it_is(shared: Path, sqlite_store: Store) -> None:
    path = shared / UN_FILE
    [report] = ingest_path(sqlite_store, path, mapping=UN_MAPPING)
    listed = json.loads(path.read_text(encoding="utf-8"))["persons"]
    assert report.records_added == len(listed) == 682
    nationalities = Counter(n for p in listed for n in p["nationality"])
    with sqlite_store.reading() as c:
        said = dict(
            c.execute(select(statements.c.prop, func.count()).group_by(statements.c.prop)).all()
        )
        countries = c.execute(
            select(statements.c.value, statements.c.original).where(
                statements.c.prop == "citizenship"
            )
        ).all()
        unparsed = c.execute(
            select(records.c.record_key, unparsed_statements.c.value).join(
                records, records.c.id == unparsed_statements.c.record_id
            )
        ).all()
    # every nationality is a statement but the list's "na" (not available: a null value)
    assert len(countries) == sum(nationalities.values()) - nationalities["na"]
    resolved = {original or value: value for value, original in countries}
    assert {k: v for k, v in resolved.items() if len(v) != 3} == {
        "former Soviet Union": "former Soviet Union"  # a historical state: kept as written
    }
    assert resolved["Democratic Republic of the Congo"] == "COD"
    assert resolved["State of Palestine"] == "PSE" and resolved["Türkiye"] == "TUR"
    assert [n.value for n in report.notes] == ["former Soviet Union"]
    # aliases by the list's quality; every person's names in both scripts
    aliases = [a for p in listed for a in p["aliases"]]
    assert said["alias"] == sum(a["quality"] == "Good" for a in aliases)
    assert said["weak_alias"] == sum(a["quality"] == "Low" for a in aliases)
    assert said["full_name"] == len(listed) + sum(1 for p in listed if p["original_script"])
    # birth dates: exact days, years, approximate years and ranges read; two notes kept as said
    dated = sum(1 for p in listed for d in p["dob"] if d)  # 25 entries of the list are empty
    assert said["birth_date"] == dated - 2
    assert sorted(v for _, v in unparsed) == ["30-35 years old", "Between Aug. and Sep. 1977"]
    assert report.values_unparsed == 2
