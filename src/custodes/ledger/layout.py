"""C2SP tlog-tiles paths, tile maths and entry bundles (pure).

A tile holds up to 256 consecutive hashes of one tree level: level-0 tiles hold leaf hashes, a hash in a
level-L tile (L >= 1) is the root of a full tile at level L-1, so tile level L holds tree nodes of
height 8 L. The rightmost tiles of a tree are partial (1..255 hashes) and are named ``.p/<width>``.

>>> tile_path(0, 1234)
'tile/0/x001/234'
>>> tile_path(0, 1234067)
'tile/0/x001/x234/067'
>>> [tile_path(t.level, t.index, t.width) for t in partial_tiles(70000)]
['tile/0/273.p/112', 'tile/1/001.p/17', 'tile/2/000.p/1']
>>> decode_bundle(encode_bundle([b"a", b""]))
[b'a', b'']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from custodes.errors import IntegrityError
from custodes.ledger.merkle import EMPTY_ROOT, HASH_SIZE, node_hash, perfect_root

__all__ = [
    "CHECKPOINT_PATH",
    "TILE_HEIGHT",
    "TILE_WIDTH",
    "TileRef",
    "decode_bundle",
    "edge_root",
    "encode_bundle",
    "encode_index",
    "entries_path",
    "level_width",
    "partial_tiles",
    "split_hashes",
    "tile_path",
    "tiles_for_size",
]

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
CHECKPOINT_PATH = "checkpoint"
MAX_ENTRY = 0xFFFF


@dataclass(frozen=True, slots=True)
class TileRef:
    """One tile of a tree of a given size: its level (-1 for the entry bundle), index and width."""

    level: int
    index: int
    width: int

    @property
    def full(self) -> bool:
        return self.width == TILE_WIDTH

    @property
    def path(self) -> str:
        if self.level < 0:
            return entries_path(self.index, self.width)
        return tile_path(self.level, self.index, self.width)


def encode_index(n: int) -> str:
    """A tile index as zero-padded 3-digit path elements, all but the last prefixed with ``x``."""
    if n < 0:
        raise ValueError(f"tile index {n} is negative")
    parts = [f"{n % 1000:03d}"]
    n //= 1000
    while n:
        parts.append(f"x{n % 1000:03d}")
        n //= 1000
    return "/".join(reversed(parts))


def _suffix(width: int) -> str:
    if not 1 <= width <= TILE_WIDTH:
        raise ValueError(f"tile width {width} is outside 1..{TILE_WIDTH}")
    return "" if width == TILE_WIDTH else f".p/{width}"


def tile_path(level: int, index: int, width: int = TILE_WIDTH) -> str:
    """``tile/<L>/<N>[.p/<W>]``."""
    if not 0 <= level <= 63:
        raise ValueError(f"tile level {level} is outside 0..63")
    return f"tile/{level}/{encode_index(index)}{_suffix(width)}"


def entries_path(index: int, width: int = TILE_WIDTH) -> str:
    """``tile/entries/<N>[.p/<W>]``."""
    return f"tile/entries/{encode_index(index)}{_suffix(width)}"


def level_width(size: int, level: int) -> int:
    """How many hashes tile level ``level`` holds in a tree of ``size`` leaves."""
    return size >> (TILE_HEIGHT * level)


def partial_tiles(size: int) -> list[TileRef]:
    """The partial tiles of a tree, lowest level first (none where a level divides evenly)."""
    out = []
    level = 0
    while (count := level_width(size, level)) > 0:
        if count % TILE_WIDTH:
            out.append(TileRef(level, count // TILE_WIDTH, count % TILE_WIDTH))
        level += 1
    return out


def tiles_for_size(size: int, level: int) -> Iterator[TileRef]:
    """Every tile of one level (``-1`` for entry bundles) in a tree of ``size`` leaves, full ones first."""
    count = level_width(size, max(level, 0))
    full, rest = divmod(count, TILE_WIDTH)
    for n in range(full):
        yield TileRef(level, n, TILE_WIDTH)
    if rest:
        yield TileRef(level, full, rest)


def split_hashes(data: bytes, width: int | None = None, where: str = "tile") -> list[bytes]:
    """The hashes of a tile's bytes; ``width`` checks the count."""
    if len(data) % HASH_SIZE:
        raise IntegrityError(f"{where}: {len(data)} bytes is not a whole number of 32-byte hashes")
    hashes = [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]
    if width is not None and len(hashes) != width:
        raise IntegrityError(f"{where}: holds {len(hashes)} hashes, expected {width}")
    return hashes


def encode_bundle(entries: Sequence[bytes]) -> bytes:
    """Entries as big-endian uint16 length + bytes, one after another."""
    if entries and (longest := max(map(len, entries))) > MAX_ENTRY:
        raise ValueError(f"an entry of {longest} bytes does not fit an entry bundle (at most {MAX_ENTRY})")
    return b"".join([len(e).to_bytes(2, "big") + e for e in entries])


def decode_bundle(data: bytes, width: int | None = None, where: str = "bundle") -> list[bytes]:
    """The entries of a bundle; a truncated bundle or a wrong count (``width``) is an error."""
    out: list[bytes] = []
    pos, end = 0, len(data)
    while pos < end:
        if pos + 2 > end:
            raise IntegrityError(f"{where}: truncated length prefix at byte {pos}")
        n = int.from_bytes(data[pos : pos + 2], "big")
        if pos + 2 + n > end:
            raise IntegrityError(f"{where}: entry {len(out)} runs past the end of the bundle")
        out.append(data[pos + 2 : pos + 2 + n])
        pos += 2 + n
    if width is not None and len(out) != width:
        raise IntegrityError(f"{where}: holds {len(out)} entries, expected {width}")
    return out


def edge_root(levels: Sequence[Sequence[bytes]]) -> bytes:
    """A tree's root from its right edge: the hashes of the partial tile at each level, lowest first."""
    subtrees: list[bytes] = []
    for row in reversed(levels):  # the highest level's subtrees are the leftmost
        pos, width = 0, len(row)
        for bit in range(TILE_HEIGHT, -1, -1):
            if width & (1 << bit):
                subtrees.append(perfect_root(row[pos : pos + (1 << bit)]))
                pos += 1 << bit
    if not subtrees:
        return EMPTY_ROOT
    node = subtrees[-1]
    for left in reversed(subtrees[:-1]):
        node = node_hash(left, node)
    return node
