"""The safeguard-bound ceiling and blocking recall on records worked by hand."""

from __future__ import annotations

import pytest

from headcount.linkage.ceiling import ceiling, true_pairs
from headcount.linkage.prepare import RecordFacts, comparison_frame


def _record(rid: int, *said: tuple[str, str]) -> RecordFacts:
    return RecordFacts(rid, "list", said)


def test_a_kunya_only_record_is_out_of_reach_and_counted_as_not_attributable() -> None:
    frame = comparison_frame(
        [
            _record(1, ("full_name", "Karim Benali"), ("birth_date", "1990-05-12")),
            _record(2, ("full_name", "BENALI Karim"), ("birth_date", "1990")),
            _record(3, ("kunya", "Abu Hamza")),
            _record(4, ("full_name", "Youssef Haddad"), ("birth_date", "1985-02-01")),
        ],
        workers=1,
    )
    truth = {1: "p", 2: "p", 3: "p", 4: "q"}
    top = ceiling(frame, truth)
    # p's three pairs: only 1–2 share a name element and a fact (the birth year)
    assert (top.pairs_true, top.pairs_linkable) == (3, 1)
    assert top.pairwise_f1 == pytest.approx(0.5)  # precision 1, recall 1/3
    assert top.not_attributable == 1
    assert top.blocking_recall_linkable == 1.0


def test_names_that_differ_in_everything_share_no_name_element() -> None:
    frame = comparison_frame(
        [
            _record(1, ("full_name", "Karim Benali"), ("citizenship", "FRA")),
            _record(2, ("full_name", "Youssef Haddad"), ("citizenship", "FRA")),
        ],
        workers=1,
    )
    top = ceiling(frame, {1: "p", 2: "p"})
    assert (top.pairs_true, top.pairs_linkable) == (1, 0)
    assert top.pairwise_f1 == 0.0 and top.blocking_recall_linkable == 1.0


def test_true_pairs_are_every_pair_of_one_person() -> None:
    assert true_pairs([4, 1, 2, 3], {1: "a", 2: "a", 3: "a", 4: "b"}) == [(1, 2), (1, 3), (2, 3)]


def test_blocking_proposes_a_pair_sharing_one_name_part_and_a_birth_year() -> None:
    frame = comparison_frame(
        [
            _record(1, ("full_name", "Khalid Brahimi"), ("birth_date", "1988-03-01")),
            _record(2, ("full_name", "Kzaled Brahimi"), ("birth_date", "1988")),
        ],
        workers=1,
    )
    top = ceiling(frame, {1: "p", 2: "p"})
    assert top.pairs_linkable == 1 and top.blocking_recall_linkable == 1.0
