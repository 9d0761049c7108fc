"""Public filing rate limiting: filings per client address in a sliding window, in memory, bounded.

A key that reached its limit inside the window is refused until its oldest entry leaves the window. The
number of keys kept is bounded (least recently used keys are forgotten first), so a flood of addresses
cannot exhaust memory. (Sign-in attempts are counted in the database instead: see
:mod:`custodes.accounts.sessions`, so the lockout holds across processes.)
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["FilingLimiter"]


class _Window:
    def __init__(self, limit: int, window: float, capacity: int) -> None:
        self.limit, self.window, self.capacity = limit, window, capacity
        self.keys: OrderedDict[str, deque[float]] = OrderedDict()

    def _prune(self, key: str, now: float) -> deque[float] | None:
        q = self.keys.get(key)
        if q is None:
            return None
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            del self.keys[key]
            return None
        return q

    def retry_after(self, key: str, now: float) -> float | None:
        q = self._prune(key, now)
        if q is None or len(q) < self.limit:
            return None
        return q[0] + self.window - now

    def fail(self, key: str, now: float) -> None:
        q = self._prune(key, now)
        if q is None:
            q = self.keys[key] = deque(maxlen=self.limit)
        q.append(now)
        self.keys.move_to_end(key)
        while len(self.keys) > self.capacity:
            self.keys.popitem(last=False)

    def clear(self, key: str) -> None:
        self.keys.pop(key, None)


class FilingLimiter:
    """Filings (grievances, public incident reports) per key (a client address) per window, in memory.

    >>> t = [0.0]
    >>> lim = FilingLimiter(per_key=2, window=3600, clock=lambda: t[0])
    >>> lim.take("10.0.0.1"), lim.take("10.0.0.1"), lim.take("10.0.0.1")
    (None, None, 3600)
    >>> lim.take("10.0.0.2") is None
    True
    """

    def __init__(self, *, per_key: int, window: float, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._keys = _Window(per_key, window, capacity)
        self._clock = clock
        self._lock = threading.Lock()

    def take(self, key: str) -> int | None:
        """Count one filing for ``key``; or, when its limit is reached, the seconds to wait (nothing counted)."""
        with self._lock:
            now = self._clock()
            wait = self._keys.retry_after(key, now)
            if wait is not None:
                return max(1, math.ceil(wait))
            self._keys.fail(key, now)
            return None
