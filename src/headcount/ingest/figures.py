"""Published figures: aggregate claims by governments and research centres, loaded as they are.

The columns are those of shared/data/published_figures.csv. A publisher's own metric name
is always kept (`metric_original`); where one of headcount's metrics fits, it is set
beside it (`in_zone` → `in_theatre`). Open ranges keep their open end (empty `high` is
"at least", empty `low` is "up to"). Free-text dates ("(c.2017)", "~2018 (undated
excerpt)") are kept as written and read as an interval where they can be. Country codes
are ISO 3166 alpha-3 or the aggregates `WLD`, `EU`, `EUR` (Europe) and `REG` (a region named in
`country`); `KSV` is read as Kosovo's `XKX`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from headcount.ingest.errors import IngestError
from headcount.ingest.readers import read_csv
from headcount.ingest.rows import clean_text, content_hash
from headcount.model.dates import InvalidDate, PartialDate, parse_date
from headcount.model.places import UnknownCountry, resolve_country
from headcount.model.vocabulary import METRIC_OF
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store, now
from headcount.storage.figures import figure_hashes, insert_figures
from headcount.storage.migrate import require_current

COLUMNS = (
    "country_iso3",
    "country",
    "metric",
    "low",
    "high",
    "as_of",
    "original_publisher",
    "read_at",
    "note",
)
AGGREGATES = frozenset({"WLD", "EU", "EUR", "REG"})


@dataclass
class FiguresReport:
    file: str
    rows_read: int = 0
    figures_added: int = 0
    figures_skipped: int = 0
    mapped: int = 0

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def read_as_of(text: str) -> PartialDate | None:
    """The interval a figure's as-of text means, or None for "(undated)" and the like."""
    cleaned = re.sub(r"\(([^)]*)\)", r"\1", text)
    cleaned = re.sub(r"undated( excerpt)?|brief", "", cleaned).strip()
    cleaned = re.sub(r"^c\.\s*", "c. ", cleaned)
    if not cleaned:
        return None
    try:
        return parse_date(cleaned)
    except InvalidDate:
        return None


def _number(text: str, column: str) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise IngestError(f"{text!r} is not a number", column=column) from None
    if value < 0:
        raise IngestError(f"{text!r} is negative", column=column)
    return value


def _country(code: str, name: str) -> str:
    code = code.strip().upper()
    if code in AGGREGATES:
        return code
    try:
        return resolve_country(code or name)
    except UnknownCountry as exc:
        raise IngestError(str(exc), column="country_iso3" if code else "country") from None


def parse_figure(row: dict[str, str]) -> dict[str, object]:
    """One CSV row as a `published_figures` row (without `loaded_at`)."""
    cells = {c: clean_text(row.get(c, ""), c) for c in COLUMNS}
    low, high = _number(cells["low"], "low"), _number(cells["high"], "high")
    if low is not None and high is not None and low > high:
        raise IngestError(f"low {low:g} is above high {high:g}", column="low")
    if not cells["metric"]:
        raise IngestError("a figure needs a metric", column="metric")
    if not cells["original_publisher"]:
        raise IngestError("a figure needs its publisher", column="original_publisher")
    as_of = read_as_of(cells["as_of"]) if cells["as_of"] else None
    metric = METRIC_OF.get(cells["metric"])
    return {
        "country_code": _country(cells["country_iso3"], cells["country"]),
        "country_name": cells["country"] or cells["country_iso3"],
        "metric": metric.value if metric else None,
        "metric_original": cells["metric"],
        "low": low,
        "high": high,
        "as_of": cells["as_of"],
        "as_of_earliest": as_of.earliest if as_of else None,
        "as_of_latest": as_of.latest if as_of else None,
        "publisher": cells["original_publisher"],
        "read_at": cells["read_at"] or None,
        "note": cells["note"] or None,
        "content_hash": content_hash(dict(row)),
    }


def load_figures(store: Store, path: Path, *, user: str = "cli") -> FiguresReport:
    """Load a CSV of published figures, all or nothing; rows already loaded are skipped."""
    require_current(store)
    if not path.is_file():
        raise IngestError("no such file", file=path)
    report = FiguresReport(file=str(path))
    parsed: list[dict[str, object]] = []
    try:
        rows = read_csv(path)
        for number, row in rows:
            missing = [c for c in COLUMNS if c not in row]
            if missing:
                raise IngestError("the file lacks this column", row=1, column=missing[0])
            try:
                parsed.append(parse_figure(row))
            except IngestError as exc:
                raise IngestError(exc.message, row=number, column=exc.column) from None
    except IngestError as exc:
        raise exc.located(file=path) from None
    if not parsed:
        raise IngestError("the file holds no figures (a header alone?)", file=path, row=2)
    report.rows_read = len(parsed)
    loaded_at = now()
    with store.transaction() as connection:
        known = figure_hashes(connection)
        fresh = [p for p in parsed if p["content_hash"] not in known]
        unique = list({p["content_hash"]: p for p in fresh}.values())
        report.figures_skipped = report.rows_read - len(unique)
        insert_figures(connection, [p | {"loaded_at": loaded_at} for p in unique])
        report.figures_added = len(unique)
        report.mapped = sum(1 for p in unique if p["metric"] is not None)
        record_audit(
            connection, user, "load_figures", "published_figures", path.name, report.to_dict()
        )
    return report
