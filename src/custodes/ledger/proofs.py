"""Inclusion and consistency proofs from a published log, as ``custodes log proof/consistency --json`` and
``GET /log/proof/...`` answer them (the same dictionaries, base64 hashes)."""

from __future__ import annotations

from typing import Any

from custodes.errors import InputError
from custodes.ledger.merkle import leaf_hash
from custodes.ledger.note import Checkpoint, b64
from custodes.ledger.tiles import TileReader

__all__ = ["consistency_answer", "inclusion_answer"]


def inclusion_answer(reader: TileReader, cp: Checkpoint, note: str, index: int, size: int | None, *,
                     prefix: str = "") -> dict[str, Any]:
    """Entry ``index`` with its inclusion proof in the tree of ``size`` entries (default: the checkpoint's).

    ``prefix`` is put before the field names of input errors (``--`` for the command line).
    """
    n = cp.size if size is None else size
    if n > cp.size:
        raise InputError(f"size {n} is beyond the latest checkpoint's size {cp.size}", field=f"{prefix}size")
    if index >= n:
        raise InputError(f"index {index} is not in a tree of {n} entries", field=f"{prefix}index")
    entry = reader.entry(index)
    return {
        "index": index, "size": n, "root": b64(reader.root(n)), "entry": b64(entry),
        "leaf_hash": b64(leaf_hash(entry)), "proof": [b64(h) for h in reader.inclusion(index, n)],
        "checkpoint": note if n == cp.size else None,
    }


def consistency_answer(reader: TileReader, cp: Checkpoint, note: str, old: int, new: int | None, *,
                       prefix: str = "") -> dict[str, Any]:
    """A proof that the tree of ``new`` entries (default: the checkpoint's) extends the tree of ``old``."""
    n = cp.size if new is None else new
    if n > cp.size:
        raise InputError(f"size {n} is beyond the latest checkpoint's size {cp.size}", field=f"{prefix}new")
    if old > n:
        raise InputError(f"old size {old} is larger than the new size {n}", field=f"{prefix}old")
    return {
        "old": old, "new": n, "old_root": b64(reader.root(old)), "new_root": b64(reader.root(n)),
        "proof": [b64(h) for h in reader.consistency(old, n)], "checkpoint": note if n == cp.size else None,
    }
