"""Records → one row per record of the columns the linkage model compares (a DataFrame).

Splink compares columns with SQL; transliteration, name parsing and partial dates cannot be
done in SQL, so they are done here, once per record, and Splink sees only strings, numbers
and arrays of strings. The same frame feeds DuckDB and Spark, so both see the same values.

What a record becomes (`FRAME_COLUMNS`):

- names: every name value (given, patronymic, family, full name, kunya, nisba, alias) is
  parsed once by `headcount.names.features` — a value repeats across records far more often
  than a whole record, so this is where the time goes and what is cached — and the record
  gets the union of their arrays (`name_tokens`, `name_skeletons`, `name_phonetic`, `kunya`,
  `nisba`); its main name (given and family name, or its first full name) gives
  `name_sorted` (canonical parts, sorted), `name_skeleton_key` and `name_phonetic_key` (the
  parts' consonant skeletons and phonetic keys, sorted: transliterations of one name give
  one key); `kunya_first` is the first kunya alone (for term-frequency adjustment);
  `father` is the phonetic key of the father's name a stated patronymic gives (Магомедович
  and MEHMET: `mhmt`), so that two namesakes with different fathers are told apart;
- birth date, compared at the precision both sides have: `birth_year`, `birth_month`,
  `birth_dom` (day of month) and `birth_day` (the ISO day), with `birth_day_alt` holding the
  other reading of a day–month-ambiguous date; `birth_year_low`..`birth_year_high`, the years
  it allows, which is all a range of up to two years (born 1992-01-24/1993-01-23, read from
  an age on a report date) gives;
- `citizenship` (ISO3), `stated_countries` (citizenship and residence country) and
  `countries` (those and the countries nisbas name), `places` (residence and birth place), `gender`, `id_numbers`;
  `id_key` (the numbers, sorted, as one text, so that a number with a clerical slip can be
  compared by edit distance); `address_key` (the first street address, casefolded, with the
  street type in one short form: 12 Oak Street and 12 oak st agree) and `postcode`;
- events: `event_days` (`killed:2015-11-27`) and `event_months` (`killed:2015-11`), so that
  two reports of the same death agree at the precision both give; `placed_event_months`
  (the months of the events whose country is known) and `event_places`
  (`killed:2015-11:SYR`), so that a death in Syria and a death in Iraq the same month are
  told apart: of the blocked pairs whose events of one kind and month name different
  countries, 98% are different persons (10,000 simulated persons); `death_month` (the
  first month a death is reported in) and `last_event_month` (the last month of any other
  event), so that a record of a man seen alive after another record's report of his death
  weighs against the two being one (death reports can be false, so this is evidence, not a
  contradiction that forbids the link);
- blocking keys, built by `blocking.add_blocking_keys`.

Empty arrays are stored as nulls, so that "nothing to compare" is Splink's null level.

Invariant: the frame depends only on the records given (not on their order), one row each.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

import pandas as pd
import pyarrow as pa

from headcount.linkage.value_keys import address_key, best_birth, event_keys
from headcount.model.records import RecordFacts as RecordFacts
from headcount.model.vocabulary import Property
from headcount.names.equivalence import canonical, phonetic_key, skeleton
from headcount.names.features import name_features
from headcount.names.parse import father_of
from headcount.names.scripts import detect_script
from headcount.storage.records import store_facts as store_facts

NAME_ARRAYS = ("name_tokens", "name_skeletons", "name_phonetic", "kunya", "nisba")
FRAME_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "source",
    "script",
    "name_sorted",
    "name_skeleton_key",
    "name_phonetic_key",
    *NAME_ARRAYS,
    "kunya_first",
    "father",
    "birth_year",
    "birth_month",
    "birth_dom",
    "birth_day",
    "birth_day_alt",
    "birth_year_low",
    "birth_year_high",
    "citizenship",
    "stated_countries",
    "countries",
    "places",
    "gender",
    "id_numbers",
    "id_key",
    "address_key",
    "postcode",
    "event_days",
    "event_months",
    "placed_event_months",
    "event_places",
    "death_month",
    "last_event_month",
)
TRAIT_COLUMNS = ("father",)
"""Columns only clustering's traits read (`traits.frame_traits`): kept out of Splink's tables."""
ARRAY_COLUMNS = (
    *NAME_ARRAYS,
    "citizenship",
    "stated_countries",
    "countries",
    "places",
    "id_numbers",
    "event_days",
    "event_months",
    "placed_event_months",
    "event_places",
)
INTEGER_COLUMNS = (
    "unique_id",
    "birth_year",
    "birth_month",
    "birth_dom",
    "birth_year_low",
    "birth_year_high",
)


NameFeatures = dict[str, Any]
_GIVEN_PARTS = (Property.given_name, Property.patronymic, Property.family_name)
_OTHER_NAMES = (
    Property.full_name,
    Property.kunya,
    Property.nisba,
    Property.alias,
    Property.weak_alias,
)
NAME_PROPERTIES = tuple(p.value for p in (*_GIVEN_PARTS, *_OTHER_NAMES))
_NAME_SET = frozenset(NAME_PROPERTIES)


def record_names_of(facts: RecordFacts) -> list[str]:
    """The names a record gives, the fullest first: given + patronymic + family as one name,
    full names, kunya + nisba as one name, aliases (as written, any script)."""
    values: dict[str, list[str]] = defaultdict(list)
    for prop, value in facts.statements:
        values[prop].append(value)
    out: list[str] = []
    parts = [
        *values[Property.given_name][:1],
        *values[Property.patronymic][:1],
        *values[Property.family_name][:1],
    ]
    if parts:
        out.append(" ".join(parts))
    out += values[Property.full_name]
    kunya, nisba = values[Property.kunya], values[Property.nisba]
    if kunya or nisba:
        out.append(" ".join([*kunya[:1], *nisba[:1]]))
        out += [" ".join([k, *nisba[:1]]) for k in kunya[1:]]
    out += values[Property.alias] + values[Property.weak_alias]
    return list(dict.fromkeys(n for n in out if n.strip()))


def value_features(value: str) -> NameFeatures:
    """The name features of one statement value (`headcount.names.features`)."""
    return name_features([value])


def _union(found: list[NameFeatures], column: str) -> list[str] | None:
    if len(found) == 1:
        return found[0].get(column) or None
    items: set[str] = set()
    for features in found:
        value = features.get(column)
        if value:
            items.update(value)
    return sorted(items) or None


def father_key(patronymic: NameFeatures) -> str | None:
    """The phonetic key of the father's name a patronymic value gives (Магомедович, MEHMET:
    `mhmt`), from its parsed features."""
    first = (patronymic.get("name_canonical") or "").split()[:1]
    return phonetic_key(canonical(father_of(first[0]) or first[0])) if first else None


def combine_names(values: dict[str, list[str]], known: dict[str, NameFeatures]) -> dict[str, Any]:
    """A record's name columns from the features of each of its name values.

    Arrays are the union over every name; `name_sorted` and the keys describe the record's
    main name: given + patronymic + family names where the record splits them, else its
    first full name.
    """
    given = [known[v] for v in values.get(Property.given_name, [])]
    patronymic = [known[v] for v in values.get(Property.patronymic, [])]
    family = [known[v] for v in values.get(Property.family_name, [])]
    found = [known[v] for prop in NAME_PROPERTIES for v in values.get(prop, [])]
    parts = [f for f in (*given[:1], *patronymic[:1], *family[:1])]
    if parts:
        tokens = [t for f in parts for t in (f.get("name_canonical") or "").split()]
        name_sorted = " ".join(sorted(tokens)) or None
        core = [
            t for f in (*given[:1], *family[:1]) for t in (f.get("name_canonical") or "").split()
        ]
    else:
        full = [known[v] for v in values.get(Property.full_name, [])]
        main = next((f for f in full if f.get("name_sorted")), None)
        name_sorted = main.get("name_sorted") if main else None
        core = (name_sorted or "").split()
    kunyas = [k for f in found for k in (f.get("kunya") or ())]
    father = next((k for k in map(father_key, patronymic) if k), None)
    return {
        "name_sorted": name_sorted,
        "name_skeleton_key": " ".join(sorted(skeleton(t) for t in core)) or None,
        "name_phonetic_key": " ".join(sorted(phonetic_key(t) for t in core)) or None,
        **{column: _union(found, column) for column in NAME_ARRAYS},
        "kunya_first": kunyas[0] if kunyas else None,
        "father": father,
        "nisba_country": _union(found, "nisba_country") or [],
    }


@lru_cache(maxsize=200_000)
def _detect(value: str) -> str | None:
    return detect_script(value)


def _script(values: dict[str, list[str]]) -> str:
    """The script of a record's first name (`none` for a record without a name)."""
    for prop in NAME_PROPERTIES:
        for value in values.get(prop, []):
            script = _detect(value)
            if script:
                return script
    return "none"


