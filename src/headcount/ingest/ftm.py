"""FollowTheMoney entities as a source: an Aleph or OpenSanctions export, read as it is.

A file whose name ends `.ftm.json` or `.ftm.jsonl` (the name both tools give their
exports) is JSON Lines of entities `{"id", "schema", "properties": {prop: [values]}}`.
Each `Person` entity — or one of a schema that extends it — becomes a row: its id is the
record id, its properties the columns under headcount's names (`model.ftm.FROM_FTM`: `name`
is `full_name`, `nationality` is `citizenship` …; alpha-2 country codes become the alpha-3
codes headcount keeps), and every other property stays in the raw row under `ftm`. Entities
of other schemata (companies, sanctions, addresses) are skipped: they describe no one.

The schema is checked with the `followthemoney` package itself, so an entity of a schema
it does not know is refused with its line number, as any malformed line is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pycountry
from followthemoney import model
from followthemoney.exc import InvalidData

from headcount.ingest.errors import IngestError
from headcount.ingest.json_files import read_jsonl
from headcount.ingest.text import Progress, Row
from headcount.model.ftm import FROM_FTM, FTM_COUNTRIES
from headcount.model.places import KOSOVO

SUFFIXES = (".ftm.json", ".ftm.jsonl")
PERSON = "Person"


def is_ftm(path: Path) -> bool:
    """Whether a file is named as a FollowTheMoney export."""
    return path.name.lower().endswith(SUFFIXES)


def read_ftm(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """The persons of a FollowTheMoney export, one row each (see the module doc)."""
    for number, entity in read_jsonl(path, progress):
        row = person_row(entity, number)
        if row is not None:
            yield number, row


def person_row(entity: dict[str, Any], number: int) -> Row | None:
    """One entity as a row of headcount columns, or None when it is not a person."""
    name = entity.get("schema")
    if not isinstance(name, str) or not isinstance(entity.get("id"), str):
        raise IngestError("a FollowTheMoney entity has an `id` and a `schema`", row=number)
    try:
        schema = model.get(name)
    except InvalidData:
        schema = None
    if schema is None:
        raise IngestError(f"{name!r} is not a FollowTheMoney schema", row=number)
    if not schema.is_a(PERSON):
        return None
    properties = entity.get("properties") or {}
    if not isinstance(properties, dict):
        raise IngestError("an entity's `properties` is an object", row=number)
    row: dict[str, Any] = {"record_id": entity["id"]}
    kept: dict[str, Any] = {}
    for prop, values in properties.items():
        values = values if isinstance(values, list) else [values]
        ours = FROM_FTM.get(prop)
        if ours is None:
            kept[prop] = values
            continue
        texts = [_country(v) if prop in FTM_COUNTRIES else str(v) for v in values]
        row.setdefault(ours.value, []).extend(t for t in texts if t)
    if kept:
        row["ftm"] = {"schema": name, **kept}
    return row


def _country(value: Any) -> str:
    """An FtM country code (`fr`, `xk`) as headcount keeps countries (`FRA`, `XKX`); any
    other text as written, for the places library to resolve."""
    text = str(value).strip()
    if text.lower() == "xk":
        return KOSOVO
    found = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    return found.alpha_3 if found else text
