"""RFC 6962/9162 known answers, and properties against a small independent reference."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.ledger.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    list_mth,
    root,
    verify_consistency,
    verify_inclusion,
)

# The Certificate Transparency test vectors (RFC 6962 reference tree of 8 leaves), as used by
# transparency-dev/merkle and the CT implementations.
LEAVES = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f"]]
ROOTS = [bytes.fromhex(h) for h in [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]]
H = bytes.fromhex
# (leaf index 0-based, tree size, proof)
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
HASHES = [leaf_hash(x) for x in LEAVES]


def test_empty_and_known_roots() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root([]) == EMPTY_ROOT
    for n in range(1, 9):
        assert root(HASHES[:n]) == ROOTS[n - 1], n


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_known_inclusion_proofs(index: int, size: int, proof: list[str]) -> None:
    want = [H(p) for p in proof]
    assert inclusion_proof(index, size, list_mth(HASHES[:size])) == want
    assert verify_inclusion(index, size, HASHES[index], want, ROOTS[size - 1])
    assert not verify_inclusion(index, size, leaf_hash(b"WrongLeaf"), want, ROOTS[size - 1])
    assert not verify_inclusion(index, size, HASHES[index], [*want, ROOTS[0]], ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_known_consistency_proofs(old: int, new: int, proof: list[str]) -> None:
    want = [H(p) for p in proof]
    assert consistency_proof(old, new, list_mth(HASHES[:new])) == want
    assert verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], want)
    if want:
        assert not verify_consistency(old, new, ROOTS[new - 1], ROOTS[old - 1], want)
        assert not verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], want[:-1])


def test_trivial_consistency_cases() -> None:
    r1, r2 = hashlib.sha256(b"1").digest(), hashlib.sha256(b"2").digest()
    assert verify_consistency(0, 0, r1, r1, [])
    assert verify_consistency(0, 5, r1, r2, [])
    assert not verify_consistency(1, 1, r1, r2, [])
    assert not verify_consistency(2, 1, r1, r2, [])
    assert not verify_consistency(1, 2, r1, r2, [])
    assert not verify_consistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])
    assert not verify_inclusion(0, 0, r1, [], EMPTY_ROOT)
    assert not verify_inclusion(2, 1, r1, [], r1)


# -- an independent reference, straight from the recursive definitions of RFC 9162 section 2.1 --------
def ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:])).digest()


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [ref_mth(d)]
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


DATA = [i.to_bytes(2, "big") for i in range(300)]
LEAF_HASHES = [leaf_hash(x) for x in DATA]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_inclusion_matches_reference_and_tampering_fails(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, 300))
    index = data.draw(st.integers(0, size - 1))
    d = DATA[:size]
    proof = inclusion_proof(index, size, list_mth(LEAF_HASHES[:size]))
    assert proof == ref_path(index, d)
    r = ref_mth(d)
    assert root(LEAF_HASHES[:size]) == r
    assert verify_inclusion(index, size, LEAF_HASHES[index], proof, r)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 1]) + bad[i][1:]
        assert not verify_inclusion(index, size, LEAF_HASHES[index], bad, r)
        assert not verify_inclusion(index, size, LEAF_HASHES[index], proof[:-1], r)
    assert not verify_inclusion(index, size, LEAF_HASHES[index], [*proof, r], r)
    other = data.draw(st.integers(0, size))
    if other != index:
        assert not verify_inclusion(other, size, LEAF_HASHES[index], proof, r) or \
            (other < size and LEAF_HASHES[other] == LEAF_HASHES[index])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_consistency_matches_reference_and_tampering_fails(data: st.DataObject) -> None:
    new = data.draw(st.integers(1, 300))
    old = data.draw(st.integers(1, new))
    proof = consistency_proof(old, new, list_mth(LEAF_HASHES[:new]))
    assert proof == (ref_subproof(old, DATA[:new], True) if old < new else [])
    r_old, r_new = ref_mth(DATA[:old]), ref_mth(DATA[:new])
    assert verify_consistency(old, new, r_old, r_new, proof)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 0x10]) + bad[i][1:]
        assert not verify_consistency(old, new, r_old, r_new, bad)
        assert not verify_consistency(old, new, r_old, r_new, proof[:-1])
        assert not verify_consistency(old, new, r_old, r_new, [*proof, r_new])
        assert not verify_consistency(old, new, ref_mth(DATA[1 : old + 1]), r_new, proof)
        assert not verify_consistency(old, new * 2, r_old, r_new, proof)