def _or_null(items: Iterable[str]) -> list[str] | None:
    out = sorted(set(items))
    return out or None


def record_row(
    facts: RecordFacts,
    known: dict[str, NameFeatures],
    combined: dict[tuple[tuple[str, str], ...], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One record's comparison columns (see the module doc); `known` holds the features of
    every name value the record has, `combined` the name columns of the names already seen
    (a third of a million records repeat another's names; the columns are never changed in
    place, so records may share them)."""
    values: dict[str, list[str]] = defaultdict(list)
    for prop, value in facts.statements:
        values[prop].append(value)
    key = tuple(item for item in facts.statements if item[0] in _NAME_SET)
    found = combined.get(key) if combined is not None else None
    if found is None:
        found = combine_names(values, known)
        if combined is not None:
            combined[key] = found
    names = dict(found)
    citizenship = values.get(Property.citizenship, [])
    residence = values.get(Property.residence, [])
    places = residence + values.get(Property.birth_place, [])
    stated = [*citizenship, *(r.split(":")[0] for r in residence if r[:3].isupper())]
    countries = stated + names.pop("nisba_country")
    year, month, dom, day, alt, low, high = best_birth(values.get(Property.birth_date, []))
    event = event_keys(facts.events)
    genders = values.get(Property.gender, [])
    documents = _or_null(values.get(Property.id_number, []))
    addresses = [address_key(a) for a in values.get(Property.address, [])]
    postcodes = ["".join(p.split()).upper() for p in values.get(Property.postcode, [])]
    return {
        "unique_id": facts.record_id,
        "source": facts.source,
        "script": _script(values),
        **names,
        "birth_year": year,
        "birth_month": month,
        "birth_dom": dom,
        "birth_day": day,
        "birth_day_alt": alt,
        "birth_year_low": low,
        "birth_year_high": high,
        "citizenship": _or_null(citizenship),
        "stated_countries": _or_null(stated),
        "countries": _or_null(countries),
        "places": _or_null(p.casefold() for p in places),
        "gender": genders[0] if genders else None,
        "id_numbers": documents,
        "id_key": " ".join(documents) if documents else None,
        "address_key": next(filter(None, addresses), None),
        "postcode": next(filter(None, postcodes), None),
        "event_days": _or_null(event.days),
        "event_months": _or_null(event.months),
        "placed_event_months": _or_null(event.placed_months),
        "event_places": _or_null(event.places),
        "death_month": event.death,
        "last_event_month": event.last,
    }


def name_values(facts: Iterable[RecordFacts]) -> set[str]:
    """Every distinct name value of these records."""
    wanted = set(NAME_PROPERTIES)
    return {value for item in facts for prop, value in item.statements if prop in wanted}


def features_of(values: Iterable[str], workers: int | None = None) -> dict[str, NameFeatures]:
    """The name features of many values, in `workers` processes for large inputs.

    Parsing a name is pure Python (about half a millisecond, more for an Arabic part the
    romanizer has not seen), so a large store is parsed on every core; the result does not
    depend on how the work is shared out.
    """
    todo = sorted(values)
    processes = workers if workers is not None else (os.cpu_count() or 1)
    if processes <= 1 or len(todo) < PARALLEL_FROM:
        return {v: value_features(v) for v in todo}
    chunk = max(1, len(todo) // (processes * 8))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        found = pool.map(value_features, todo, chunksize=chunk)
        return dict(zip(todo, found, strict=True))


PARALLEL_FROM = 20_000
"""Distinct name values from which parsing is shared out between processes."""


def comparison_frame(
    facts: Iterable[RecordFacts],
    workers: int | None = None,
    known: dict[str, NameFeatures] | None = None,
) -> pd.DataFrame:
    """The comparison columns of every record, one row each (see the module doc); `known`
    holds name features already computed (`namecache`), the rest are parsed here."""
    items = list(facts)
    known = dict(known or {})
    known.update(features_of(name_values(items) - set(known), workers))
    return frame_of(items, known)


def frame_of(facts: Iterable[RecordFacts], known: dict[str, NameFeatures]) -> pd.DataFrame:
    """The comparison frame of records whose name values `known` all holds, parsed. `facts`
    is read once, in order: a caller that hands its records over one at a time
    (`prepared`) lets each go as its row is made, and their memory holds the rows."""
    columns: dict[str, list[Any]] = {c: [] for c in FRAME_COLUMNS}
    combined: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}
    for item in facts:
        for column, value in record_row(item, known, combined).items():
            columns[column].append(value)
    frame = pd.DataFrame(columns)
    for column in INTEGER_COLUMNS[1:]:
        frame[column] = frame[column].astype("Int64")
    frame["unique_id"] = frame["unique_id"].astype("int64")
    return frame


def arrow_frame(frame: pd.DataFrame) -> pa.Table:
    """A comparison frame (all its columns or some, others beside) as an Arrow table, each
    column typed by its name whatever pandas made of it: INTEGER_COLUMNS int64, ARRAY_COLUMNS
    and blocking keys (`block_<rule>`) lists of strings, any other strings; null where the
    frame has a null. DuckDB scans it in place (`train.engine_table`), and
    `blocking.blocking_keys` reads it."""
    columns = {}
    for name in frame.columns:
        values = frame[name]
        if name in INTEGER_COLUMNS:
            kind: pa.DataType = pa.int64()
        elif name in ARRAY_COLUMNS or name.startswith("block_"):
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        columns[name] = pa.array(values.astype(object).where(values.notna(), None), kind)
    return pa.table(columns)


def pandas_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow comparison table (`arrow_frame`) back as a comparison frame: integers as
    nullable Int64, arrays as Python lists, None for nulls."""
    return pd.DataFrame(
        {
            name: pd.array(column.to_pylist(), dtype="Int64")
            if pa.types.is_integer(column.type)
            else pd.Series(column.to_pylist(), dtype=object)
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
    )
