"""The one-pass encoder (normalise once, orjson) writes exactly the bytes the original two-pass path wrote.

The reference below is the original encoder, kept here unchanged: normalise the whole entry (the record
was already normalised by ``seal``), then ``json.dumps`` with sorted keys. The golden digests were taken
from the original code (main at 63d5cb5) for the sample entries below, with a fixed salt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import OrderedDict
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum, IntEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.errors import EncodingError
from custodes.ledger import entry as entry_module
from custodes.ledger.entry import Entry, encode, normalise, plain, seal, seal_allowlist, sealed_entry


def reference_normalise(value: Any) -> Any:
    """The original ``normalise`` (without its error paths, which are tested apart)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        assert math.isfinite(value)
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: reference_normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reference_normalise(v) for v in value]
    raise AssertionError(type(value))


def reference_encode(value: Any) -> bytes:
    return json.dumps(reference_normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def reference_entry(index: int, kind: str, at: dt.datetime, actor: str, exercise: bool, public: Any,
                    version: int = 1) -> bytes:
    """The original path's second pass: the whole entry normalised and encoded again."""
    return reference_encode({"v": version, "i": index, "kind": kind, "at": at, "by": actor, "ex": exercise,
                             "rec": public})


def all_but(record: Mapping[str, Any], sensitive: list[str], prefix: str = "") -> dict[str, Any]:
    """The allowlist that publishes everything in ``record`` except the ``sensitive`` paths (the version 1 rule),
    so that a version 2 entry can be compared with the version 1 bytes."""
    tree: dict[str, Any] = {}
    for k, v in record.items():
        path = prefix + k
        if path in sensitive:
            continue
        inner = [p for p in sensitive if p.startswith(path + ".")]
        tree[k] = all_but(v, sensitive, path + ".") if inner and isinstance(v, Mapping) else True
    return tree


class Colour(str, Enum):  # noqa: UP042 - a mixed-in str enum on purpose (str() differs from StrEnum)
    RED = "red"


class Level(IntEnum):
    HIGH = 3


GAZA = dt.timezone(dt.timedelta(hours=2))
AT = dt.datetime(2026, 11, 27, 10, 0, 0, 118530, tzinfo=dt.UTC)
SALT = bytes(range(32))

SAMPLES: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    ("mission.profile_loaded", {"profile": "unsc-2803-gaza", "name": {"en": "Gaza", "ar": "غزة"},
                                "digest": "sha256:" + "ab" * 32}, ()),
    ("aid.crossing", {"crossing": "kerem-shalom", "trucks": 312, "tonnes": 4123.5, "open": True, "closed_reason": None,
                      "on": dt.date(2026, 3, 1), "at": dt.datetime(2026, 3, 1, 8, 30, tzinfo=GAZA)}, ()),
    ("incidents.reported", {"reporter": {"name": "Amal", "phone": "+970 59 000 0000"},
                            "location_exact": [34.4667, 31.5], "zone": "PS0255", "count": Decimal("1.50"),
                            "n": Decimal("10"), "big": 2**80, "neg": -2**70,
                            "tiny": 5e-324, "huge": 1e300, "e16": 1e16, "negz": -0.0}, ("reporter", "location_exact")),
    ("disarmament.collected", {"weapon": 7, "mark": "ISF-U0000007",
                               "witnesses": ({"party": "ISF", "role": "officer"}, ("a", 1)),
                               "colour": Colour.RED, "level": Level.HIGH, "od": OrderedDict([("z", 1), ("a", 2)])}, ()),
    ("text.edge", {"ctl": "".join(chr(c) for c in range(32)) + "\x7f\u2028\u2029\"\\/", "astral": "\U0001F600𝔸",
                   "keys": {"é": 1, "e": 2, "\U0001F600": 3, "\uffff": 4, "": 5, "Z": 6, "a": 7}},
     ("keys.é", "missing.x")),
    ("nested.sensitive", {"a": {"b": {"c": {"d": "secret", "e": 1.25}}}, "list": [[], {}, [None, False]]},
     ("a.b.c.d", "a.b")),
]

#: (length, SHA-256) of each sample's bytes, written by the original code
GOLDEN = [
    (255, "69cb033fff4bdc6b8afde98be2cdc3b5f2966fe322fa1dc715f9a7963e698379"),
    (235, "9aeea8a4565bc633f459238304c66a6d4ff0e2eac8bf65c2a2c5576037a480e1"),
    (465, "8d7296555042a18df54ee275051baff5b9668d21d09ee37ff65b8de179f1879b"),
    (240, "3a7d6ef72fa0b5a47eb4c064c2c036f59d456a934a2949d8083a369cf67d1290"),
    (449, "1285b115e1d839cd3c0d5c36ab9218ad0abf123a1bc17c4ea68e86fe10125a71"),
    (226, "ebaba1debd439870d050b23e89cccbd0f173db02b90ed5c89dbb37fd104701c8"),
]


