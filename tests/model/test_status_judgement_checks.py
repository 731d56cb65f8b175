"""Status judgements are checked by the model before storage writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from headcount.model.judgements import (
    StatusJudgement,
    StatusJudgementError,
    check_status_judgement,
)


def test_a_status_judgement_needs_a_known_status_and_a_reason() -> None:
    check_status_judgement("killed_confirmed", "a death notice and a photograph")
    with pytest.raises(StatusJudgementError, match="is not a status"):
        check_status_judgement("missing", "why")
    with pytest.raises(StatusJudgementError, match="--note"):
        check_status_judgement("detained", "   ")


def test_a_status_judgement_as_a_dict_names_its_person_not_its_anchor() -> None:
    made = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
    judged = StatusJudgement(
        3, 17, "P0000002", "detained", date(2018, 1, 1), "camp list", "ana", made
    )
    assert judged.as_dict() == {
        "id": 3,
        "person_id": "P0000002",
        "status": "detained",
        "as_of": "2018-01-01",
        "note": "camp list",
        "user": "ana",
        "created_at": "2026-12-06T20:00:00+00:00",
    }
