"""Reading a tiled log through a fetch function: subtree hashes, proofs and entries from its tiles.

``fetch(path) -> bytes`` reads one published path (``checkpoint``, ``tile/0/000``...) from a directory
or a web server; a missing path raises ``FileNotFoundError``. Only I/O through ``fetch``; no database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from custodes.errors import FetchError, IntegrityError
from custodes.ledger.layout import (
    TILE_HEIGHT,
    TILE_WIDTH,
    decode_bundle,
    entries_path,
    level_width,
    split_hashes,
    tile_path,
)
from custodes.ledger.merkle import EMPTY_ROOT, consistency_proof, inclusion_proof, node_hash

__all__ = ["Fetch", "TileReader", "dir_fetch", "max_size", "url_fetch"]

Fetch = Callable[[str], bytes]


def dir_fetch(root: Path) -> Fetch:
    """Read published paths from a directory."""

    def fetch(path: str) -> bytes:
        return (root / path).read_bytes()

    return fetch


#: the most bytes read for a published path: a checkpoint (with cosignatures), a hash tile (256 hashes),
#: an entry bundle (256 entries of at most 65,535 bytes, each with its 2-byte length), anything else
MAX_CHECKPOINT = 16 * 1024
MAX_HASH_TILE = 256 * 32
MAX_ENTRY_BUNDLE = 256 * (65_535 + 2)
MAX_OTHER = 1024 * 1024
MAX_REDIRECTS = 5


def max_size(path: str) -> int:
    """The size cap of a published path (see the MAX_* constants)."""
    if path == "checkpoint" or path.endswith("/checkpoint"):
        return MAX_CHECKPOINT
    if path.startswith("tile/entries/"):
        return MAX_ENTRY_BUNDLE
    if path.startswith("tile/"):
        return MAX_HASH_TILE
    return MAX_OTHER


def url_fetch(base: str, *, timeout: float = 30.0, transport: Any = None) -> tuple[Fetch, Callable[[], None]]:
    """Read published paths over HTTP(S) with httpx; returns the fetch function and a close function.

    Redirects are followed only within the base URL's origin (scheme, host and port), at most
    :data:`MAX_REDIRECTS`; each answer is read up to its path's cap (:func:`max_size`) and no further;
    each request times out. Every network, HTTP and size failure is a one-line :class:`FetchError`; a
    404 is ``FileNotFoundError`` (a missing path).
    """
    import httpx

    root = base.rstrip("/") + "/"
    try:
        client = httpx.Client(base_url=root, timeout=httpx.Timeout(timeout), follow_redirects=False,
                              transport=transport)
        origin = _origin(httpx.URL(root))
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
        raise FetchError(f"{base}: not a usable URL ({exc})") from None

    def fetch(path: str) -> bytes:
        url = client.base_url.join(path)
        cap = max_size(path)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as r:
                    if r.is_redirect:
                        target = url.join(r.headers.get("location", ""))
                        if _origin(target) != origin:
                            raise FetchError(f"{url}: redirected to another origin ({target}); not followed")
                        url = target
                        continue
                    if r.status_code == 404:
                        raise FileNotFoundError(f"{url}: not found")
                    if r.status_code != 200:
                        raise FetchError(f"{url}: HTTP {r.status_code} {r.reason_phrase}".rstrip())
                    declared = r.headers.get("content-length")
                    if declared is not None and declared.isdigit() and int(declared) > cap:
                        raise FetchError(f"{url}: the answer has {declared} bytes; at most {cap} expected")
                    data = bytearray()
                    for chunk in r.iter_bytes():
                        data += chunk
                        if len(data) > cap:
                            raise FetchError(f"{url}: the answer is over {cap} bytes, the most expected; "
                                             "reading stopped")
                    return bytes(data)
            raise FetchError(f"{base}{path}: more than {MAX_REDIRECTS} redirects")
        except httpx.TimeoutException:
            raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'failed'}"
                             ) from None

    return fetch, client.close


def _origin(url: Any) -> tuple[str, str, int | None]:
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, port)


class TileReader:
    """The tree of ``size`` leaves as published in tiles; tiles are read once and kept."""

    def __init__(self, fetch: Fetch, size: int) -> None:
        self.fetch = fetch
        self.size = size
        # (tile level, tile index) -> the tile's hashes at each of its 9 heights (0 = the tile's own)
        self._tiles: dict[tuple[int, int], list[list[bytes]]] = {}
        self._ranges: dict[tuple[int, int], bytes] = {}  # hashes of ranges that are not perfect subtrees

    def _tile(self, level: int, index: int) -> list[list[bytes]]:
        key = (level, index)
        cached = self._tiles.get(key)
        if cached is not None:
            return cached
        count = level_width(self.size, level)
        width = min(TILE_WIDTH, count - index * TILE_WIDTH)
        if width <= 0:
            raise IntegrityError(f"tile {level}/{index} is outside a tree of size {self.size}")
        path = tile_path(level, index, width)
        if len(self._tiles) > 4096:  # bound the cache (about 70 MB at most)
            self._tiles.clear()
            self._ranges.clear()
        try:
            data = self.fetch(path)
        except FileNotFoundError:
            raise IntegrityError(f"{path}: missing") from None
        rows = [split_hashes(data, width, path)]
        for _ in range(TILE_HEIGHT):
            below = rows[-1]
            rows.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
        self._tiles[key] = rows
        return rows

    def node(self, height: int, index: int) -> bytes:
        """The root of the perfect subtree of ``2**height`` leaves starting at leaf ``index << height``."""
        if (index + 1) << height > self.size:
            raise IntegrityError(f"node {height}/{index} is not complete in a tree of size {self.size}")
        level, rest = divmod(height, TILE_HEIGHT)
        first = index << rest  # its first hash at the tile level
        rows = self._tile(level, first // TILE_WIDTH)
        return rows[rest][(first % TILE_WIDTH) >> rest]

    def mth(self, start: int, end: int) -> bytes:
        """The Merkle Tree Hash of leaves ``start..end-1`` (any range inside the tree)."""
        n = end - start
        if n <= 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0 and start % n == 0:  # a perfect subtree: read from its tile
            return self.node(n.bit_length() - 1, start // n)
        key = (start, end)
        value = self._ranges.get(key)
        if value is None:  # other ranges (the right edge, mostly) are computed once and kept
            k = 1 << ((n - 1).bit_length() - 1)
            value = node_hash(self.mth(start, start + k), self.mth(start + k, end))
            if len(self._ranges) >= 1 << 20:
                self._ranges.clear()
            self._ranges[key] = value
        return value

    def root(self, size: int | None = None) -> bytes:
        """The tree's root hash at ``size`` (default: the whole tree)."""
        return self.mth(0, self.size if size is None else size)

    def inclusion(self, index: int, size: int | None = None) -> list[bytes]:
        """The inclusion proof of entry ``index`` in the tree of ``size`` (RFC 9162, 2.1.3)."""
        return inclusion_proof(index, self.size if size is None else size, self.mth)

    def consistency(self, old: int, new: int | None = None) -> list[bytes]:
        """The consistency proof from the tree of ``old`` to that of ``new`` (RFC 9162, 2.1.4)."""
        return consistency_proof(old, self.size if new is None else new, self.mth)

    def entry(self, index: int) -> bytes:
        """The published bytes of one entry, from its entry bundle."""
        if not 0 <= index < self.size:
            raise IntegrityError(f"entry {index} is outside a tree of size {self.size}")
        n = index // TILE_WIDTH
        width = min(TILE_WIDTH, self.size - n * TILE_WIDTH)
        path = entries_path(n, width)
        try:
            data = self.fetch(path)
        except FileNotFoundError:
            raise IntegrityError(f"{path}: missing") from None
        return decode_bundle(data, width, path)[index % TILE_WIDTH]
