"""The auditor: checks a published log from its tiles alone, through a fetch function.

It checks the checkpoint's signature with the log's verifier key (and witness cosignatures against a
quorum), recomputes every leaf hash from the entry bundles and every tile and the root from them, checks
that the checkpoint extends the one it verified before (a consistency proof; state in a small JSON
file), and, given a database connection, that the journal rows equal the published entries and that
their sealed fields' stored salts match the published commitments.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from custodes.errors import CustodesError, IntegrityError
from custodes.ledger.entry import seal, verify_commitment
from custodes.ledger.files import write_atomic
from custodes.ledger.layout import (
    CHECKPOINT_PATH,
    TILE_WIDTH,
    TileRef,
    decode_bundle,
    edge_root,
    split_hashes,
    tiles_for_size,
)
from custodes.ledger.merkle import leaf_hash, perfect_root, verify_consistency
from custodes.ledger.note import Verifier, b64, unb64, verify_checkpoint, verify_quorum
from custodes.ledger.sequencer import journal, journal_salts, journal_sealed
from custodes.ledger.tiles import Fetch, TileReader

__all__ = [
    "AuditReport",
    "DatabaseCheck",
    "Problem",
    "Revealer",
    "VerifiedState",
    "audit",
    "register_revealer",
]

Progress = Callable[[int, int], None]
#: given a read connection and a published entry (parsed), return the record in clear, or None if unknown
Revealer = Callable[[Connection, Mapping[str, Any]], Mapping[str, Any] | None]
_REVEALERS: dict[str, Revealer] = {}


def register_revealer(kind: str, revealer: Revealer) -> None:
    """Let ``--against-db`` re-derive the commitments of ``kind`` entries from the records in clear."""
    _REVEALERS[kind] = revealer


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # a published path, "checkpoint", or "journal row N"
    what: str

    def as_json(self) -> dict[str, str]:
        return {"where": self.where, "what": self.what}


@dataclass(slots=True)
class AuditReport:
    origin: str = ""
    size: int = 0
    root: bytes = b""
    entries: int = 0
    tiles: int = 0
    previous_size: int | None = None
    witnesses: list[str] = field(default_factory=list)
    db_rows: int | None = None
    commitments: int = 0
    commitments_rederived: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: the state file knows this origin under another key: a different log, or a key change (not a rewrite)
    other_key: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, where: str, what: str) -> None:
        self.problems.append(Problem(where, what))

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "origin": self.origin, "size": self.size, "root": b64(self.root),
            "entries_checked": self.entries, "tiles_checked": self.tiles,
            "consistent_with_size": self.previous_size, "witnesses": self.witnesses,
            "journal_rows_checked": self.db_rows, "commitments": self.commitments,
            "commitments_rederived": self.commitments_rederived, "other_key": self.other_key,
            "problems": [p.as_json() for p in self.problems],
        }


class VerifiedState:
    """The last checkpoint verified per origin, with the id of the key that signed it, in a small JSON file.

    One file serves any number of logs, as each log has its own origin. Entries written before key ids
    were kept have none; the next successful audit adds it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, Any]] = {}
        if path.exists():
            try:
                self.data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                raise IntegrityError(f"{path}: the verifier's state file is not valid JSON") from None

    def get(self, origin: str) -> tuple[int, bytes] | None:
        item = self.data.get(origin)
        return None if item is None else (int(item["size"]), unb64(item["root"], str(self.path)))

    def key_id(self, origin: str) -> str | None:
        """The hex id of the key the origin's last checkpoint was verified with (None if unknown)."""
        item = self.data.get(origin)
        return None if item is None or not item.get("key_id") else str(item["key_id"])

    def put(self, origin: str, size: int, root: bytes, key_id: str | None = None) -> None:
        item: dict[str, Any] = {"size": size, "root": b64(root), "verified_at": dt.datetime.now(dt.UTC).isoformat()}
        if key_id is not None:
            item["key_id"] = key_id
        self.data[origin] = item
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(self.data, indent=2, sort_keys=True).encode())


def _get(fetch: Fetch, ref: TileRef, report: AuditReport) -> bytes | None:
    try:
        return fetch(ref.path)
    except FileNotFoundError:
        report.fail(ref.path, "missing")
    except OSError as exc:
        report.fail(ref.path, f"cannot be read: {exc}")
    return None


def _first_difference(got: Sequence[bytes], want: Sequence[bytes]) -> int:
    return next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))


