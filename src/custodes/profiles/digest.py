"""A profile directory's content digest and per-file digests, so that init and upgrade know what changed.

>>> files = {"profile.yaml": "sha256:" + "00" * 32}
>>> files_digest(files) == files_digest(dict(files))
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

__all__ = ["files_digest", "profile_digest", "profile_files"]


def profile_files(root: Path) -> dict[str, str]:
    """Every file under ``root`` (its POSIX relative path) with its ``sha256:<hex>`` digest."""
    return {f.relative_to(root).as_posix(): "sha256:" + hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)}


def files_digest(files: Mapping[str, str]) -> str:
    """The profile digest of a file list from ``profile_files`` (the same as ``profile_digest`` of the folder)."""
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode() + b"\0")
        h.update(bytes.fromhex(files[path].removeprefix("sha256:")))
    return "sha256:" + h.hexdigest()


def profile_digest(root: Path) -> str:
    return files_digest(profile_files(root))
