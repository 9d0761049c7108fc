"""The integrator: folds sequenced journal entries into tiles and publishes a signed checkpoint.

Crash safety (a kill at any instant leaves a consistent published log, and the next run resumes):

1. every new tile and entry bundle is written to a temporary name and renamed into place;
2. one ``syncfs`` makes all of them durable;
3. only then is the new checkpoint written (temporary name, fsync, rename, directory fsync).

Full tiles are written once, when they fill, and never again; a partial tile gets a new name for each width
(``.p/<W>``), so no file a published checkpoint covers is ever replaced. A run resumes from the published
checkpoint: it re-reads the checkpoint's partial tiles (the right edge of the tree), checks that they give
the checkpoint's root, and carries on. Partial tiles are deleted once their full tile exists (tlog-tiles
allows it). One integrator at a time, by a lock file in the log directory.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from custodes.errors import IntegrityError
from custodes.ledger.files import file_lock, sync_filesystem, write_atomic
from custodes.ledger.layout import (
    CHECKPOINT_PATH,
    TILE_HEIGHT,
    TILE_WIDTH,
    decode_bundle,
    edge_root,
    encode_bundle,
    encode_index,
    entries_path,
    partial_tiles,
    tile_path,
)
from custodes.ledger.merkle import perfect_root
from custodes.ledger.note import Checkpoint, SignedNote, Signer, verify_checkpoint
from custodes.ledger.sequencer import journal_head, read_entries
from custodes.ledger.tiles import dir_fetch

__all__ = ["IntegrateResult", "Integrator", "LogRunner", "TileWriter"]

LOCK_FILE = ".integrator.lock"


@dataclass(frozen=True, slots=True)
class IntegrateResult:
    old_size: int
    size: int
    root: bytes
    checkpoint: str

    def as_json(self) -> dict[str, Any]:
        return {"old_size": self.old_size, "size": self.size, "root": base64.b64encode(self.root).decode(),
                "checkpoint": self.checkpoint}


class TileWriter:
    """The published tiles of one log directory and the right edge of its tree, in memory."""

    def __init__(self, log_dir: Path, signer: Signer) -> None:
        self.dir = log_dir
        self.signer = signer
        self.size = 0
        self.levels: list[list[bytes]] = [[]]  # the partial tile's hashes at each tile level
        self.bundle: list[bytes] = []  # the partial entry bundle
        self._dirs: set[Path] = set()
        self._pending: list[tuple[str, bytes]] = []
        self._filled: list[tuple[int, int]] = []  # (level, index) of tiles filled since the last publish
        self._published = -1  # the size of the published checkpoint (-1: none)
        self._resume()

    # -- resuming ---------------------------------------------------------------------------------
    def _resume(self) -> None:
        path = self.dir / CHECKPOINT_PATH
        if not path.exists():
            return
        cp, _ = verify_checkpoint(path.read_bytes(), self.signer.verifier)
        fetch = dir_fetch(self.dir)
        levels: list[list[bytes]] = []
        bundle: list[bytes] = []
        widths = {t.level: t for t in partial_tiles(cp.size)}
        top = max(widths, default=-1)
        for level in range(top + 1):
            t = widths.get(level)
            if t is None:
                levels.append([])
                continue
            try:
                data = fetch(tile_path(level, t.index, t.width))
                if level == 0:
                    bundle = decode_bundle(fetch(entries_path(t.index, t.width)), t.width)
            except FileNotFoundError as exc:
                raise IntegrityError(f"the published checkpoint's partial tile is missing: {exc}") from None
            levels.append([data[i : i + 32] for i in range(0, len(data), 32)])
        self.levels = levels or [[]]
        self.bundle = bundle
        self.size = cp.size
        self._published = cp.size
        if edge_root(self.levels) != cp.root:
            raise IntegrityError(f"the tiles in {self.dir} do not give the root of the published checkpoint")

    # -- appending --------------------------------------------------------------------------------
    def _write(self, path: str, data: bytes) -> None:
        self._pending.append((path, data))

    def _push(self, level: int, h: bytes) -> None:
        while len(self.levels) <= level:
            self.levels.append([])
        row = self.levels[level]
        row.append(h)
        if len(row) == TILE_WIDTH:
            index = ((self.size >> (TILE_HEIGHT * level)) - 1) // TILE_WIDTH
            self._write(tile_path(level, index), b"".join(row))
            self._filled.append((level, index))
            self.levels[level] = []
            self._push(level + 1, perfect_root(row))

    def append(self, entries: Sequence[bytes]) -> None:
        """Add entries (their published bytes) to the tree; nothing is published until :meth:`publish`."""
        pos, sha = 0, hashlib.sha256
        while pos < len(entries):
            room = TILE_WIDTH - len(self.bundle)
            chunk = entries[pos : pos + room]
            pos += len(chunk)
            self.bundle.extend(chunk)
            row = self.levels[0]
            row.extend([sha(b"\x00" + e).digest() for e in chunk])  # leaf_hash, inlined for speed
            self.size += len(chunk)
            if len(row) == TILE_WIDTH:
                index = self.size // TILE_WIDTH - 1
                self._write(tile_path(0, index), b"".join(row))
                self._write(entries_path(index), encode_bundle(self.bundle))
                self._filled.append((0, index))
                self.levels[0] = []
                self.bundle = []
                self._push(1, perfect_root(row))

    def root(self) -> bytes:
        return edge_root(self.levels)

    def publish(self) -> str:
        """Write the pending tiles, make them durable, then sign and write the checkpoint; returns it."""
        covered = set(partial_tiles(self._published)) if self._published >= 0 else set()
        for t in partial_tiles(self.size):
            if t in covered:  # unchanged since the last checkpoint: never rewrite a published file
                continue
            row = self.levels[t.level]
            self._write(tile_path(t.level, t.index, t.width), b"".join(row))
            if t.level == 0:
                self._write(entries_path(t.index, t.width), encode_bundle(self.bundle))
        for path, data in self._pending:
            target = self.dir / path
            if target.parent not in self._dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(target.parent)
            write_atomic(target, data, durable=False)
        self.dir.mkdir(parents=True, exist_ok=True)
        sync_filesystem(self.dir)
        body = Checkpoint(self.signer.name, self.size, self.root()).body()
        note = SignedNote(body, (self.signer.sign(body),)).format()
        write_atomic(self.dir / CHECKPOINT_PATH, note.encode("utf-8"))
        for level, index in self._filled:  # the full tile is durable: its partial versions may go
            for lv in (["0", "entries"] if level == 0 else [str(level)]):
                shutil.rmtree(self.dir / "tile" / lv / (encode_index(index) + ".p"), ignore_errors=True)
        self._pending.clear()
        self._filled.clear()
        self._published = self.size
        return note


class Integrator:
    """Folds the journal's sequenced entries into the published log, in batches."""

    def __init__(self, engine: Engine, log_dir: Path, signer: Signer) -> None:
        self.engine = engine
        self.dir = log_dir
        self.signer = signer

    def published_size(self) -> int:
        path = self.dir / CHECKPOINT_PATH
        if not path.exists():
            return 0
        cp, _ = verify_checkpoint(path.read_bytes(), self.signer.verifier)
        return cp.size

    def journal_size(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(journal_head.c.size).where(journal_head.c.id == 1)).scalar_one())

    def pending(self) -> int:
        return max(0, self.journal_size() - self.published_size())

    def integrate(self, *, batch_size: int = 256, max_batches: int | None = None,
                  on_batch: Callable[[IntegrateResult], None] | None = None) -> IntegrateResult:
        """Publish every pending entry, ``batch_size`` entries per checkpoint; returns the last result."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with file_lock(self.dir / LOCK_FILE):
            writer = TileWriter(self.dir, self.signer)
            start = writer.size
            head = self.journal_size()
            if head < start:
                raise IntegrityError(
                    f"the log has published {start} entries but the journal holds only {head}: "
                    "the database was rolled back or rows were removed")
            result = IntegrateResult(start, start, writer.root(), "")
            if head == start and (self.dir / CHECKPOINT_PATH).exists():
                return result
            batches = 0
            while True:
                stop = min(head, writer.size + batch_size)
                with self.engine.connect() as conn:
                    rows = read_entries(conn, writer.size, stop)
                for offset, (idx, _) in enumerate(rows):
                    if idx != writer.size + offset:
                        raise IntegrityError(f"journal entry {writer.size + offset} is missing from the database")
                if len(rows) != stop - writer.size:
                    raise IntegrityError(f"journal entry {writer.size + len(rows)} is missing from the database")
                old = writer.size
                writer.append([body for _, body in rows])
                note = writer.publish()
                result = IntegrateResult(old, writer.size, writer.root(), note)
                if on_batch is not None:
                    on_batch(result)
                batches += 1
                if writer.size >= head or (max_batches is not None and batches >= max_batches):
                    return IntegrateResult(start, writer.size, result.root, note)


class LogRunner:
    """A background thread that integrates new entries after commits (up to ``batch_size`` entries or
    ``max_delay`` seconds after the first pending commit, as Tessera batches); ``stop()`` ends it cleanly.
    """

    def __init__(self, integrator: Integrator, *, batch_size: int = 256, max_delay: float = 0.25,
                 poll: float = 5.0, on_error: Callable[[BaseException], None] | None = None) -> None:
        self.integrator = integrator
        self.batch_size = batch_size
        self.max_delay = max_delay
        self.poll = poll
        self.on_error = on_error
        self.last: IntegrateResult | None = None
        self.errors: list[BaseException] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="custodes-log-integrator", daemon=True)

    def notify(self, entries: Sequence[object]) -> None:
        """The ``Store.on_commit`` listener: count the new entries and wake the thread."""
        if not entries or self._stop.is_set():
            return
        with self._lock:
            self._pending += len(entries)
        self._wake.set()

    def start(self) -> LogRunner:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Integrate what is pending, then end the thread."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll)
            if self._stop.is_set():
                break
            if self._wake.is_set():
                deadline = time.monotonic() + self.max_delay
                while time.monotonic() < deadline and self._pending < self.batch_size and not self._stop.is_set():
                    time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))
            self._once()
        self._once()

    def _once(self) -> None:
        with self._lock:
            self._pending = 0
            self._wake.clear()
        try:
            self.last = self.integrator.integrate(batch_size=self.batch_size)
        except Exception as exc:  # keep serving; the error is kept and reported
            self.errors.append(exc)
            if self.on_error is not None:
                self.on_error(exc)
