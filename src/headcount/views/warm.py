"""Warming the views' cache when the workbench starts, so the first analyst to open the
dashboard or search a name does not wait for the evidence to be read and indexed, and
its estimates (the default method) are there soon after.

The estimates' sampler (Numba) is loaded during the warm-up too, while pages answer 202:
loading it holds the interpreter lock for a second or more, which in the middle of serving
held every page back by as much (a new date's dashboard took 1.0–2.4 s instead of 0.25 s).

Once warm, what the server holds for as long as it runs (the evidence, the screening index
and the names parsed for it: millions of objects at a million persons) is frozen out of the
garbage collector's reach (`gc.freeze`): a full collection walking it stalled a screening
query for seconds. What is frozen and later dropped is still freed by reference counting."""

from __future__ import annotations

import gc
import logging

from headcount.accounting.timeline import NoPersons
from headcount.estimation.lcmcr import load_sampler
from headcount.security.compartments import EVERY, OPEN_ONLY
from headcount.storage.engine import Store
from headcount.views.cache import warming, yield_to_requests
from headcount.views.dashboard import dashboard_for, default_as_of
from headcount.views.errors import NotFound
from headcount.views.estimates import estimates_for
from headcount.views.review import review_band
from headcount.views.screening import screening_index

log = logging.getLogger("headcount.workbench")


def warm_up(store: Store) -> None:
    """Compute the dashboard of the latest date the records cover, the screening index and the review queue's band, for both
    sets of compartments, and load the estimates' sampler; meanwhile requests that need
    them are told to come back."""
    warming.set()
    try:
        load_sampler()  # today's estimates use the default method, LCMCR
        for compartments in (EVERY, OPEN_ONLY):
            dashboard_for(store, compartments, default_as_of(store, compartments), wait=True)
            screening_index(store, compartments, wait=True)
            review_band(store, compartments)
    except (NoPersons, NotFound):
        log.info("nothing to warm up: no linkage run yet")
        return
    finally:
        warming.clear()
    gc.freeze()
    log.info("dashboard, screening index and review queue ready")
    yield_to_requests()  # the estimates take minutes: requests come first
    for compartments in (EVERY, OPEN_ONLY):
        estimates_for(store, compartments, default_as_of(store, compartments))
    log.info("estimates ready")
