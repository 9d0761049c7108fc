"""A profile directory's content digest, so that a second ``custodes init`` knows nothing changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["profile_digest"]


def profile_digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return "sha256:" + h.hexdigest()
