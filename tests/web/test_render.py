"""What pages show a reader: countries by name, lists without Python syntax, reasons in
words; the map offers exactly the metrics the API takes; counts open on the data's date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import get_args

from tests.security.world import build_world

from headcount.api.dashboard import MapMetric
from headcount.model.vocabulary import EVERY, OPEN_ONLY
from headcount.storage import Store
from headcount.views.dashboard import MAP_METRICS, default_as_of
from headcount.web.render import REASONS, country, plain, why


def test_filters_speak_to_a_reader() -> None:
    assert country("FRA") == "France" and country("XXX") == "Country not known"
    assert country("all") == "All countries" and country("QQQ") == "QQQ"
    assert plain(["abu_sami", "sami"]) == "abu_sami, sami" and plain(None) == "–"
    assert why("conflict").startswith("kept apart") and why("odd") == "odd"
    assert {"model", "judgement", "singleton", "conflict", "split", "mention"} <= set(REASONS)


def test_the_map_offers_what_the_api_takes() -> None:
    assert set(get_args(MapMetric)) == set(MAP_METRICS)
    assert {"killed_confirmed", "contested", "killed"} <= set(MAP_METRICS)


def test_counts_open_on_the_latest_date_the_records_cover(
    sqlite_store: Store, tmp_path: Path
) -> None:
    assert default_as_of(sqlite_store, EVERY) == date.today()  # nothing yet: today
    build_world(sqlite_store, tmp_path)
    # the world's latest event is a sighting in 2017-02 (open) and a death in 2016-02
    # (restricted): each reader gets the last date of what they may see
    assert default_as_of(sqlite_store, EVERY) == date(2017, 2, 28)
    assert default_as_of(sqlite_store, OPEN_ONLY) == date(2017, 2, 28)
