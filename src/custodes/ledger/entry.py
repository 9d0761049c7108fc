"""Journal entries and their canonical byte encoding (pure; see docs/journal.md).

An entry's public bytes are canonical JSON: UTF-8, keys sorted by code point, no insignificant
white space, no floats (a float or Decimal is written as the JSON *string* of its shortest round-trip
decimal form, so no reader can round it differently). Dates and times are ISO 8601 strings, times in
UTC with a ``Z``. Since entry version 2 a record publishes only the fields its kind declares public
(:mod:`custodes.ledger.disclosure`); every other field is replaced by a salted SHA-256 commitment
``{"commit": "sha256:<hex>"}`` where the hash is over ``salt || canonical(value)``. Version 1 entries sealed
only the fields the profile listed as sensitive (:func:`seal`); they still verify and still read.

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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson

from custodes.errors import EncodingError

__all__ = [
    "MAX_ENTRY_BYTES",
    "Commitment",
    "Entry",
    "commit",
    "encode",
    "normalise",
    "plain",
    "seal",
    "seal_allowlist",
    "sealed_entry",
    "verify_commitment",
]

#: C2SP tlog-tiles entry bundles hold entries of at most 64 KiB - 1 bytes (a uint16 length prefix).
MAX_ENTRY_BYTES = 65535
ENTRY_VERSION = 2
#: what a kind publishes: a compiled allowlist (:func:`custodes.ledger.disclosure.public_tree`), or True for all
PublicTree = Mapping[str, Any] | bool


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


_SCALARS = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> Any:
    """:func:`normalise` without error paths, fast for the exact built-in types; anything else (subclasses,
    Decimal, other mappings, refusals) goes to :func:`normalise` itself, so the result is always the same."""
    t = type(value)
    if t in _SCALARS:
        return value
    if t is dict:
        out: dict[str, Any] = {}
        for k, v in value.items():
            if type(k) is not str:
                return normalise(value)
            out[k] = v if type(v) in _SCALARS else _plain(v)
        return out
    if t is list or t is tuple:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if t is dt.datetime and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if t is dt.date:
        return value.isoformat()
    if t is float and math.isfinite(value):
        return repr(value)
    return normalise(value)


def plain(value: Any) -> Any:
    """:func:`normalise`, faster: one pass, and a refusal names its path as :func:`normalise` does."""
    try:
        return _plain(value)
    except EncodingError:
        return normalise(value)  # raises again, naming the path from the top
    except RecursionError:
        raise EncodingError("$: nested too deeply to encode; flatten the record") from None


#: orjson writes exactly what ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
#: writes for plain values (keys sorted by code point, which is UTF-8 byte order; the same string escapes);
#: anything it would write differently is passed to ``_refuse`` (subclasses) or refused (integers beyond
#: 64 bits, lone surrogates, deep nesting), and then the standard library encodes it (tests/test_entry_bytes.py)
_ORJSON_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATETIME
                   | orjson.OPT_PASSTHROUGH_DATACLASS)


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def _dump(plain_value: Any) -> bytes:
    """Canonical bytes of an already normalised value."""
    try:
        return orjson.dumps(plain_value, default=_refuse, option=_ORJSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError: what orjson refuses (big integers, deep nesting...) goes to json
        return _dump_json(plain_value)


def _dump_json(plain_value: Any) -> bytes:
    """The same canonical bytes through the json module, for values orjson refuses."""
    text = json.dumps(plain_value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EncodingError(f"$: text holds a lone surrogate ({exc.object[exc.start:exc.end]!r}), "
                            "which is not valid Unicode; fix the text's encoding") from None


def encode(value: Any) -> bytes:
    """Canonical bytes of a value (normalised first)."""
    return _dump(plain(value))


@dataclass(frozen=True, slots=True)
class Commitment:
    """A hidden field: the path it stood at, its salt (kept in the database), the public digest, and the
    value's canonical bytes (kept in the database beside the salt, never published until revealed)."""

    path: str
    salt: bytes
    digest: str  # "sha256:<hex>"
    clear: bytes = field(default=b"", repr=False)


def commit(value: Any, salt: bytes | None = None, path: str = "") -> Commitment:
    """Commit to ``value``: SHA-256(salt || canonical(value)), with a fresh 32-byte salt by default."""
    salt = secrets.token_bytes(32) if salt is None else salt
    data = encode(value)
    return Commitment(path, salt, "sha256:" + hashlib.sha256(salt + data).hexdigest(), data)


