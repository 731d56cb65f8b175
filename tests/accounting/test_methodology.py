"""The examples of docs/methodology/accounting.md, executed: the page cannot drift."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from headcount.accounting import Rules, person_statuses
from tests.accounting.strategies import EventSpec, RecordSpec, build_evidence

PAGE = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "accounting.md"
BLOCK = re.compile(r"```accounting-example\n(.*?)```", re.S)
RECORD = re.compile(r"^(\w+) reported (\S+)(?: reliability ([A-F]))?: (.*)$")
EVENT = re.compile(r"^(\w+) (\S+)(?: ([A-Z]{3}))?(?: \((\d)\))?$")
QUESTION = re.compile(r"^as of (\S+)(?: known on (\S+))?(?: with (\S+)=(\S+))?: (\w+)$")


def examples() -> list[str]:
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def parse_record(line: str) -> RecordSpec:
    found = RECORD.match(line)
    assert found, line
    person, reported, reliability, events = found.groups()
    specs = []
    for text in events.split("; "):
        event = EVENT.match(text.strip())
        assert event, text
        kind, when, place, credibility = event.groups()
        specs.append(EventSpec(kind, when, int(credibility or 2), place or ""))
    return RecordSpec(person, reported, specs, reliability=reliability or "B")


def test_the_page_has_examples_of_every_rule() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize("block", examples())
def test_each_example_gives_the_status_the_page_says(block: str) -> None:
    lines = [line for line in block.strip().splitlines() if line.strip()]
    records = [parse_record(line) for line in lines if not line.startswith("as of")]
    evidence = build_evidence(records)
    for line in (line for line in lines if line.startswith("as of")):
        found = QUESTION.match(line)
        assert found, line
        as_of, known_on, name, value, expected = found.groups()
        rules = Rules()
        if name:
            current = getattr(rules, name)
            rules = replace(rules, **{name: type(current)(value)})
        frame = person_statuses(
            evidence,
            date.fromisoformat(as_of),
            date.fromisoformat(known_on) if known_on else None,
            rules,
        )
        assert frame["status"].tolist() == [expected], line
