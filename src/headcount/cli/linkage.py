"""Linkage commands: link, match, dedupe, evaluate-linkage (judge and explain: `cli.judge`).

Each parses its options, calls one function of `headcount.linkage` and prints the result
(Rich tables, or only JSON with `--format json`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import (
    console,
    counted,
    current_user,
    fail,
    open_store,
    print_json,
    step_progress,
)
from headcount.linkage.threshold import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from headcount.linkage.evaluate import Evaluation
    from headcount.linkage.link import LinkReport

Format = Annotated[str, typer.Option("--format", help="table or json")]
Threshold = Annotated[
    float, typer.Option(help="match probability at or above which two records are joined")
]


def linkage_failures(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """What a linkage command reports as an error message rather than a traceback (and
    `more`)."""
    from headcount.ingest.errors import IngestError
    from headcount.linkage.alternatives import NoRun
    from headcount.linkage.engines import EngineError
    from headcount.linkage.judgements import JudgementError
    from headcount.linkage.link import LinkError
    from headcount.linkage.match import MatchError
    from headcount.storage.engine import StoreError

    return (
        StoreError,
        JudgementError,
        LinkError,
        EngineError,
        NoRun,
        MatchError,
        IngestError,
        *more,
    )


@app.command("link")
def link_command(
    engine: Annotated[str, typer.Option(help="duckdb (in process) or spark")] = "duckdb",
    threshold: Threshold = DEFAULT_THRESHOLD,
    new: Annotated[
        bool,
        typer.Option(
            "--new", help="place only records no run has placed, with the latest run's model"
        ),
    ] = False,
    save_model: Annotated[
        Path | None,
        typer.Option(help="write the run's model (Splink's JSON: prior, m and u) to this file"),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="score with a model saved by --save-model instead of training one"),
    ] = None,
    format: Format = "table",
) -> None:
    """Resolve every record of the store into persons (stable ids; judgements always win).

    --save-model keeps the trained model, --model reuses one: a run can then be reproduced
    on the same records, or reviewed (the workbench page /linkage shows a run's m and u)."""
    from headcount.linkage.incremental import link_new
    from headcount.linkage.link import STEPS, link

    if new and model is not None:
        fail("--new already reuses the latest run's model: give --model without --new", code=2)
    given = _read_model(model) if model is not None else None
    try:
        if new:
            report = link_new(open_store(), user=current_user())
        else:
            with step_progress(STEPS, "linking") as done:
                report = link(
                    open_store(),
                    engine=engine,
                    user=current_user(),
                    threshold=threshold,
                    progress=done,
                    model=given,
                )
    except linkage_failures() as exc:
        fail(str(exc))
    if save_model is not None:
        save_model.write_text(json.dumps(report.model, indent=2) + "\n", encoding="utf-8")
    if format == "json":
        print_json(_link_dict(report))
        return
    table = Table(title="blocking: pairs per rule, before scoring")
    for column in ("rule", "keys", "pairs", "refined", "dropped", "largest block"):
        table.add_column(column, justify="left" if column == "rule" else "right")
    for s in report.blocking:
        table.add_row(
            s.rule,
            f"{s.keys:,}",
            f"{s.pairs:,}",
            f"{s.refined:,}",
            f"{s.dropped:,}",
            f"{s.largest:,}",
        )
    console.print(table)
    run = report.run
    console.print(
        f"Run {run.run_id} ({report.engine}): {report.records:,} records → {run.persons:,} "
        f"persons ({run.kept_ids:,} ids kept, {run.new_ids:,} new); {report.pairs_scored:,} "
        f"pairs scored; {report.judgements:,} judgements applied; threshold {report.threshold}; "
        f"{report.names_parsed:,} names parsed (the others were known)."
    )
    console.print("Seconds: " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()))


def _read_model(path: Path) -> dict[str, Any]:
    """A model file as `--save-model` writes it, or a clear error."""
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{path}: not a model file saved by `headcount link --save-model` ({exc})")
    if not isinstance(model, dict) or not isinstance(model.get("comparisons"), list):
        fail(f"{path}: not a model file saved by `headcount link --save-model` (no comparisons)")
    return model


def _link_dict(report: LinkReport) -> dict[str, Any]:
    return {
        "run": report.run.__dict__,
        "engine": report.engine,
        "threshold": report.threshold,
        "records": report.records,
        "pairs_scored": report.pairs_scored,
        "judgements": report.judgements,
        "names_parsed": report.names_parsed,
        "blocking": [s.__dict__ for s in report.blocking],
        "seconds": report.seconds,
    }


@app.command("match")
def match_command(
    name: Annotated[str | None, typer.Option(help="the name to screen (any script)")] = None,
    birth_date: Annotated[str | None, typer.Option(help="e.g. 1990 or 1990-05-12")] = None,
    citizenship: Annotated[str | None, typer.Option(help="a country name or ISO code")] = None,
    batch: Annotated[
        Path | None, typer.Option(help="a CSV of queries: query_id,name[,birth_date,citizenship]")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="where --batch writes its matches")] = None,
    format: Format = "table",
) -> None:
    """Is this name already known? Screen a name, or a list, against the store's persons."""
    from headcount.linkage.match import Query, match_batch, match_name

    store = open_store()
    try:
        if batch is not None:
            if out is None:
                fail("--batch needs --out MATCHES.csv")
            if not batch.is_file():
                fail(f"{batch}: no such file")
            if not out.parent.is_dir():
                fail(f"{out}: the folder to write to does not exist")
            with counted(f"matching {batch.name}") as tally:
                report = match_batch(store, batch, out, user=current_user(), progress=tally)
            if format == "json":
                print_json(report.__dict__)
            else:
                console.print(
                    f"{report.queries:,} queries screened; {report.matched:,} with a match; "
                    f"{report.rows:,} rows in {out}."
                )
            return
        if not name:
            fail("give --name TEXT, or --batch QUERIES.csv --out MATCHES.csv")
        query = Query("query", name, birth_date, citizenship)
        candidates = match_name(store, query, user=current_user())
    except linkage_failures() as exc:
        fail(str(exc))
    if format == "json":
        print_json(
            [
                {
                    "person_id": c.person_id,
                    "score": c.score,
                    "match": c.match,
                    "name": c.name,
                    "why": c.explain(),
                }
                for c in candidates
            ]
        )
        return
    table = Table(title=f"persons who may be {name!r}")
    for column in ("person", "score", "match", "name known", "why"):
        table.add_column(column)
    for c in candidates:
        table.add_row(
            c.person_id, f"{c.score:.3f}", "yes" if c.match else "no", c.name, c.explain()
        )
    console.print(table)


