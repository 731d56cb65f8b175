"""Write a simulation to disk: `sources/` as the sources would hand them over, and `truth/`.

`DIR/sources/` holds one data file per source (CSV, JSON Lines or Excel, in the source's
own column names, languages and date habits) and its mapping `NAME.yaml` in the format of
docs/ingest-format.md, so that `headcount ingest DIR/sources` takes them as they are.
`DIR/truth/` holds the ground truth (see `truth_files`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from headcount.model.progress import Tally, untold
from headcount.model.vocabulary import EVENT_FIELDS, EventKind
from headcount.simulate.noise import SimDate
from headcount.simulate.simulation import Simulation
from headcount.simulate.sources.base import Cell, Column, SimEvent, SimRecord, SourceSpec
from headcount.simulate.timeline import iso
from headcount.simulate.truth_files import TRUTH_FILES, write_truth

SPECIAL = ("record_id", "reported_on", "credibility")


def write(simulation: Simulation, out_dir: str | Path, *, progress: Tally = untold) -> Path:
    """Write `sources/` and `truth/` under `out_dir` (created if needed); return it.
    `progress` is told the files written (each source's, then each truth file)."""
    out = Path(out_dir)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    files = len(simulation.sources) + TRUTH_FILES
    written = 0
    for spec in simulation.sources:
        write_source(spec, simulation.records[spec.name], out / "sources")
        written += 1
        progress(written, files)

    def wrote() -> None:
        nonlocal written
        written += 1
        progress(written, files)

    write_truth(simulation, out / "truth", wrote)
    return out


def write_source(spec: SourceSpec, records: Sequence[SimRecord], folder: Path) -> None:
    """One source's data file and its mapping."""
    path = folder / spec.file_name
    if spec.fmt == "jsonl":
        _write_jsonl(spec, records, path)
    else:
        rows = (_row(spec, r) for r in records)
        header = [c.header for c in spec.columns]
        (_write_xlsx if spec.fmt == "xlsx" else _write_csv)(header, rows, path)
    mapping = yaml.safe_dump(mapping_for(spec), allow_unicode=True, sort_keys=False)
    (folder / f"{spec.name}.yaml").write_text(mapping, encoding="utf-8")


def _cell(value: Cell, column: Column, style: str) -> str:
    if value is None:
        return ""
    if isinstance(value, SimDate):
        return value.render(style)
    if isinstance(value, list):
        return (column.separator or ";").join(value)
    return value


def _event_field(event: SimEvent, field: str, style: str) -> str:
    if field == "date":
        return event.date.render(style) if event.date else ""
    if field == "place":
        return event.place or ""
    if field == "reported_on":
        return iso(event.reported_on) if event.reported_on is not None else ""
    if field == "credibility":
        return str(event.credibility) if event.credibility is not None else ""
    return ""


def _split_event_target(target: str) -> tuple[str, str] | None:
    for field in EVENT_FIELDS:
        kind = target.removesuffix(f"_{field}")
        if kind != target and kind in EventKind.__members__:
            return kind, field
    return None


def _row(spec: SourceSpec, record: SimRecord) -> list[str]:
    events = {e.kind: e for e in record.events}
    row = []
    for column in spec.columns:
        if column.target == "record_id":
            row.append(record.record_id)
        elif column.target == "reported_on":
            row.append(iso(record.reported_on))
        elif column.target == "credibility":
            row.append(str(record.credibility or ""))
        elif (split := _split_event_target(column.target)) is not None and split[1] != "note":
            event = events.get(split[0])
            row.append(_event_field(event, split[1], spec.date_style) if event else "")
        else:
            row.append(_cell(record.cells.get(column.header), column, spec.date_style))
    return row


def _write_csv(header: list[str], rows: Iterable[list[str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_xlsx(header: list[str], rows: Iterable[list[str]], path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(header)
    for row in rows:
        sheet.append([cell or None for cell in row])  # an empty cell is left out, not written
    book.save(path)


def _json_event(event: SimEvent, style: str) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": event.kind}
    for field in ("date", "place", "reported_on", "credibility"):
        value = _event_field(event, field, style)
        if value:
            out[field] = int(value) if field == "credibility" else value
    return out


def _write_jsonl(spec: SourceSpec, records: Sequence[SimRecord], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            obj: dict[str, Any] = {}
            for column in spec.columns:
                if column.target == "record_id":
                    obj[column.header] = record.record_id
                elif column.target == "reported_on":
                    obj[column.header] = iso(record.reported_on)
                elif (value := record.cells.get(column.header)) not in (None, "", []):
                    obj[column.header] = value.iso() if isinstance(value, SimDate) else value
            obj["events"] = [_json_event(e, spec.date_style) for e in record.events]
            handle.write(json.dumps(obj, ensure_ascii=False) + "\n")


def mapping_for(spec: SourceSpec) -> dict[str, Any]:
    """The mapping file of a source (docs/ingest-format.md)."""
    columns: dict[str, Any] = {}
    for column in spec.columns:
        if column.target in SPECIAL:
            continue
        split = _split_event_target(column.target)
        if split is not None:
            columns[column.header] = {"event": split[0], "field": split[1]}
        elif column.separator:
            columns[column.header] = {"property": column.target, "separator": column.separator}
        else:
            columns[column.header] = column.target
    mapping: dict[str, Any] = {
        "source": {
            "name": spec.name,
            "kind": spec.kind.value,
            "publisher": spec.publisher,
            "published": spec.published,
            "language": spec.language,
            "reliability": spec.reliability,
            "compartment": spec.compartment.value,
        },
        "credibility": spec.credibility,
        "record_id": spec.header_for("record_id"),
        "reported_on": spec.header_for("reported_on"),
    }
    if spec.country:
        mapping["source"]["country"] = spec.country
    if spec.date_style == "dmy":
        mapping["date_format"] = "DMY"
    mapping["columns"] = columns
    return mapping
