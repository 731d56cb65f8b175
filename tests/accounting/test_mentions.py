"""Mentions (records carrying nothing beyond a name) are counted apart, bounded both ways."""

from __future__ import annotations

from datetime import date

from headcount.accounting import count_evidence
from headcount.accounting.counts import ALL
from headcount.accounting.timeline import MENTIONS
from tests.accounting.strategies import EventSpec, RecordSpec, build_evidence

WHEN = date(2018, 1, 1)
KILLED = [EventSpec("killed", "2015-06-01", credibility=4, place="SYR")]


def test_mentions_have_their_own_row_from_none_to_all_and_widen_only_the_total() -> None:
    records = [
        RecordSpec("A", "2015-01-01", [EventSpec("departed", "2014-05-01")], citizenship="FRA"),
        RecordSpec("B", "2015-01-01", [EventSpec("departed", "2014-06-01")], citizenship="FRA"),
        # two kunya-only death notices, and one joined to A (a judgement attributed it)
        RecordSpec("M1", "2015-07-01", KILLED, mention=True),
        RecordSpec("M2", "2015-07-01", KILLED, mention=True, source_country="FRA"),
        RecordSpec("A", "2015-07-01", KILLED, mention=True),
    ]
    counts = count_evidence(build_evidence(records), WHEN)
    mentions = counts.row(MENTIONS)
    assert mentions is not None
    assert mentions.departed.as_dict() == {"value": 2, "low": 0, "high": 2, "kind": "enumeration"}
    fra, total = counts.row("FRA"), counts.row(ALL)
    assert fra is not None and total is not None
    assert fra.departed.value == 2  # A (with its attributed notice) and B; not M2
    assert (total.departed.value, total.departed.low, total.departed.high) == (2, 2, 4)
    assert total.balanced and mentions.balanced
