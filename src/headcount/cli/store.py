"""Commands over the store itself: init, status, ingest, figures load, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import (
    byte_progress,
    console,
    current_user,
    errors,
    fail,
    failing_clearly,
    open_store,
    print_json,
)
from headcount.export.formats import ExportFormat, ExportKind

Format = Annotated[str, typer.Option("--format", help="table or json")]
SHOWN = 20
"""Values kept unparsed listed on the terminal (all go to --rejects)."""


@app.command()
def init(
    app_role: Annotated[
        str | None,
        typer.Option(
            help="PostgreSQL: after migrating (as the store's owner), grant this existing role "
            "what the workbench needs and no more (no UPDATE, DELETE or TRUNCATE of the audit "
            "log); then serve as that role"
        ),
    ] = None,
) -> None:
    """Create the store, or migrate it to this version (HEADCOUNT_DB_URL; default: SQLite file)."""
    from headcount.storage import upgrade
    from headcount.storage.engine import StoreError
    from headcount.storage.roles import grant_app_role

    store = open_store()
    before, after = upgrade(store)
    if before == after:
        console.print(f"The store at {store.url} is up to date (schema {after}).")
    elif before is None:
        console.print(f"Created the store at {store.url} (schema {after}).")
    else:
        console.print(f"Migrated the store at {store.url} from schema {before} to {after}.")
    if app_role:
        try:
            grant_app_role(store, app_role)
        except StoreError as exc:
            fail(str(exc))
        console.print(
            f"Granted {app_role} what the workbench needs: read and append everything, update "
            "runs, accounts and sessions; never change or delete the audit log."
        )


audit_app = typer.Typer(help="The audit log: check that no entry was changed or removed.")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    head: Annotated[
        str | None,
        typer.Option(help="a head hash kept from an earlier verify: it must still be in the log"),
    ] = None,
    format: Format = "table",
) -> None:
    """Check the audit log's hash chain: names the first entry changed or removed (exit 1)."""
    from headcount.security import verify_audit
    from headcount.storage.engine import StoreError
    from headcount.storage.migrate import require_current

    store = open_store()
    try:
        require_current(store)
        report = verify_audit(store, head)
    except StoreError as exc:
        fail(str(exc))
    broken = report.first_break
    if format == "json":
        print_json(
            {
                "entries": report.entries,
                "head": report.head,
                "intact": broken is None,
                "first_break": None if broken is None else vars(broken),
            }
        )
    elif broken is None:
        console.print(
            f"The audit log is intact: {report.entries:,} entries. Head {report.head} "
            "(keep it elsewhere: `--head` then shows whether entries at the end were removed)."
        )
    if broken is not None:
        where = "past the last entry" if broken.entry_id is None else f"at entry {broken.entry_id}"
        fail(f"the audit log's chain breaks {where}: {broken.reason}")


@app.command()
def status(format: Format = "table") -> None:
    """What the store holds: sources, records, statements, events, published_figures,
    persons, judgements (counts)."""
    from headcount.storage.engine import StoreError
    from headcount.storage.queries import store_counts

    try:
        result = store_counts(open_store())
    except StoreError as exc:
        fail(str(exc))
    if format == "json":
        print_json(result)
        return
    table = Table(title=f"headcount store {result['store']} (schema {result['schema']})")
    table.add_column("what")
    table.add_column("count", justify="right")
    counts = result["counts"]
    assert isinstance(counts, dict)
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)


@app.command()
def ingest(
    path: Annotated[
        Path, typer.Argument(help="a CSV, JSON Lines, JSON or Excel file, or a folder")
    ],
    source: Annotated[str | None, typer.Option(help="the source's name")] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="a YAML mapping of columns (see docs/ingest-format.md)")
    ] = None,
    grade: Annotated[
        str | None, typer.Option(help="the source's reliability A–F when the mapping has none")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="refuse the whole file for any value it cannot read")
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(help="write every value kept unparsed to this CSV (row, column, value, why)"),
    ] = None,
) -> None:
    """Ingest a file (CSV, JSON Lines, JSON, Excel) or a folder of them, in one transaction.

    A value that cannot be read (an impossible date, an unknown country) is kept as written,
    unparsed, and reported; a fault of the file itself (encoding, quoting, truncation, no
    known column) refuses it, and with --strict so does any bad value."""
    from headcount.ingest import IngestError, ingest_path
    from headcount.ingest.pipeline import total_bytes
    from headcount.linkage.namecache import cached_features  # pandas and the romanizer
    from headcount.storage.engine import StoreError

    if mapping is not None and not mapping.is_file():
        fail(f"{mapping}: no such mapping file\nNothing was ingested: the store is as it was.")
    store = open_store()
    try:
        with byte_progress(total_bytes(path), f"ingesting {path.name}") as (advance, files):
            reports = ingest_path(
                store,
                path,
                source=source,
                mapping=mapping,
                grade=grade,
                user=current_user(),
                progress=advance,
                files=files,
                strict=strict,
                rejects=rejects,
                name_cache=cached_features,
            )
    except IngestError as exc:
        fail(f"{exc}\nNothing was ingested: the store is as it was.")
    except StoreError as exc:
        fail(str(exc))
    table = Table(title="ingested")
    for column in (
        "file",
        "source",
        "rows",
        "new records",
        "already held",
        "statements",
        "events",
        "unparsed",
    ):
        table.add_column(column, justify="left" if column in ("file", "source") else "right")
    for r in reports:
        table.add_row(
            Path(r.file).name,
            r.source,
            f"{r.rows_read:,}",
            f"{r.records_added:,}",
            f"{r.records_skipped:,}",
            f"{r.statements_added:,}",
            f"{r.events_added:,}",
            f"{r.values_unparsed:,}",
        )
    console.print(table)
    warn_unparsed(reports, rejects)


