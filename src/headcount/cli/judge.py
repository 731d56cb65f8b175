"""Judging pairs of records and explaining the model's score of a pair: judge, explain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import console, current_user, fail, open_store, print_json
from headcount.cli.linkage import Format, linkage_failures

if TYPE_CHECKING:
    from headcount.linkage.explain import Explanation


@app.command("judge")
def judge_command(
    record_a: Annotated[str | None, typer.Argument(help="SOURCE/RECORD_ID or a store id")] = None,
    record_b: Annotated[str | None, typer.Argument(help="SOURCE/RECORD_ID or a store id")] = None,
    decision: Annotated[str | None, typer.Argument(help="same, different or unsure")] = None,
    note: Annotated[str | None, typer.Option(help="why")] = None,
    retract: Annotated[
        int | None, typer.Option(help="withdraw the judgement with this id instead")
    ] = None,
    format: Format = "table",
) -> None:
    """Judge whether two records are the same person (append-only; `--retract ID` withdraws)."""
    from headcount.linkage.judgements import add_judgement, retract_judgement

    store = open_store()
    try:
        if retract is not None:
            done = retract_judgement(store, retract, user=current_user(), note=note)
            verb = "Retracted"
        elif record_a and record_b and decision:
            done = add_judgement(
                store, record_a, record_b, decision, user=current_user(), note=note
            )
            verb = "Recorded"
        else:
            fail("give RECORD_A RECORD_B same|different|unsure, or --retract JUDGEMENT_ID")
    except linkage_failures() as exc:
        fail(str(exc))
    result = {**done.__dict__, "decision": done.decision.value, "retracted": retract is not None}
    if format == "json":
        print_json(result)
        return
    console.print(
        f"{verb} judgement {done.id}: records {done.record_a} and {done.record_b} are "
        f"{done.decision.value} (by {done.user}). It applies from the next `headcount link`."
    )


@app.command("explain")
def explain_command(
    record_a: Annotated[str, typer.Argument(help="SOURCE/RECORD_ID or a store id")],
    record_b: Annotated[str, typer.Argument(help="SOURCE/RECORD_ID or a store id")],
    format: Format = "table",
) -> None:
    """Why two records are or are not one person: each field's part of the match weight."""
    from headcount.linkage.explain import explain_pair

    try:
        explanation = explain_pair(open_store(), record_a, record_b)
    except linkage_failures() as exc:
        fail(str(exc))
    if format == "json":
        print_json(explanation.as_dict())
        return
    console.print(_explanation_table(explanation))
    _explanation_footer(explanation)


def _explanation_table(e: Explanation) -> Table:
    table = Table(title=f"records {e.record_a} and {e.record_b} under run {e.run_id}")
    for column in ("comparison", "level", "weight", "TF", "record A", "record B"):
        table.add_column(column, justify="right" if column in ("weight", "TF") else "left")
    table.add_row("prior", "", f"{e.prior:+.2f}", "", "", "")
    for c in e.contributions:
        table.add_row(
            c.comparison,
            c.level,
            f"{c.weight:+.2f}",
            f"{c.tf_adjustment:+.2f}" if c.tf_adjustment else "",
            _show(c.left),
            _show(c.right),
        )
    table.add_row("total", "", f"{e.match_weight:+.2f}", "", "", "", style="bold")
    return table


def _explanation_footer(e: Explanation) -> None:
    console.print(f"Match probability {e.probability:.4f}.")
    if e.names_only:
        console.print(
            f"Only names agree: the probability is capped at {e.decided_probability:.2f} "
            "(no automatic merge on a name alone)."
        )
    if e.stored:
        console.print(f"Stored by the run: probability {e.stored['probability']:.4f}.")
    for j in e.judgements:
        console.print(f"Judgement {j['id']}: {j['decision']} by {j['user']} ({j['note'] or ''}).")
    persons = e.persons
    together = persons.get(e.record_a) == persons.get(e.record_b)
    console.print(
        f"Persons: {persons.get(e.record_a)} and {persons.get(e.record_b)}"
        + (" (the same)." if together else ".")
    )


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