def test_sample_entries_keep_their_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entry_module.secrets, "token_bytes", lambda n: SALT[:n])
    for i, ((kind, record, sensitive), (length, digest)) in enumerate(zip(SAMPLES, GOLDEN, strict=True)):
        new, _ = sealed_entry(i, kind, AT, "cli", i % 2 == 1, record, all_but(record, list(sensitive)))
        public, _ = seal(record, sensitive, {p: SALT for p in sensitive})
        old = reference_entry(i, kind, AT, "cli", i % 2 == 1, public)
        assert (len(old), hashlib.sha256(old).hexdigest()) == (length, digest)
        v2 = reference_entry(i, kind, AT, "cli", i % 2 == 1, public, version=2)
        assert new.to_bytes() == v2 == Entry(i, kind, AT, "cli", i % 2 == 1, public).to_bytes()
        assert new == Entry(i, kind, AT, "cli", i % 2 == 1, public)  # the cached bytes do not change equality
    assert b'"e16":"1e+16"' in sealed_entry(0, "k", AT, "me", False, SAMPLES[2][1], True)[0].to_bytes()


scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-2**70, max_value=2**70)
           | st.text() | st.floats(allow_nan=False, allow_infinity=False)
           | st.decimals(allow_nan=False, allow_infinity=False)
           | st.dates() | st.datetimes(timezones=st.timezones()) | st.sampled_from([Colour.RED, Level.HIGH]))
values = st.recursive(
    scalars,
    lambda children: (st.lists(children, max_size=4) | st.tuples(children, children)
                      | st.dictionaries(st.text(), children, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_encoding_equals_the_original(value: Any) -> None:
    assert encode(value) == reference_encode(value)
    assert plain(value) == normalise(value)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), values, max_size=6), st.integers(min_value=0, max_value=2**40), st.text(),
       st.datetimes(timezones=st.timezones()), st.text(), st.booleans())
def test_entries_equal_the_original_two_pass_bytes(record: dict[str, Any], index: int, kind: str,
                                                   at: dt.datetime, actor: str, exercise: bool) -> None:
    sensitive = [k for k in sorted(record) if k and "." not in k][:1]  # a dotted path names a nested field
    tree = all_but(record, sensitive)
    entry, commitments = sealed_entry(index, kind, at, actor, exercise, record, tree)
    public, again = seal_allowlist(record, tree, {c.path: c.salt for c in commitments})
    assert [c.digest for c in again] == [c.digest for c in commitments]
    assert entry.to_bytes() == reference_entry(index, kind, at, actor, exercise, public, version=2)


def test_every_code_point_as_text_and_as_key() -> None:
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert encode(text) == reference_encode(text)
    keys = {chr(c): c for c in range(0, 0x110000, 97) if not 0xD800 <= c <= 0xDFFF}
    assert encode(keys) == reference_encode(keys)


class Key(str):
    pass


def test_what_orjson_refuses_is_encoded_by_the_standard_library() -> None:
    for value in ({"big": 2**64, "small": -2**63 - 1}, {Key("b"): 1, "a": Key("x")}, [[[[]]]] * 3):
        assert encode(value) == reference_encode(value)
    deep: Any = "x"
    for _ in range(300):  # deeper than orjson's limit
        deep = [deep]
    assert encode(deep) == reference_encode(deep)


def test_refusals_name_the_path() -> None:
    with pytest.raises(EncodingError, match=r"\$\.a\[1\]: nan is not a finite number"):
        encode({"a": [1, float("nan")]})
    with pytest.raises(EncodingError, match=r"\$\.a\.b: naive datetime"):
        sealed_entry(0, "k", AT, "me", False, {"a": {"b": dt.datetime(2026, 1, 1)}}, True)
    with pytest.raises(EncodingError, match=r"\$\.x: key 1 is not a string"):
        encode({"x": {1: "a"}})
    with pytest.raises(EncodingError, match="lone surrogate"):
        sealed_entry(0, "k", AT, "me", False, {"a": "\ud800"}, True)
    with pytest.raises(EncodingError, match="content hash"):
        sealed_entry(0, "k", AT, "me", False, {"x": "a" * 70000}, True)


def test_a_replaced_entry_is_encoded_afresh() -> None:
    import dataclasses

    entry, _ = sealed_entry(3, "k", AT, "me", False, {"a": 1}, True)
    moved = dataclasses.replace(entry, index=4)
    assert moved.encoded is None and b'"i":4' in moved.to_bytes() and b'"i":3' in entry.to_bytes()