def _check_tile(fetch: Fetch, ref: TileRef, want: list[bytes], report: AuditReport, what: str) -> list[bytes]:
    """Compare a published hash tile with the hashes recomputed below it; returns the hashes to carry up."""
    data = _get(fetch, ref, report)
    report.tiles += 1
    if data is None:
        return want
    if data != b"".join(want):
        try:
            got = split_hashes(data, None, ref.path)
        except IntegrityError as exc:
            report.fail(ref.path, str(exc))
            return want
        i = _first_difference(got, want)
        report.fail(ref.path, f"hash {i} differs from the one recomputed from {what} (tampered or corrupt)")
    return want


def audit(fetch: Fetch, log: Verifier, *, state: VerifiedState | None = None,
          witnesses: Sequence[Verifier] = (), quorum: int = 0, progress: Progress | None = None,
          db: Connection | None = None) -> AuditReport:
    """Audit the log behind ``fetch``; problems are collected, not raised (see ``report.problems``).

    With ``db`` (a read connection), the journal's rows are compared with the published entries too.
    The state file is updated only when every check passed.
    """
    report = AuditReport()
    try:
        raw = fetch(CHECKPOINT_PATH)
        cp, note = verify_checkpoint(raw, log)
    except FileNotFoundError:
        report.fail("checkpoint", "missing")
        return report
    except CustodesError as exc:
        report.fail("checkpoint", str(exc))
        return report
    report.origin, report.size = cp.origin, cp.size
    if witnesses or quorum:
        try:
            report.witnesses = [w.name for w in verify_quorum(note, witnesses, quorum)]
        except IntegrityError as exc:
            report.fail("checkpoint", str(exc))
    size = cp.size
    on_entries = DatabaseCheck(db, report) if db is not None else None
    # level 0: entry bundles -> leaf hashes -> level-0 tiles; the roots of full tiles go up a level
    upper: list[list[bytes]] = [[]]
    partial: list[list[bytes]] = [[]]
    done = 0
    for ref in tiles_for_size(size, -1):
        data = _get(fetch, ref, report)
        entries: list[bytes] | None = None
        if data is not None:
            try:
                entries = decode_bundle(data, ref.width, ref.path)
            except IntegrityError as exc:
                report.fail(ref.path, str(exc))
        tile_ref = TileRef(0, ref.index, ref.width)
        if entries is None:  # carry the published hashes up, so faults higher up are still found
            tile = _get(fetch, tile_ref, report)
            hashes = split_hashes(tile) if tile and len(tile) == 32 * ref.width else [bytes(32)] * ref.width
        else:
            hashes = _check_tile(fetch, tile_ref, [leaf_hash(e) for e in entries], report, ref.path)
            if on_entries is not None:
                on_entries(ref.index * TILE_WIDTH, entries)
        if ref.full:
            upper[0].append(perfect_root(hashes))
        else:
            partial[0] = hashes
        done += ref.width
        report.entries = done
        if progress is not None:
            progress(done, size)
    # levels 1 and up: each published tile against the roots of the full tiles below it
    level = 1
    while upper[-1] or (size >> (8 * level)) > 0:
        below = upper[-1]
        upper.append([])
        partial.append([])
        for ref in tiles_for_size(size, level):
            want = below[ref.index * TILE_WIDTH : ref.index * TILE_WIDTH + ref.width]
            hashes = _check_tile(fetch, ref, want, report, f"the tiles of level {level - 1}")
            if ref.full:
                upper[-1].append(perfect_root(hashes))
            else:
                partial[-1] = hashes
        level += 1
    root = edge_root(partial)
    report.root = root
    if root != cp.root:
        report.fail("checkpoint", "the root hash recomputed from the entries differs from the signed root")
    if on_entries is not None:
        on_entries.finish(size)
    if state is not None and report.ok:
        _check_previous(fetch, cp.origin, size, root, state, report, log.key_id.hex())
    return report


def _check_previous(fetch: Fetch, origin: str, size: int, root: bytes, state: VerifiedState,
                    report: AuditReport, key_id: str) -> None:
    before = state.get(origin)
    known_key = state.key_id(origin)
    if before is not None and known_key is not None and known_key != key_id:
        report.other_key = True
        report.fail("checkpoint", f"a different log, or a key change: origin {origin!r} was verified before "
                                  f"(size {before[0]}) under key id {known_key}, this checkpoint is signed by key "
                                  f"id {key_id}; if the log's operator announced a new key, remove the entry for "
                                  f"this origin from {state.path} (or use another --state); otherwise two logs "
                                  "use one origin, and neither history was checked against the other")
        return
    if before is not None:
        old, old_root = before
        report.previous_size = old
        if size < old:
            report.fail("checkpoint", f"rolled back: size {size} is smaller than the size {old} verified before")
            return
        reader = TileReader(fetch, size)
        try:
            proof = reader.consistency(old, size)
        except IntegrityError as exc:
            report.fail("checkpoint", f"no consistency proof from size {old}: {exc}")
            return
        if not verify_consistency(old, size, old_root, root, proof):
            report.fail("checkpoint", f"not consistent with the checkpoint of size {old} verified before "
                                      "(the log's history was rewritten)")
            return
    state.put(origin, size, root, key_id)


