"""The published checkpoint as the pages show it (origin, size, root), verified with the log's key."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.app import Custodes
from custodes.errors import CustodesError
from custodes.ledger.note import verify_checkpoint

__all__ = ["PublishedCheckpoint", "published_checkpoint"]


@dataclass(frozen=True, slots=True)
class PublishedCheckpoint:
    origin: str
    size: int
    root_hex: str
    text: str
    vkey: str


def published_checkpoint(app: Custodes) -> PublishedCheckpoint | None:
    """The latest signed checkpoint, or None before the first one is published."""
    path = app.settings.log_dir / "checkpoint"
    if not path.is_file():
        return None
    data = path.read_bytes()
    verifier = app.log_verifier()
    try:
        cp, _note = verify_checkpoint(data, verifier)
    except CustodesError:
        return None
    return PublishedCheckpoint(cp.origin, cp.size, cp.root.hex(), data.decode("utf-8"), verifier.vkey)