@app.command("dedupe")
def dedupe_command(
    file: Annotated[Path, typer.Argument(help="a CSV (or JSON Lines, Excel) with record_id")],
    out: Annotated[Path, typer.Option(help="where to write source,record_id,person_id")],
    link_with: Annotated[
        list[Path] | None, typer.Option(help="another file to link with (repeatable)")
    ] = None,
    map: Annotated[
        list[str] | None, typer.Option(help="COLUMN=property, e.g. nom=family_name (repeatable)")
    ] = None,
    threshold: Threshold = DEFAULT_THRESHOLD,
    strict: Annotated[
        bool, typer.Option("--strict", help="refuse a file for any value it cannot read")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="write every value left out to this CSV")
    ] = None,
    format: Format = "table",
) -> None:
    """Link the rows of your own lists into persons, without a store. A value that cannot
    be read (an impossible date) is left out and reported; --strict refuses the file."""
    from headcount.cli.store import warn_values
    from headcount.linkage.dedupe import dedupe_files

    try:
        report = dedupe_files(
            [file, *(link_with or [])],
            map or [],
            out,
            threshold=threshold,
            strict=strict,
            rejects=rejects,
        )
    except linkage_failures() as exc:
        fail(str(exc))
    if format == "json":
        print_json(report.to_dict())
        return
    console.print(
        f"{report.records:,} records → {report.persons:,} persons "
        f"({report.pairs_scored:,} pairs scored); written to {out}."
    )
    warn_values(list(report.faults), report.values_unparsed, rejects, "left out of the records")


@app.command("evaluate-linkage")
def evaluate_linkage_command(
    truth: Annotated[Path, typer.Option(help="a CSV source,record_id,person_id (the truth)")],
    format: Format = "table",
) -> None:
    """Pairwise and B-cubed precision, recall and F1 of the current persons against a truth,
    beside the best any linker obeying "no merge on a name alone" could reach on the same
    records (the ceiling), the ratio to it, and the share of true pairs blocking proposes."""
    from headcount.linkage.evaluate import evaluate_store

    try:
        evaluation = evaluate_store(open_store(), truth)
    except linkage_failures(ValueError, OSError) as exc:
        fail(str(exc))
    if format == "json":
        print_json(evaluation.as_dict())
        return
    _print_evaluation(evaluation)


def _print_evaluation(e: Evaluation) -> None:
    table = Table(title=f"linkage against the truth ({e.records:,} records)")
    for column in ("measure", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for label, scores in (("pairwise", e.pairwise), ("B-cubed", e.bcubed)):
        table.add_row(label, f"{scores.precision:.4f}", f"{scores.recall:.4f}", f"{scores.f1:.4f}")
    for script, part in e.by_script.items():
        b = part["bcubed"]
        table.add_row(
            f"B-cubed, {script} ({part['records']:,})",
            f"{b['precision']:.4f}",
            f"{b['recall']:.4f}",
            f"{b['f1']:.4f}",
        )
    top = e.ceiling
    if top is not None:
        ratio = e.ratio() or {}
        table.add_row(
            "ceiling under the safeguard, pairwise / B-cubed F1",
            "",
            "",
            f"{top.pairwise_f1:.4f} / {top.bcubed_f1:.4f}",
        )
        table.add_row(
            "ratio to the ceiling, pairwise / B-cubed",
            "",
            "",
            f"{ratio['pairwise']:.4f} / {ratio['bcubed']:.4f}",
        )
        table.add_row(
            f"blocking recall: of every true pair ({top.pairs_true:,}) / of those the "
            f"safeguard allows ({top.pairs_linkable:,})",
            "",
            "",
            f"{top.blocking_recall:.4f} / {top.blocking_recall_linkable:.4f}",
        )
        table.add_row(
            "ceiling with the blocked pairs only, pairwise / B-cubed",
            "",
            "",
            f"{top.blocked_pairwise_f1:.4f} / {top.blocked_bcubed_f1:.4f}",
        )
        table.add_row(
            "records with no fact beyond names (not attributable)",
            "",
            "",
            f"{top.not_attributable:,}",
        )
    console.print(table)
    pairs = Table(title="pairwise, per pair of sources")
    for column in ("sources", "true pairs", "precision", "recall", "F1"):
        pairs.add_column(column, justify="left" if column == "sources" else "right")
    for key, part in e.by_source_pair.items():
        pairs.add_row(
            key,
            f"{part['pairs_true']:,}",
            f"{part['precision']:.3f}",
            f"{part['recall']:.3f}",
            f"{part['f1']:.3f}",
        )
    console.print(pairs)
