"""Evidence, photos and documents stored by SHA-256 content hash under ``<data dir>/blobs/``; the journal holds
the hash. One store per mission, handed by the composition root to the services that keep files."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from custodes.errors import IntegrityError, NotFound

__all__ = ["BlobStore"]


class BlobStore:
    """Content-addressed files: ``blobs/ab/cdef...`` for the hash ``abcdef...``; writing twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the file for ``sha256`` lives (whether or not it exists)."""
        return self.root / sha256[:2] / sha256[2:]

    def put(self, data: bytes) -> str:
        """Store ``data`` (atomically, once) and return its SHA-256 hex digest."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)  # atomic: a reader never sees half a file
        return digest

    def get(self, sha256: str) -> bytes:
        """The bytes stored under ``sha256``, checked against it (NotFound if no file holds them)."""
        path = self.path(sha256)
        if not path.exists():  # incident evidence was once stored under the whole digest: ab/abcdef...
            path = self.root / sha256[:2] / sha256
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no file is stored under {sha256}") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise IntegrityError(f"blob {sha256} does not match its hash")
        return data
