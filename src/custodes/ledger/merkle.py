"""RFC 9162 Merkle tree hashing, roots, inclusion and consistency proofs (pure; section 2.1).

Leaves hash as SHA-256(0x00 || entry), interior nodes as SHA-256(0x01 || left || right). Proofs are
built from any ``mth(start, end)`` function giving the Merkle Tree Hash of the leaves ``start..end-1``,
so the same code serves an in-memory list of leaf hashes and a tiled log on disk or on the web.

>>> leaves = [leaf_hash(bytes([i])) for i in range(5)]
>>> proof = inclusion_proof(3, 5, list_mth(leaves))
>>> verify_inclusion(3, 5, leaves[3], proof, root(leaves))
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Mth",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "list_mth",
    "node_hash",
    "perfect_root",
    "root",
    "split_point",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
#: the Merkle Tree Hash of an empty tree: SHA-256 of the empty string
EMPTY_ROOT = hashlib.sha256(b"").digest()

Mth = Callable[[int, int], bytes]

_sha256 = hashlib.sha256


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 || entry)."""
    return _sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of a whole list of leaf hashes (a compact range folded right to left)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    stack: list[tuple[int, bytes]] = []  # (height, hash) of perfect subtrees, left to right
    for h in leaf_hashes:
        height, node = 0, h
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
    node = stack[-1][1]
    for _, left in reversed(stack[:-1]):
        node = node_hash(left, node)
    return node


def perfect_root(hashes: Sequence[bytes]) -> bytes:
    """The root over a power-of-two count of hashes, pairwise."""
    row = list(hashes)
    sha = _sha256
    while len(row) > 1:
        row = [sha(b"\x01" + row[i] + row[i + 1]).digest() for i in range(0, len(row), 2)]
    return row[0]


def list_mth(leaf_hashes: Sequence[bytes]) -> Mth:
    """An ``mth`` over an in-memory list of leaf hashes (memoised on perfect subtrees)."""
    memo: dict[tuple[int, int], bytes] = {}

    def mth(start: int, end: int) -> bytes:
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n == 1:
            return leaf_hashes[start]
        key = (start, end)
        if key in memo:
            return memo[key]
        k = split_point(n)
        value = node_hash(mth(start, start + k), mth(start + k, end))
        if n & (n - 1) == 0:
            memo[key] = value
        return value

    return mth


def inclusion_proof(index: int, size: int, mth: Mth) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1, leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"index {index} is outside a tree of size {size}")
    path: list[bytes] = []
    start, n, m = 0, size, index
    while n > 1:
        k = 1 << ((n - 1).bit_length() - 1)  # split_point(n), inlined: proofs are on the hot path
        if m < k:
            path.append(mth(start + k, start + n))
            n = k
        else:
            path.append(mth(start, start + k))
            start, n, m = start + k, n - k, m - k
    path.reverse()
    return path


def consistency_proof(old: int, new: int, mth: Mth) -> list[bytes]:
    """PROOF(old, D[0:new]) of RFC 9162 section 2.1.4.1 (empty when old is 0 or equals new)."""
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    if old == 0 or old == new:
        return []
    proof: list[bytes] = []
    start, n, m, complete = 0, new, old, True
    while m != n:
        k = split_point(n)
        if m <= k:
            proof.append(mth(start + k, start + n))
            n = k
        else:
            proof.append(mth(start, start + k))
            start, n, m, complete = start + k, n - k, m - k, False
    if not complete:
        proof.append(mth(start, start + n))
    proof.reverse()
    return proof


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """RFC 9162 section 2.1.3.2: does ``proof`` put ``leaf`` at ``index`` in the tree ``root_hash``?"""
    if not 0 <= index < size or any(len(p) != HASH_SIZE for p in proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2: is the tree (new, new_root) an append-only extension of (old, old_root)?"""
    if not 0 <= old <= new or any(len(p) != HASH_SIZE for p in proof):
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
