"""The log's signing key on disk: ``<data dir>/keys/log.key`` (mode 0600) and ``log.vkey`` (public).

The private key file is written once, atomically, readable by its owner only; it is never logged or printed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from custodes.errors import ConfigError
from custodes.ledger.files import write_atomic
from custodes.ledger.note import COSIGNATURE_V1, ED25519, Signer

__all__ = ["LOG_KEY", "LOG_VKEY", "ensure_key", "load_key"]

LOG_KEY = "log.key"
LOG_VKEY = "log.vkey"


def load_key(path: Path, *, name: str | None = None) -> Signer:
    """Load a private key file; refuse one others can read, or one made for another name."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ConfigError(f"no key at {path}; run `custodes init` (or `custodes witness init`)") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path} is readable by others (mode {stat.S_IMODE(mode):o}); chmod 600 it")
    signer = Signer.parse(path.read_text(encoding="ascii"))
    if name is not None and signer.name != name:
        raise ConfigError(f"{path} signs as {signer.name!r}, but the log origin is {name!r}")
    return signer


def ensure_key(key_dir: Path, name: str, *, file: str = LOG_KEY, vkey_file: str = LOG_VKEY,
               cosigner: bool = False) -> tuple[Signer, bool]:
    """The key in ``key_dir``, generated on first use; returns (signer, created)."""
    path = key_dir / file
    if path.exists():
        return load_key(path, name=name), False
    key_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(key_dir, 0o700)
    signer = Signer.generate(name, COSIGNATURE_V1 if cosigner else ED25519)
    write_atomic(path, signer.private_text().encode("ascii"), mode=0o600)
    write_atomic(key_dir / vkey_file, (signer.verifier.vkey + "\n").encode("ascii"))
    return signer, True
