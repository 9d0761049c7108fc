"""A log's origin: the first line of its checkpoints and the name of its signing key, one per deployment.

C2SP tlog-checkpoint asks for "a schema-less URL containing neither Unicode spaces nor plus (U+002B)"
that names one log only; C2SP signed-note asks the key name to be non-empty UTF-8 without spaces or
'+'. Two deployments under the same origin look to a verifier like one log whose history was rewritten,
so without a configured origin the first ``custodes init`` derives a unique one from the host name and
the SHA-256 of the raw Ed25519 public key (not the key id, which is itself computed from the origin).

>>> default_origin("Ops-1.Example.ORG", bytes(32))
'ops-1.example.org/custodes/66687aadf862bd77'
>>> check_origin("https://example.org/log")
Traceback (most recent call last):
...
custodes.errors.ConfigError: log origin 'https://example.org/log': a schema-less URL is expected (example.org/log, not https://example.org/log)
"""

from __future__ import annotations

import hashlib
import re

from custodes.errors import ConfigError

__all__ = ["MAX_ORIGIN", "check_origin", "default_origin", "host_label", "refuse_other_origin"]

#: the ``mission.log_origin`` column's width
MAX_ORIGIN = 200
_HOST = re.compile(r"[^a-z0-9.-]+")


def check_origin(origin: str) -> str:
    """Return ``origin`` if it may name a log; otherwise a ConfigError saying what to change."""
    where = f"log origin {origin[:80]!r}"
    if not origin:
        raise ConfigError("log origin: empty; give a schema-less URL such as mission.example.org/custodes")
    if any(c.isspace() for c in origin) or "+" in origin:
        raise ConfigError(f"{where}: must contain no spaces and no '+' (C2SP signed-note key names)")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in origin):
        raise ConfigError(f"{where}: holds a control character")
    if "://" in origin:
        raise ConfigError(f"{where}: a schema-less URL is expected "
                          f"({origin.split('://', 1)[1]}, not {origin})")
    if len(origin) > MAX_ORIGIN:
        raise ConfigError(f"{where}: longer than {MAX_ORIGIN} characters")
    return origin


def host_label(hostname: str) -> str:
    """A host name reduced to lower-case letters, digits, dots and dashes ('localhost' if nothing is left).

    >>> host_label("My Laptop.local"), host_label("")
    ('my-laptop.local', 'localhost')
    """
    label = _HOST.sub("-", hostname.strip().lower()).strip(".-")
    return label[:100] or "localhost"


def default_origin(hostname: str, public_key: bytes) -> str:
    """``<host>/custodes/<first 16 hex digits of SHA-256(raw public key)>``: unique per key."""
    return f"{host_label(hostname)}/custodes/{hashlib.sha256(public_key).hexdigest()[:16]}"


def refuse_other_origin(stored: str, requested: str | None) -> None:
    """Refuse a configured origin other than the one stored at the first init (the stored one wins).

    >>> refuse_other_origin("a.example/log", None); refuse_other_origin("a.example/log", "a.example/log")
    """
    if requested is not None and requested != stored:
        raise ConfigError(
            f"this mission's log origin is {stored!r}, stored at its first `custodes init`; it cannot change to "
            f"{requested!r} (another origin is another log): drop --origin or CUSTODES_LOG_ORIGIN, or set it to "
            f"{stored!r}; a new origin needs a new data directory")
