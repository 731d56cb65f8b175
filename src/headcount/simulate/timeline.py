"""Calendar helpers for the simulator: days since 1970-01-01 and the war's intensity curves.

Dates are held as integer day numbers (numpy int64) so that a whole population's dates are
drawn and compared at once. The intensity curves say how the chance of a death, a capture or
a departure is spread over the calendar: departures peak in mid-2014; deaths follow the big
battles (Kobani 2014–15, Manbij 2016, Mosul 2016–17, Raqqa 2017, Baghuz 2019); captures by
the SDF crowd into Raqqa's fall (October 2017) and Baghuz (March 2019), those in Iraq into
the Mosul and Tal Afar campaigns (2016–17).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
START = "2012-01-01"


def day(text: str) -> int:
    """Day number of an ISO date `YYYY-MM-DD`."""
    return (date.fromisoformat(text) - EPOCH).days


def iso(day_number: int) -> str:
    """ISO date of a day number."""
    return (EPOCH + timedelta(days=int(day_number))).isoformat()


def ymd(day_number: int) -> tuple[int, int, int]:
    """(year, month, day) of a day number."""
    d = EPOCH + timedelta(days=int(day_number))
    return d.year, d.month, d.day


Periods = tuple[tuple[str, str, float], ...]

DEATHS: Periods = (
    ("2012-01-01", "2013-01-01", 0.3),
    ("2013-01-01", "2014-01-01", 0.6),
    ("2014-01-01", "2014-09-15", 1.0),
    ("2014-09-15", "2015-02-01", 1.8),
    ("2015-02-01", "2016-05-01", 1.2),
    ("2016-05-01", "2016-09-01", 1.8),
    ("2016-09-01", "2016-10-15", 1.3),
    ("2016-10-15", "2017-06-01", 2.2),
    ("2017-06-01", "2017-10-20", 2.6),
    ("2017-10-20", "2019-01-01", 0.8),
    ("2019-01-01", "2019-03-24", 1.6),
    ("2019-03-24", "2021-01-01", 0.04),
)
SDF_CAPTURES: Periods = (
    ("2014-06-01", "2017-06-01", 0.04),
    ("2017-06-01", "2017-12-31", 0.8),
    ("2017-12-31", "2019-01-01", 0.5),
    ("2019-01-01", "2019-03-24", 4.0),
    ("2019-03-24", "2021-01-01", 0.03),
)
IRAQ_CAPTURES: Periods = (
    ("2014-06-01", "2016-06-01", 0.08),
    ("2016-06-01", "2016-10-15", 0.3),
    ("2016-10-15", "2017-09-01", 2.0),
    ("2017-09-01", "2018-01-01", 0.4),
    ("2018-01-01", "2021-01-01", 0.03),
)


def curve(periods: Periods, end: str) -> tuple[int, np.ndarray]:
    """The cumulative intensity per day from `START` to `end` (first day, cumulative array)."""
    first, last = day(START), day(end)
    rate = np.zeros(last - first + 1)
    for lo, hi, value in periods:
        a, b = max(day(lo), first) - first, min(day(hi), last + 1) - first
        if b > a:
            rate[a:b] = value
    return first, np.concatenate([[0.0], np.cumsum(rate)])


def draw_after(
    periods: Periods,
    after: np.ndarray,
    before: np.ndarray,
    rng: np.random.Generator,
    end: str = "2020-12-31",
) -> np.ndarray:
    """One date per person in [after, before) drawn from the intensity (inverse CDF).

    Where the intensity is zero over the whole window the date falls uniformly in it.
    """
    first, cum = curve(periods, end)
    a = np.clip(after - first, 0, len(cum) - 2)
    b = np.clip(before - first, a + 1, len(cum) - 1)
    lo, hi = cum[a], cum[b]
    target = lo + rng.random(len(after)) * (hi - lo)
    drawn = np.searchsorted(cum, target, side="right") - 1
    flat = hi <= lo
    drawn[flat] = a[flat] + (rng.random(int(flat.sum())) * (b[flat] - a[flat])).astype(np.int64)
    return np.asarray(np.clip(drawn, a, b - 1) + first)