def verify_commitment(value: Any, salt: bytes, digest: str) -> bool:
    return commit(value, salt).digest == digest


@dataclass(frozen=True, slots=True)
class Entry:
    """One journal entry as it is published.

    ``encoded`` holds the entry's public bytes when :func:`sealed_entry` (the sequencer) made it, so that
    :meth:`to_bytes` does not encode it a second time; it is not an ``__init__`` argument.
    """

    index: int
    kind: str
    at: dt.datetime
    actor: str
    exercise: bool
    record: Mapping[str, Any]
    encoded: bytes | None = field(default=None, init=False, repr=False, compare=False)

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
        if self.encoded is not None:
            return self.encoded
        return _limited(self.kind, encode(self.public()))


#: the last entry time written, and its text: a unit of work gives all its entries the same time
_last_time: tuple[Any, Any] = (None, None)


def _time(at: Any) -> Any:
    global _last_time
    last = _last_time
    if at is last[0]:
        return last[1]
    text = plain(at)
    _last_time = (at, text)
    return text


def _limited(kind: str, data: bytes) -> bytes:
    if len(data) > MAX_ENTRY_BYTES:
        raise EncodingError(
            f"entry {kind} is {len(data)} bytes, over the log's {MAX_ENTRY_BYTES}-byte limit; "
            "store large documents by content hash"
        )
    return data


def sealed_entry(
    index: int,
    kind: str,
    at: dt.datetime,
    actor: str,
    exercise: bool,
    record: Mapping[str, Any],
    public: PublicTree,
) -> tuple[Entry, list[Commitment]]:
    """The entry for ``record`` publishing only ``public`` (the rest sealed), encoded once (the sequencer's path).

    Same bytes as ``Entry(index, kind, at, actor, exercise, seal_allowlist(record, public)[0]).to_bytes()``:
    the record is normalised once and the envelope around it is added without normalising it a second time.
    """
    sealed, commitments = seal_allowlist(record, public)
    envelope = {"v": ENTRY_VERSION, "i": index if type(index) is int else plain(index),
                "kind": kind if type(kind) is str else plain(kind), "at": _time(at),
                "by": actor if type(actor) is str else plain(actor),
                "ex": exercise if type(exercise) is bool else plain(exercise), "rec": sealed}
    entry = Entry(index, kind, at, actor, exercise, sealed)
    # set after construction (not an init field), so dataclasses.replace() never carries stale bytes over
    object.__setattr__(entry, "encoded", _limited(kind, _dump(envelope)))
    return entry, commitments


def seal_allowlist(record: Mapping[str, Any], public: PublicTree,
                   salts: Mapping[str, bytes] | None = None) -> tuple[dict[str, Any], list[Commitment]]:
    """Keep the paths of ``public`` in clear and replace every other field by its commitment (version 2).

    A sealed field that is empty is sealed all the same. ``salts`` re-derives a sealed record from known salts.

    >>> from custodes.ledger.disclosure import public_tree
    >>> rec, cs = seal_allowlist({"id": 1, "who": "Amal", "gone": None}, public_tree(["id"]))
    >>> rec["id"], sorted(c.path for c in cs), "Amal" in str(rec)
    (1, ['gone', 'who'], False)
    """
    clear: dict[str, Any] = plain(record)
    if public is True:
        return clear, []
    commitments: list[Commitment] = []

    def walk(value: Any, tree: Any, path: str) -> Any:
        if tree is True:
            return value
        if tree is not None and tree is not False:
            if type(value) is dict:
                return {k: walk(v, tree.get(k), f"{path}.{k}" if path else k) for k, v in value.items()}
            if type(value) is list and "[]" in tree:
                return [walk(v, tree["[]"], f"{path}.{i}") for i, v in enumerate(value)]
        c = commit(value, None if salts is None else salts.get(path), path)
        commitments.append(c)
        return {"commit": c.digest}

    sealed = {k: walk(v, public.get(k) if public else None, k) for k, v in clear.items()}
    return sealed, commitments


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
    public: dict[str, Any] = plain(record)
    commitments: list[Commitment] = []
    if not sensitive:
        return public, commitments
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
