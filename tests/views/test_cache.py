"""The views' cache and the background work's manners: the results of many dates never push
out what is made once per run, and background work waits for the requests in flight."""

from __future__ import annotations

import threading
import time

from headcount.views.cache import DATED_SIZE, SIZE, cached, pause_for_requests, serving


def test_many_dates_never_push_out_what_is_made_once_per_run() -> None:
    calls = []
    key = ("test", "evidence", time.monotonic())
    cached(key, lambda: calls.append(1))
    for day in range(DATED_SIZE + SIZE):
        cached(("test", "counts", day), lambda: 0, per_date=True)
    cached(key, lambda: calls.append(1))
    assert calls == [1]


def test_background_work_waits_for_the_requests_in_flight() -> None:
    waited: list[float] = []

    def background() -> None:
        started = time.monotonic()
        pause_for_requests(most=5)
        waited.append(time.monotonic() - started)

    with serving():
        worker = threading.Thread(target=background)
        worker.start()
        time.sleep(0.3)
        assert not waited  # still waiting: a request is in flight
    worker.join(5)
    assert waited and 0.25 < waited[0] < 5


def test_background_work_goes_on_under_a_steady_load() -> None:
    started = time.monotonic()
    with serving():
        pause_for_requests(most=0.2)
    assert time.monotonic() - started < 2