# -- against the database ---------------------------------------------------------------------------
def _commit_digests(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        if set(value) == {"commit"} and isinstance(value["commit"], str):
            yield path, value["commit"]
            return
        for k, v in value.items():
            yield from _commit_digests(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _commit_digests(v, f"{path}.{i}" if path else str(i))


class DatabaseCheck:
    """Compares the published entries with the journal's rows, chunk by chunk (``audit(on_entries=...)``)."""

    def __init__(self, conn: Connection, report: AuditReport) -> None:
        self.conn = conn
        self.report = report
        report.db_rows = 0

    def __call__(self, start: int, entries: list[bytes]) -> None:
        stop = start + len(entries)
        rows = {int(r.idx): r for r in self.conn.execute(
            select(journal).where(journal.c.idx >= start, journal.c.idx < stop))}
        salts: dict[int, dict[str, bytes]] = {}
        for r in self.conn.execute(select(journal_salts).where(journal_salts.c.idx >= start,
                                                               journal_salts.c.idx < stop)):
            salts.setdefault(int(r.idx), {})[r.path] = bytes(r.salt)
        values: dict[int, dict[str, bytes]] = {}
        for r in self.conn.execute(select(journal_sealed).where(journal_sealed.c.idx >= start,
                                                                journal_sealed.c.idx < stop)):
            values.setdefault(int(r.idx), {})[r.path] = bytes(r.value)
        rep = self.report
        for offset, published in enumerate(entries):
            idx = start + offset
            row = rows.get(idx)
            where = f"journal row {idx}"
            if row is None:
                rep.fail(where, "missing from the database (deleted?) but published in the log")
                continue
            rep.db_rows = (rep.db_rows or 0) + 1
            body = row.body.encode() if isinstance(row.body, str) else bytes(row.body)
            if body != published:
                rep.fail(where, "differs from the published entry (edited after publication)")
                continue
            try:
                entry = json.loads(published)
            except ValueError:
                rep.fail(where, "the published entry is not JSON")
                continue
            if (entry.get("kind"), entry.get("by"), entry.get("ex")) != (row.kind, row.actor, bool(row.exercise)):
                rep.fail(where, "its kind, actor or exercise column disagrees with its published body")
            self._commitments(where, entry, salts.get(idx, {}), values.get(idx, {}))

    def _commitments(self, where: str, entry: Mapping[str, Any], salts: Mapping[str, bytes],
                     values: Mapping[str, bytes]) -> None:
        rep = self.report
        rec = entry.get("rec")
        digests = dict(_commit_digests(rec))
        published = set(digests)
        if published != set(salts):
            rep.fail(where, f"commitments {sorted(published)} and stored salts {sorted(salts)} do not match")
            return
        rep.commitments += len(published)
        if values:  # entry version 2: every sealed value is kept beside its salt, so every commitment opens
            opened = [p for p in published if p in values
                      and verify_commitment(json.loads(values[p]), salts[p], digests[p])]
            if len(opened) != len(published):
                rep.fail(where, "a stored sealed value does not open its published commitment: "
                         + ", ".join(sorted(published - set(opened))))
            else:
                rep.commitments_rederived += len(opened)
            return
        revealer = _REVEALERS.get(str(entry.get("kind")))
        if not published or revealer is None:
            return
        clear = revealer(self.conn, entry)
        if clear is None:
            return
        public, _ = seal(clear, salts.keys(), salts)
        if public != rec:
            rep.fail(where, "the record in clear, sealed with its stored salts, does not give the published entry")
        else:
            rep.commitments_rederived += len(published)

    def finish(self, size: int) -> None:
        """After the audit: the journal must hold at least the published entries."""
        count = int(self.conn.execute(select(func.count()).select_from(journal)
                                      .where(journal.c.idx < size)).scalar_one())
        if count < size and not any(p.where.startswith("journal row") for p in self.report.problems):
            self.report.fail("journal", f"holds {count} of the {size} published entries")