def warn_unparsed(reports: list[Any], rejects: Path | None) -> None:
    """On standard error: the values an ingest kept unparsed, and its notes."""
    listed = [(Path(r.file).name, f) for r in reports for f in r.faults]
    total = sum(r.values_unparsed for r in reports)
    warn_values(listed, total, rejects, "kept as written, unparsed, on their records")
    for r in reports:
        name = escape(Path(r.file).name)
        for n in r.notes[:SHOWN]:
            said = escape(f"column {n.column!r}: {n.value!r}: {n.message}")
            errors.print(f"[bold]note:[/] {name}, {said}", highlight=False, soft_wrap=True)
        if r.columns_unread:
            shown = escape(", ".join(r.columns_unread[:SHOWN]))
            more = " …" if len(r.columns_unread) > SHOWN else ""
            errors.print(
                f"[bold]note:[/] {name}: kept in the raw rows only (nothing maps them): "
                f"{shown}{more}",
                highlight=False,
                soft_wrap=True,
            )


def warn_values(listed: list[tuple[str, Any]], total: int, rejects: Path | None, fate: str) -> None:
    """On standard error: the first `SHOWN` values that could not be read (file, row, column,
    value, why) and how many in all."""
    if not total:
        return
    errors.print(
        f"[bold yellow]warning:[/] {total:,} value{'s' if total != 1 else ''} could not be "
        f"read: {fate}",
        highlight=False,
    )
    for name, f in listed[:SHOWN]:
        errors.print(
            f"  {name}, row {f.row}, column {f.column!r}: {f.value!r}: {f.message}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    shown = min(len(listed), SHOWN)
    if total > shown:
        where = f"all are in {rejects}" if rejects else "--rejects FILE.csv writes them all"
        errors.print(f"  … and {total - shown:,} more ({where})", highlight=False, markup=False)


figures_app = typer.Typer(help="Published figures: aggregate claims by publishers.")
app.add_typer(figures_app, name="figures")


@figures_app.command("load")
def figures_load(
    file: Annotated[Path, typer.Argument(help="a CSV in the columns of published_figures.csv")],
) -> None:
    """Load published figures, all or nothing; rows already loaded are skipped."""
    from headcount.ingest import IngestError, load_figures
    from headcount.storage.engine import StoreError

    if not file.is_file():
        fail(f"{file}: no such file\nNothing was loaded: the store is as it was.")
    try:
        report = load_figures(open_store(), file, user=current_user())
    except IngestError as exc:
        fail(f"{exc}\nNothing was loaded: the store is as it was.")
    except StoreError as exc:
        fail(str(exc))
    console.print(
        f"Loaded {report.figures_added:,} published figures from {file.name} "
        f"({report.mapped:,} mapped to headcount's metrics, "
        f"{report.figures_skipped:,} already held)."
    )


EXPORTS = (*(k.value for k in ExportKind), "counts")


@app.command("export")
def export_command(
    what: Annotated[str, typer.Argument(help="records, persons, ftm or counts")],
    out: Annotated[Path, typer.Option("--out", help="the file to write")],
    format: Annotated[str, typer.Option("--format", help="csv or jsonl; xlsx for counts")] = "csv",
    as_of: Annotated[str | None, typer.Option(help="counts: the date counted")] = None,
    known_on: Annotated[
        str | None, typer.Option(help="counts: with what was reported by this date")
    ] = None,
    method: Annotated[
        str | None, typer.Option(help="counts: add the estimates by this method (e.g. lcmcr)")
    ] = None,
) -> None:
    """Export records (with statements and events), persons (source,record_id,person_id),
    FollowTheMoney Person entities (ftm, always JSON Lines), or the counts as an Excel
    workbook (counts with intervals, published figures, estimates, definitions, warnings)."""
    from headcount.export import export
    from headcount.storage.engine import StoreError

    if what not in EXPORTS:
        fail(f"export {', '.join(EXPORTS)}, not {what!r}", code=2)
    if what == "counts":
        _export_counts(out, format, as_of, known_on, method)
        return
    if format not in {f.value for f in ExportFormat}:
        fail(f"{what} are exported as csv or jsonl, not {format!r}", code=2)
    kind = ExportKind(what)
    fmt = ExportFormat.jsonl if kind is ExportKind.ftm else ExportFormat(format)
    try:
        written = export(open_store(), kind, fmt, out, user=current_user())
    except StoreError as exc:
        fail(str(exc))
    console.print(f"Wrote {written:,} {kind.value} rows to {out} ({fmt.value}).")


def _export_counts(
    out: Path, format: str, as_of: str | None, known_on: str | None, method: str | None
) -> None:
    from headcount.cli.common import date_option
    from headcount.reports.workbook import export_counts

    if format != "xlsx":
        fail("counts are exported as xlsx (--format xlsx)", code=2)
    if as_of is None:
        fail("counts need --as-of DATE", code=2)
    when, known = date_option(as_of, "--as-of"), date_option(known_on, "--known-on")
    assert when is not None
    with failing_clearly():
        report = export_counts(open_store(), out, when, known, method=method, user=current_user())
    sheets = ", ".join(f"{name} ({rows:,})" for name, rows in report.sheets.items())
    console.print(f"Wrote the counts workbook to {out}: {sheets}.")
