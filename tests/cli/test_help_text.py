"""Help text: a docstring's paragraphs reach the terminal whole, wrapped once."""

from __future__ import annotations

from typer.testing import CliRunner

from headcount.cli.app import reflow
from headcount.cli.main import app


def test_reflow_joins_paragraph_lines_and_keeps_lists_and_indents() -> None:
    text = """First line.

    A paragraph written
    over three
    lines.

    - an item
    - another
        indented code
    """
    assert reflow(text) == (
        "First line.\n\nA paragraph written over three lines.\n\n- an item\n- another\n"
        "    indented code"
    )


def test_help_wraps_each_paragraph_once_at_the_terminal_width() -> None:
    narrow = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    shown = CliRunner().invoke(app, ["estimate", "--help"], env=narrow).output
    lines = [line.strip() for line in shown.splitlines()]
    # the docstring breaks after "(sources, or groups of sources)"; at 80 columns the
    # terminal breaks earlier, and the paragraph must flow on rather than leave a stub line
    at = next(i for i, line in enumerate(lines) if line.startswith("Each person's capture"))
    assert len(lines[at + 1]) > 40, lines[at : at + 3]
    assert "sources) with a record of theirs" in " ".join(lines[at : at + 3])
