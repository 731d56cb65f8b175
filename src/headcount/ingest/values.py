"""One cell's value read as what it is to fill: text, a date, a country, a place, a gender.

A value that cannot be read raises `CellError` (a fault of the value: the caller keeps it
unparsed, or refuses the file under `--strict`). Text that cannot be text at all — a
control character, a lone surrogate, a cell past `MAX_FIELD` — raises `IngestError`: a fault
of the file. Countries and places resolve through `headcount.model.places`: a historical
state or a town headcount cannot put in a country is kept as written, never a fault.

Sources repeat the same dates, countries and names many times: each is read once per
process (the cached results are immutable; failures are not cached and raise every time).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from headcount.ingest.errors import CellError, FaultKind, IngestError
from headcount.ingest.limits import MAX_FIELD
from headcount.ingest.text import surrogate
from headcount.model import dates, places
from headcount.model.dates import DateOrder, InvalidDate, PartialDate
from headcount.model.places import HistoricalCountry, Place, UnknownCountry
from headcount.names import scripts

parse_date = lru_cache(maxsize=1 << 16)(dates.parse_date)
detect_script = lru_cache(maxsize=1 << 16)(scripts.detect_script)

MAX_AGE = 120
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
"""Control characters and lone surrogates: one search per cell finds either."""
_GENDERS = {
    "male": (
        "m",
        "male",
        "man",
        "h",
        "homme",
        "masculin",
        "männlich",
        "mann",
        "ذكر",
        "мужской",
        "м",
        "муж",
    ),
    "female": (
        "f",
        "female",
        "woman",
        "femme",
        "féminin",
        "feminin",
        "w",
        "weiblich",
        "frau",
        "أنثى",
        "انثى",
        "женский",
        "ж",
    ),
}
_GENDER_OF = {word: gender for gender, words in _GENDERS.items() for word in words}


@dataclass(frozen=True, slots=True)
class Read:
    """A value as stored (`value`) and, when it was read one way among several or kept as
    written, why (`note`)."""

    value: str
    note: str | None = None


def clean_text(value: Any, column: str) -> str:
    """A cell as text: refused when it holds control characters, is no text, or is too long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_FIELD:
        raise IngestError(f"the value is longer than {MAX_FIELD:,} characters", column=column)
    if match := _NOT_TEXT.search(text):
        code = f"U+{ord(match.group()):04X}"
        if surrogate(match.group()) is not None:
            raise IngestError(
                f"holds the lone surrogate {code}: it is not valid text", column=column
            )
        raise IngestError(f"contains the control character {code}", column=column)
    return unicodedata.normalize("NFC", text).strip()


def read_date(text: str, column: str, order: DateOrder, today: date) -> PartialDate:
    try:
        parsed = parse_date(text, order)
    except InvalidDate as exc:
        raise CellError(str(exc), column=column, kind=FaultKind.date) from None
    if parsed.earliest > today:
        raise CellError(f"{text!r} is in the future", column=column, kind=FaultKind.future_date)
    return parsed


def read_credibility(value: Any, column: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 6:
        raise CellError(
            f"{value!r} is not a credibility 1–6", column=column, kind=FaultKind.credibility
        )
    return number


def read_age(text: str, column: str) -> int:
    if not text.isdigit() or int(text) > MAX_AGE:
        raise CellError(
            f"{text!r} is not an age in whole years (0–{MAX_AGE})",
            column=column,
            kind=FaultKind.age,
        )
    return int(text)


def read_gender(text: str, column: str) -> str:
    gender = _GENDER_OF.get(text.casefold())
    if gender is None:
        raise CellError(
            f"{text!r} is not a gender headcount reads (m/f …)",
            column=column,
            kind=FaultKind.gender,
        )
    return gender


@lru_cache(maxsize=1 << 12)
def read_country(text: str, column: str) -> Read:
    """A country field: its ISO code; a region's country (the region is in the original
    text); a historical state kept as written, with a note."""
    try:
        place = places.resolve_territory(text)
    except HistoricalCountry as exc:
        return Read(" ".join(text.split()), str(exc))
    except UnknownCountry as exc:
        raise CellError(str(exc), column=column, kind=FaultKind.country) from None
    return Read(place.country, place.note)


@lru_cache(maxsize=1 << 12)
def read_place(text: str) -> tuple[Place | None, str | None]:
    """A place field: the place (`SYR:Raqqa`), or None for a place of unknown country (a
    town headcount cannot place, a historical state) which the caller keeps as written;
    and a note when there is something to say."""
    try:
        place = places.parse_place(text)
    except HistoricalCountry as exc:
        return None, str(exc)
    except UnknownCountry:
        return None, None
    return place, place.note


def read_id_number(text: str, column: str) -> str:
    """An id number without its spaces and separators, upper-cased; a cell of separators
    alone holds no number."""
    number = re.sub(r"[\s\-./]", "", text).upper()
    if not number:
        raise CellError(f"{text!r} holds no id number", column=column, kind=FaultKind.id_number)
    return number
