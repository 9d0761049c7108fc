"""Journal entries and their canonical byte encoding (pure; see docs/journal.md).

An entry's public bytes are canonical JSON: UTF-8, keys sorted by code point, no insignificant
white space, no floats (a float or Decimal is written as the JSON *string* of its shortest round-trip
decimal form, so no reader can round it differently). Dates and times are ISO 8601 strings, times in
UTC with a ``Z``. Fields the profile marks sensitive are replaced by a salted SHA-256 commitment
``{"commit": "sha256:<hex>"}`` where the hash is over ``salt || canonical(value)``.

>>> encode({"b": 1, "a": [True, None, "é"]})
b'{"a":[true,null,"\\xc3\\xa9"],"b":1}'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from custodes.errors import EncodingError

__all__ = [
    "MAX_ENTRY_BYTES",
    "Commitment",
    "Entry",
    "commit",
    "encode",
    "normalise",
    "seal",
    "verify_commitment",
]

#: C2SP tlog-tiles entry bundles hold entries of at most 64 KiB - 1 bytes (a uint16 length prefix).
MAX_ENTRY_BYTES = 65535
ENTRY_VERSION = 1


def normalise(value: Any, path: str = "$") -> Any:
    """Turn a record into plain JSON values (str, int, bool, None, list, dict[str, ...])."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EncodingError(f"{path}: {value!r} is not a finite number")
        return repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EncodingError(f"{path}: {value!r} is not a finite number")
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise EncodingError(f"{path}: naive datetime {value.isoformat()}; give a time zone")
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        raise EncodingError(f"{path}: raw bytes; store the document and journal its SHA-256 instead")
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise EncodingError(f"{path}: key {k!r} is not a string")
            out[k] = normalise(v, f"{path}.{k}")
        return out
    if isinstance(value, list | tuple):
        return [normalise(v, f"{path}[{i}]") for i, v in enumerate(value)]
    raise EncodingError(f"{path}: cannot encode a {type(value).__name__}")


def encode(value: Any) -> bytes:
    """Canonical bytes of a value (normalised first)."""
    return json.dumps(
        normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Commitment:
    """A hidden field: the path it stood at, its salt (kept in the database) and the public digest."""

    path: str
    salt: bytes
    digest: str  # "sha256:<hex>"


def commit(value: Any, salt: bytes | None = None, path: str = "") -> Commitment:
    """Commit to ``value``: SHA-256(salt || canonical(value)), with a fresh 32-byte salt by default."""
    salt = secrets.token_bytes(32) if salt is None else salt
    return Commitment(path, salt, "sha256:" + hashlib.sha256(salt + encode(value)).hexdigest())


def verify_commitment(value: Any, salt: bytes, digest: str) -> bool:
    return commit(value, salt).digest == digest


@dataclass(frozen=True, slots=True)
class Entry:
    """One journal entry as it is published."""

    index: int
    kind: str
    at: dt.datetime
    actor: str
    exercise: bool
    record: Mapping[str, Any]

    def public(self) -> dict[str, Any]:
        return {
            "v": ENTRY_VERSION,
            "i": self.index,
            "kind": self.kind,
            "at": self.at,
            "by": self.actor,
            "ex": self.exercise,
            "rec": self.record,
        }

    def to_bytes(self) -> bytes:
        data = encode(self.public())
        if len(data) > MAX_ENTRY_BYTES:
            raise EncodingError(
                f"entry {self.kind} is {len(data)} bytes, over the log's {MAX_ENTRY_BYTES}-byte limit; "
                "store large documents by content hash"
            )
        return data


def _split(path: str) -> list[str]:
    return [p for p in path.split(".") if p]


def seal(
    record: Mapping[str, Any], sensitive: Iterable[str], salts: Mapping[str, bytes] | None = None
) -> tuple[dict[str, Any], list[Commitment]]:
    """Replace each sensitive dotted path present in ``record`` by its commitment.

    Returns the public record and the commitments (whose salts must be stored privately).
    ``salts`` re-derives a sealed record from known salts (used by audits against the database).

    >>> public, cs = seal({"who": "Amal", "n": 1}, ["who"], {"who": bytes(32)})
    >>> public["who"] == {"commit": cs[0].digest} and public["n"] == 1
    True
    """
    public: dict[str, Any] = normalise(record)
    commitments: list[Commitment] = []
    for path in sorted(set(sensitive)):
        parts = _split(path)
        node: Any = public
        for p in parts[:-1]:
            node = node.get(p) if isinstance(node, dict) else None
        if not isinstance(node, dict) or parts[-1] not in node or node[parts[-1]] is None:
            continue
        c = commit(node[parts[-1]], None if salts is None else salts.get(path), path)
        node[parts[-1]] = {"commit": c.digest}
        commitments.append(c)
    return public, commitments
