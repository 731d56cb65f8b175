"""What the views compute once per linkage run and keep: accounting's evidence (as each set
of compartments sees it), the alternative clusterings, and the counts of a date.

Everything counted is a function of the latest linkage run (its persons, and the records,
statements and events of those persons, which are never changed), of the published
figures, and of the compartments looking. So entries are keyed by the store, the run id,
the number of published figures and the compartments; a new run or new figures make new
keys, and the least recently used entries are dropped. The results of one date are kept
apart from what is read once per run, so that an analyst going through many dates never
pushes out the evidence or the name index (which take seconds to minutes to make again).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from headcount.model.vocabulary import EVERY, Compartments
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current
from headcount.storage.queries import change_marks, latest_run_id

T = TypeVar("T")
logger = logging.getLogger(__name__)
SIZE = 64
DATED_SIZE = 256


class NotReady(RuntimeError):
    """Another thread is computing this (the evidence of a new run, its name index): ask
    again shortly rather than queue behind it."""

    retry_after = 30

    def __init__(self, what: str) -> None:
        super().__init__(
            f"still preparing the {what} (done once, then kept): "
            f"try again in {self.retry_after} seconds"
        )


class _Cache:
    """A small thread-safe LRU cache; one computation per key even under concurrency."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any | None:
        """The value for `key` if it is here (and it becomes the most recent), else None."""
        with self._lock:
            if key not in self._values:
                return None
            self._values.move_to_end(key)
            return self._values[key]

    def get(
        self, key: Hashable, compute: Callable[[], T], *, wait: bool = True, what: str = "result"
    ) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return cast(T, self._values[key])
            lock = self._locks.setdefault(key, threading.Lock())
        if not wait and warming.is_set() and not lock.locked():
            raise NotReady(what)  # the warm-up will compute it: do not race it
        if not lock.acquire(blocking=wait):
            raise NotReady(what)
        try:
            with self._lock:
                if key in self._values:
                    return cast(T, self._values[key])
            value = compute()
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
                self._locks.pop(key, None)
            return value
        finally:
            lock.release()


cache = _Cache()
"""What is made once per run (evidence, clusterings, name index, review band), and estimates."""
dated = _Cache(DATED_SIZE)
"""The results of one date (counts, the published figures beside them, flows)."""
warming = threading.Event()
"""Set while the start-up warm-up runs (`views.warm`): requests then leave what is read
once per run to it, and are told to come back, rather than each computing it too."""


_checked: set[tuple[str, int]] = set()


def require_schema(store: Store) -> None:
    """`require_current`, once per open store: the views run on every request, and the
    check reads the migration scripts (the schema does not change under a running server;
    `headcount init` migrates it with the workbench stopped)."""
    key = (store.url, id(store.engine))
    if key not in _checked:
        require_current(store)
        _checked.add(key)


def store_state(
    store: Store, compartments: Compartments = EVERY
) -> tuple[str, int | None, str, int, int]:
    """What cached results depend on: the store, the latest run `compartments` see (with its
    start time, as a store emptied and filled again may reuse a run id), its published
    figures, its status judgements and their retractions."""
    with store.reading() as connection:
        run = latest_run_id(connection, compartments)
        started, figures, judged = change_marks(connection, run)
    return (store.url, run, started, figures, judged)


BACKGROUND_NICE = 10
"""How much lower than the requests' threads the background work runs (Linux nice)."""


def yield_to_requests() -> None:
    """Lower the calling thread's CPU priority, so that work that takes minutes (estimates)
    leaves the cores to the requests: on Linux a thread's nice value is its own, and the
    threads it starts (LCMCR's chains) inherit it. Elsewhere nice is per process: nothing."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


PAUSE_AT_MOST = 2.0
"""How long background work waits, at each of its steps, for the requests in flight to end
(then it goes on, so that it ends even under a steady load)."""
_in_flight = 0
_quiet = threading.Condition()


@contextmanager
def serving() -> Iterator[None]:
    """Around each request (the application's middleware): while any is in flight, the
    background work waits at its next step (`pause_for_requests`)."""
    global _in_flight
    with _quiet:
        _in_flight += 1
    try:
        yield
    finally:
        with _quiet:
            _in_flight -= 1
            if not _in_flight:
                _quiet.notify_all()


def pause_for_requests(most: float = PAUSE_AT_MOST) -> None:
    """Wait until no request is in flight, for `most` seconds at most: background work calls
    this between its steps. A lower CPU priority (`yield_to_requests`) does not share the
    interpreter lock: background Python code holding it holds every request back, whatever
    its nice value (a new date's dashboard took twice as long beside it)."""
    with _quiet:
        _quiet.wait_for(lambda: not _in_flight, timeout=most)


def in_background(key: Hashable, compute: Callable[[], T], *, what: str) -> T:
    """The value for `key` if ready; otherwise start computing it in a thread (once) and
    raise `NotReady`: for results that take minutes, such as estimates of the unseen."""
    with cache._lock:
        if key in cache._values:
            cache._values.move_to_end(key)
            return cast(T, cache._values[key])
        failure = _failed.pop(key, None)
        if failure is not None:
            raise failure  # once: the next request starts it again
        started = key in _background
        _background.add(key)
    if not started:

        def run() -> None:
            yield_to_requests()
            try:
                cache.get(key, compute)
            except Exception as exc:  # kept for the next request, which reports it
                logger.exception("computing the %s failed", what)
                with cache._lock:
                    _failed[key] = exc
            finally:
                with cache._lock:
                    _background.discard(key)

        threading.Thread(target=run, name=f"computing {what}", daemon=True).start()
    raise NotReady(what)


_background: set[Hashable] = set()
_failed: dict[Hashable, Exception] = {}
"""What a background computation raised, until a request has been told."""


def cached(
    key: Hashable,
    compute: Callable[[], T],
    *,
    wait: bool = True,
    what: str = "result",
    per_date: bool = False,
) -> T:
    """The value for `key`, computed once (kept with the results of one date if `per_date`).
    With `wait=False`, raise `NotReady` (saying `what` is being prepared) instead of waiting
    while another thread computes it."""
    return (dated if per_date else cache).get(key, compute, wait=wait, what=what)
