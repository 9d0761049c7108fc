"""The log's signing key on disk: ``<data dir>/keys/log.key`` (mode 0600) and ``log.vkey`` (public).

The private key file is written once, atomically, readable by its owner only; it is never logged or printed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from custodes.errors import ConfigError
from custodes.ledger.files import write_atomic
from custodes.ledger.note import COSIGNATURE_V1, ED25519, Signer
from custodes.ledger.origin import check_origin

__all__ = ["LOG_KEY", "LOG_VKEY", "ensure_key", "first_log_key", "load_key", "write_key"]

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
    signer = Signer.generate(name, COSIGNATURE_V1 if cosigner else ED25519)
    write_key(key_dir, signer, file=file, vkey_file=vkey_file)
    return signer, True


def write_key(key_dir: Path, signer: Signer, *, file: str = LOG_KEY, vkey_file: str = LOG_VKEY) -> None:
    """Write a new key (0600) and its verifier key; refuses to replace a key file that exists."""
    path = key_dir / file
    if path.exists():
        raise ConfigError(f"{path} exists already; a signing key is never replaced silently")
    key_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(key_dir, 0o700)
    write_atomic(path, signer.private_text().encode("ascii"), mode=0o600)
    write_atomic(key_dir / vkey_file, (signer.verifier.vkey + "\n").encode("ascii"))


def first_log_key(key_dir: Path, wanted: str | None, default: Callable[[bytes], str]) -> Signer:
    """The log key of a first ``custodes init``: its name is the log's origin.

    A key file left by an earlier, interrupted first init is kept, and its name is the origin unless
    ``wanted`` names another (then it is refused: nothing was published under it, so it may be removed).
    Otherwise a new key is made, named ``wanted`` or ``default(raw public key)``.
    """
    path = key_dir / LOG_KEY
    if path.exists():
        signer = load_key(path)
        if wanted is not None and signer.name != wanted:
            raise ConfigError(
                f"{path} signs as {signer.name!r}, but the log origin asked for is {wanted!r}; no mission is "
                f"loaded yet, so remove {path} and {key_dir / LOG_VKEY} to make a new key, or ask for "
                f"origin {signer.name!r}")
        return signer
    fresh = Signer.generate("unnamed")
    signer = fresh.renamed(check_origin(wanted if wanted is not None else default(fresh.verifier.public_key)))
    write_key(key_dir, signer)
    return signer
