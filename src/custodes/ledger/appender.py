"""Group commit: many writers' journal entries sequenced and committed together, each acknowledged after commit.

:class:`GroupAppender` runs one writer thread. ``append`` (from any thread) queues an entry and blocks until
the transaction holding it has committed: the same durability as one ``Store.write`` per entry (SQLite in
WAL mode with ``synchronous=FULL`` fsyncs at each commit; PostgreSQL commits durably), but one commit, one
fsync and one multi-row insert serve every entry that arrived meanwhile. An entry that cannot be encoded
fails alone (the rest of its batch is committed); a failed commit fails every entry of its batch, and
none of them is acknowledged.
``Store.write`` and ``UnitOfWork.append`` are unchanged; this is an extra way in, for high-rate feeds.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from typing import Any, Protocol

from custodes.errors import CustodesError, EncodingError
from custodes.ledger.entry import Entry, sealed_entry
from custodes.ledger.sequencer import PendingEntry
from custodes.storage.uow import Store

__all__ = ["GroupAppender"]

_STOP = object()


class _Outcome(Protocol):
    def set_result(self, result: Entry) -> None: ...
    def set_exception(self, exception: BaseException | None) -> None: ...


class _Waiter:
    """What ``append`` waits on: one lock released once (a Future's condition and callbacks cost more, and
    the writer thread sets thousands of them per second)."""

    __slots__ = ("_done", "_entry", "_error")

    def __init__(self) -> None:
        self._done = threading.Lock()
        self._done.acquire()
        self._entry: Entry | None = None
        self._error: BaseException | None = None

    def set_result(self, result: Entry) -> None:
        self._entry = result
        self._done.release()

    def set_exception(self, exception: BaseException | None) -> None:
        self._error = exception
        self._done.release()

    def result(self) -> Entry:
        with self._done:
            if self._error is not None:
                raise self._error
            if self._entry is None:
                raise CustodesError("an append finished with neither an entry nor an error; "
                                    "report this as a bug in custodes.ledger.appender")
            return self._entry


class GroupAppender:
    """Batches concurrent appends into one unit of work (up to ``max_batch`` entries per commit)."""

    def __init__(self, store: Store, *, actor: str, max_batch: int = 2048, start: bool = True) -> None:
        self.store = store
        self.actor = actor
        self.max_batch = max_batch
        self.batches = 0
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="custodes-group-appender", daemon=True)
        if start:
            self._thread.start()

    def start(self) -> None:
        """Start the writer thread (when made with ``start=False``)."""
        self._thread.start()

    def submit(self, kind: str, record: Mapping[str, Any], *, sensitive: Iterable[str] = (),
               exercise: bool = False, actor: str | None = None) -> Future[Entry]:
        """Queue one entry; the future resolves to the committed entry (or its error)."""
        fut: Future[Entry] = Future()
        self._queue.put((PendingEntry(kind, record, self.store.clock(), actor or self.actor, exercise,
                                      frozenset(sensitive)), fut))
        return fut

    def append(self, kind: str, record: Mapping[str, Any], *, sensitive: Iterable[str] = (),
               exercise: bool = False, actor: str | None = None) -> Entry:
        """Append one entry and wait until it is committed (as ``submit(...).result()``, with a lighter wait)."""
        waiter = _Waiter()
        self._queue.put((PendingEntry(kind, record, self.store.clock(), actor or self.actor, exercise,
                                      frozenset(sensitive)), waiter))
        return waiter.result()

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                break
            batch = [item]
            while len(batch) < self.max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP:
                    stopping = True
                    break
                batch.append(nxt)
            self._commit(batch)

    def _commit(self, batch: list[tuple[PendingEntry, _Outcome]]) -> None:
        try:
            with self.store.write(self.actor) as uow:
                entries = uow.append_many([p for p, _ in batch], at=uow.now)
        except EncodingError:  # rare: find the entries that cannot be encoded, fail them, commit the rest
            good = []
            for p, fut in batch:
                try:
                    sealed_entry(0, p.kind, p.at, p.actor, p.exercise, p.record,
                                 self.store.policy.tree(p.kind, p.sensitive))
                except EncodingError as exc:
                    fut.set_exception(exc)
                else:
                    good.append((p, fut))
            if good and len(good) < len(batch):
                self._commit(good)
            elif good:
                for _, fut in good:
                    fut.set_exception(EncodingError("the batch could not be encoded"))
            return
        except BaseException as exc:  # the whole batch failed: nothing was committed
            for _, fut in batch:
                fut.set_exception(exc)
            return
        self.batches += 1
        for (_, fut), entry in zip(batch, entries, strict=True):
            fut.set_result(entry)

