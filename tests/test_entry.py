"""Canonical encoding and commitments of journal entries."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.errors import EncodingError
from custodes.ledger.entry import MAX_ENTRY_BYTES, Entry, commit, encode, seal, verify_commitment

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_encoding_is_deterministic_and_round_trips(value: Any) -> None:
    data = encode(value)
    assert json.loads(data) == value
    assert encode(json.loads(data)) == data


@given(st.dictionaries(st.text(), st.integers(), max_size=8))
def test_key_order_does_not_matter(d: dict[str, int]) -> None:
    assert encode(dict(reversed(list(d.items())))) == encode(d)


def test_numbers_times_and_refusals() -> None:
    assert encode({"x": 0.1, "d": Decimal("1.50"), "n": Decimal("10")}) == b'{"d":"1.5","n":"10","x":"0.1"}'
    gaza = dt.timezone(dt.timedelta(hours=2))
    assert encode(dt.datetime(2025, 11, 17, 15, 0, tzinfo=gaza)) == b'"2025-11-17T13:00:00Z"'
    assert encode(dt.date(2027, 12, 31)) == b'"2027-12-31"'
    for bad in (float("nan"), b"raw", dt.datetime(2025, 1, 1), {1: "int key"}, object()):
        with pytest.raises(EncodingError):
            encode(bad)


def test_commitments_hide_and_verify() -> None:
    c = commit("CANARY", bytes(32))
    assert verify_commitment("CANARY", bytes(32), c.digest)
    assert not verify_commitment("CANARY ", bytes(32), c.digest)
    assert commit("CANARY").digest != commit("CANARY").digest  # fresh salts
    public, cs = seal({"a": {"who": "CANARY"}, "b": None}, ["a.who", "b", "missing.path"])
    assert "CANARY" not in json.dumps(public) and [c.path for c in cs] == ["a.who"]
    again, _ = seal({"a": {"who": "CANARY"}, "b": None}, ["a.who"], {"a.who": cs[0].salt})
    assert again == public


def test_entry_size_limit() -> None:
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Entry(0, "k", at, "me", False, {"x": "a" * 60000}).to_bytes()
    with pytest.raises(EncodingError, match="content hash"):
        Entry(0, "k", at, "me", False, {"x": "a" * MAX_ENTRY_BYTES}).to_bytes()
