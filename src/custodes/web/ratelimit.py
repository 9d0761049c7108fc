"""Login rate limiting: failed attempts per account name and per client address, in memory, bounded.

A key that reached its limit of failures inside the window is refused until its oldest failure leaves the
window. The number of keys kept is bounded (least recently used keys are forgotten first), so a flood of
names cannot exhaust memory.

>>> t = [0.0]
>>> lim = LoginLimiter(per_account=2, per_address=10, window=60, clock=lambda: t[0])
>>> lim.fail("amina", "10.0.0.1"); lim.fail("amina", "10.0.0.1")
>>> lim.retry_after("amina", "10.0.0.2")
60
>>> t[0] = 61.0; lim.retry_after("amina", "10.0.0.2") is None
True
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["FilingLimiter", "LoginLimiter"]


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


class LoginLimiter:
    def __init__(self, *, per_account: int, per_address: int, window: float, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._accounts = _Window(per_account, window, capacity)
        self._addresses = _Window(per_address, window, capacity)
        self._clock = clock
        self._lock = threading.Lock()

    def retry_after(self, account: str, address: str) -> int | None:
        """Seconds to wait before another attempt for this account or from this address, or None."""
        with self._lock:
            now = self._clock()
            waits = [w for w in (self._accounts.retry_after(account, now),
                                 self._addresses.retry_after(address, now)) if w is not None]
        return max(1, math.ceil(max(waits))) if waits else None

    def fail(self, account: str, address: str) -> None:
        with self._lock:
            now = self._clock()
            self._accounts.fail(account, now)
            self._addresses.fail(address, now)

    def succeed(self, account: str) -> None:
        """A successful login clears the account's failures (not the address's)."""
        with self._lock:
            self._accounts.clear(account)

    def __len__(self) -> int:
        return len(self._accounts.keys) + len(self._addresses.keys)


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
