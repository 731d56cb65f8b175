"""Login rate limiting: too many failed logins for one account name, or from one address,
within a window, and further attempts are refused before any password is checked.

Failures are counted in memory, per process (the workbench runs as one process; a
restart forgets them). A success does not reset the address's count, so one good
account cannot be used to keep guessing others from the same address.

Written here rather than with slowapi: slowapi (over `limits`) caps the rate of requests to
a route per key, whereas this must count only *failed* logins, per account name taken from
the form as well as per address, and refuse before the password hash is computed.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoginThrottle:
    """Counts failed logins per account name and per address in a sliding window."""

    per_name: int = 5
    per_address: int = 20
    window_seconds: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _recent(self, key: str, at: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= at - self.window_seconds:
            times.popleft()
        return times

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until an attempt for `name` from `address` is allowed (0: allowed now)."""
        at = self.clock()
        waits = []
        with self._lock:
            for key, limit in (
                (f"name:{name.casefold()}", self.per_name),
                (f"address:{address}", self.per_address),
            ):
                times = self._recent(key, at)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + self.window_seconds - at)
        return int(max(waits) + 1) if waits else 0

    def failed(self, name: str, address: str) -> None:
        """Count a failed attempt."""
        at = self.clock()
        with self._lock:
            for key in (f"name:{name.casefold()}", f"address:{address}"):
                self._recent(key, at).append(at)
            if len(self._failures) > 100_000:  # bounded memory under a flood of names
                self._failures = {k: v for k, v in self._failures.items() if v}
