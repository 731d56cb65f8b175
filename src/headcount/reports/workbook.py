"""The counts as a workbook analysts hand on: one sheet each for the counts with their
intervals, the published figures beside them, the estimates of those no record saw, the
definitions, and what the figures are (dates, rules, warnings, what they leave out).

Every sheet carries the as-of and known-on dates in its first rows, so a sheet copied out
of the workbook still says what it counts. Cells are written as what they are (numbers as
numbers); text is always written as text, never read as a formula (xlsxwriter's plain
`write` would run a cell starting with `=`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from headcount.accounting import count
from headcount.accounting.reconciliation import reconcile
from headcount.accounting.rules import RULES_VERSION, Rules
from headcount.model.vocabulary import Compartment
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store


@dataclass
class Sheet:
    """A table: its name, its rows (dicts sharing keys), notes printed above it."""

    name: str
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WorkbookReport:
    path: Path
    sheets: dict[str, int]
    """Rows written per sheet."""


def _header(as_of: date, known_on: date | None) -> list[str]:
    knowledge = f"known on {known_on}" if known_on else "with all that is known now"
    return [f"headcount — as of {as_of}, {knowledge}"]


def counts_sheets(
    store: Store,
    as_of: date,
    known_on: date | None = None,
    *,
    method: str | None = None,
    rules: Rules | None = None,
) -> list[Sheet]:
    """The sheets of the counts workbook, from every compartment (what the command line
    sees); the estimates only when `method` is given: they take minutes."""
    rules = rules or Rules()
    counts = count(store, as_of, known_on, by=["country", "status"], rules=rules)
    head = _header(as_of, known_on)
    countries = sorted({r["country"] for r in counts.flat()} - {"all"})
    published: list[dict[str, Any]] = []
    for code in countries:
        found = reconcile(store, code, as_of, known_on=known_on, rules=rules, counts=counts)
        for metric, line in found.as_dict()["metrics"].items():
            if line.get("low") is None and line.get("high") is None:
                continue
            records = line.get("records") or {}
            published.append(
                {
                    "country": code,
                    "metric": metric,
                    "published_low": line.get("low"),
                    "published_high": line.get("high"),
                    "derived": line.get("derived"),
                    "publishers": "; ".join(
                        str(s.get("publisher", "")) for s in line.get("sources", [])
                    ),
                    "records": records.get("value"),
                    "records_low": records.get("low"),
                    "records_high": records.get("high"),
                    "gap": line.get("gap"),
                    "text": line.get("text"),
                }
            )
    sheets = [
        Sheet("counts", counts.flat(), [*head, counts.intervals_note()]),
        Sheet(
            "beside the statuses",
            [
                {"country": r.country, "count": f, **c.as_dict()}
                for r in counts.rows
                for f, c in r.flags.items()
            ],
            [
                *head,
                "Not in the statuses' sum: women, men, minors, repatriated, prosecuted, "
                "convicted (see definitions).",
            ],
        ),
        Sheet("published figures", published, [*head, "Published figures nearest the date."]),
    ]
    warnings: list[str] = []
    if method is not None:
        from headcount.estimation.store import estimate_store

        estimated = estimate_store(
            store, as_of, known_on, by=["country"], method=method, rules=rules
        )
        rows = estimated.rows()
        warnings += sorted({str(r["warnings"]) for r in rows if r.get("warnings")})
        sheets.append(Sheet("estimates", rows, [*head, f"Estimates by {method}."]))
    definitions = [{"count": k, "definition": v} for k, v in counts.definitions().items()]
    sheets.append(Sheet("definitions", definitions, head))
    about = [
        {"what": "as of", "value": as_of.isoformat()},
        {"what": "known on", "value": known_on.isoformat() if known_on else "everything known"},
        {"what": "store", "value": store.url},
        {"what": "status rules", "value": f"version {RULES_VERSION}: {rules.as_dict()}"},
        {"what": "intervals", "value": counts.intervals_note()},
        {"what": "covers", "value": "every source, restricted ones included"},
        *({"what": "warning", "value": w} for w in warnings),
        {
            "what": "kinds",
            "value": "an enumeration counts persons the records show; an "
            "estimate includes those no record saw; never added",
        },
    ]
    sheets.insert(0, Sheet("about", about, head))
    return sheets


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> WorkbookReport:
    """Write the sheets to an .xlsx file (headers bold and frozen, filters on)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True})
    muted = book.add_format({"italic": True, "font_color": "#555555"})
    written: dict[str, int] = {}
    for sheet in sheets:
        page = book.add_worksheet(sheet.name[:31])
        for row, note in enumerate(sheet.notes):
            page.write_string(row, 0, note, muted)
        top = len(sheet.notes) + (1 if sheet.notes else 0)
        columns = list(dict.fromkeys(k for r in sheet.rows for k in r)) or ["(none)"]
        for col, name in enumerate(columns):
            page.write_string(top, col, name, bold)
            width = max([len(name), *(len(str(r.get(name, ""))) for r in sheet.rows[:200])])
            page.set_column(col, col, min(max(width + 2, 8), 80))
        for offset, record in enumerate(sheet.rows, start=1):
            for col, name in enumerate(columns):
                _cell(page, top + offset, col, record.get(name))
        page.freeze_panes(top + 1, 0)
        if sheet.rows:
            page.autofilter(top, 0, top + len(sheet.rows), len(columns) - 1)
        written[sheet.name] = len(sheet.rows)
    book.close()
    return WorkbookReport(path, written)


def _cell(page: Any, row: int, col: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        page.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        page.write_number(row, col, value)
    else:
        page.write_string(row, col, str(value))


def export_counts(
    store: Store,
    out: Path,
    as_of: date,
    known_on: date | None = None,
    *,
    method: str | None = None,
    rules: Rules | None = None,
    user: str = "cli",
) -> WorkbookReport:
    """The counts workbook written to `out`; audited as an export (of every compartment)."""
    sheets = counts_sheets(store, as_of, known_on, method=method, rules=rules)
    report = write_workbook(out, sheets)
    with store.transaction() as connection:
        detail = {"format": "xlsx", "file": str(out), "as_of": as_of, "sheets": report.sheets}
        record_audit(
            connection,
            user,
            "export",
            "counts",
            None,
            detail,
            compartment=Compartment.restricted,
        )
    return report
