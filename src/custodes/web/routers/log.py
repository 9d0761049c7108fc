"""``/log``: the public Merkle log as C2SP tlog-tiles clients expect it, served from ``<data dir>/log/``.

- ``/log/checkpoint``: the latest signed checkpoint (text/plain), cached a few seconds only.
- ``/log/tile/<L>/<N>[.p/<W>]``: hash tiles; ``/log/tile/entries/<N>[.p/<W>]``: entry bundles.
  Full tiles never change (``immutable``, one year); partial ones get a short max-age.

Paths are parsed against the spec's grammar (levels 0 to 63, ``N`` in groups of three digits with an
``x`` before every group but the last, widths 1 to 255) and the file name is rebuilt from the parsed
numbers, so no request can reach outside the log directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import FileResponse, Response

from custodes.accounts.policy import Principal
from custodes.errors import NotFound
from custodes.web.deps import WebDep, authorize
from custodes.web.problems import responses

__all__ = ["TilePath", "parse_tile_index", "router"]

router = APIRouter(prefix="/log", tags=["log"])
Reader = Annotated[Principal, authorize("log.read")]
OCTETS = "application/octet-stream"
_GROUP = re.compile(r"^x\d{3}$")
_LAST = re.compile(r"^\d{3}(\.p)?$")
_WIDTH = re.compile(r"^[1-9]\d{0,2}$")
_LEVEL = re.compile(r"^(0|[1-9]\d?)$")


@dataclass(frozen=True, slots=True)
class TilePath:
    """A parsed tile index ``N`` with its optional partial width ``W``."""

    index: int
    width: int | None

    def parts(self) -> list[str]:
        """The path segments as the spec writes them, e.g. 1234067 -> x001/x234/067.

        >>> TilePath(1234067, None).parts(), TilePath(5, 7).parts()
        (['x001', 'x234', '067'], ['005.p', '7'])
        """
        digits = f"{self.index:03d}"
        digits = "0" * (-len(digits) % 3) + digits
        groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
        segs = [f"x{g}" for g in groups[:-1]] + [groups[-1]]
        if self.width is not None:
            segs[-1] += ".p"
            segs.append(str(self.width))
        return segs


def parse_tile_index(path: str) -> TilePath:
    """Parse ``x001/234`` or ``x001/234.p/17``; anything else is NotFound.

    >>> parse_tile_index("x001/x234/067"), parse_tile_index("273.p/112")
    (TilePath(index=1234067, width=None), TilePath(index=273, width=112))
    >>> parse_tile_index("../../etc/passwd")
    Traceback (most recent call last):
    custodes.errors.NotFound: no tile at '../../etc/passwd': a tile index is like 001, x001/234 or 273.p/112
    """
    bad = NotFound(f"no tile at {path[:200]!r}: a tile index is like 001, x001/234 or 273.p/112")
    segs = path.split("/")
    width: int | None = None
    if len(segs) >= 2 and segs[-2].endswith(".p"):
        if not _WIDTH.match(segs[-1]) or int(segs[-1]) > 255:
            raise bad
        width = int(segs.pop())
    if not segs or len(segs) > 7 or not _LAST.match(segs[-1]) or (segs[-1].endswith(".p") != (width is not None)):
        raise bad
    if not all(_GROUP.match(s) for s in segs[:-1]):
        raise bad
    parsed = TilePath(int("".join(s.lstrip("x") for s in segs[:-1]) + segs[-1][:3]), width)
    if parsed.parts() != segs + ([] if width is None else [str(width)]):  # no leading x000 groups
        raise bad
    return parsed


#: files up to this size are read at once on the event loop (tiles are 8 KiB at most); larger ones stream
_SMALL = 1 << 20


def _serve(root: FsPath, rel: list[str], *, cache: str, media_type: str = OCTETS) -> Response:
    path = root.joinpath(*rel)
    try:
        size = path.stat().st_size if path.is_file() else -1
    except OSError:
        size = -1
    if size < 0:
        raise NotFound(f"no {'/'.join(rel)} in the log (yet)")
    headers = {"Cache-Control": cache}
    if size <= _SMALL:
        return Response(path.read_bytes(), media_type=media_type, headers=headers)
    return FileResponse(path, media_type=media_type, headers=headers, content_disposition_type="inline")


_RESP: dict[int | str, dict[str, Any]] = {200: {"content": {OCTETS: {"schema": {"type": "string", "format": "binary"}}},
               "description": "the tile's bytes"},
         404: {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
               "description": "no such tile (yet), or a path that is not a tile path"}}


def _tile_cache(web: WebDep, tile: TilePath) -> str:
    if tile.width is None:
        return "public, max-age=31536000, immutable"
    return f"public, max-age={web.settings.partial_tile_max_age}"


@router.get("/checkpoint", response_class=Response, responses={
    200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "the signed checkpoint"},
    404: _RESP[404]})
async def checkpoint(web: WebDep, who: Reader) -> Response:
    """The latest signed checkpoint (C2SP tlog-checkpoint, a signed note)."""
    return _serve(web.custodes.settings.log_dir, ["checkpoint"], media_type="text/plain; charset=utf-8",
                  cache=f"public, max-age={web.settings.checkpoint_max_age}")


@router.get("/tile/entries/{index:path}", response_class=Response, responses={**_RESP, **responses(422)})
async def entry_bundle(web: WebDep, who: Reader, index: Annotated[str, Path(max_length=64)]) -> Response:
    """An entry bundle: the public bytes of up to 256 journal entries."""
    tile = parse_tile_index(index)
    return _serve(web.custodes.settings.log_dir, ["tile", "entries", *tile.parts()], cache=_tile_cache(web, tile))


@router.get("/tile/{level}/{index:path}", response_class=Response, responses={**_RESP, **responses(422)})
async def hash_tile(web: WebDep, who: Reader, level: Annotated[str, Path(max_length=8)],
              index: Annotated[str, Path(max_length=64)]) -> Response:
    """A hash tile at level ``L`` (0 to 63): up to 256 hashes of 32 bytes."""
    if not _LEVEL.match(level) or int(level) > 63:
        raise NotFound(f"no tile level {level[:8]!r}: a level is 0 to 63, in decimal without leading zeros")
    tile = parse_tile_index(index)
    return _serve(web.custodes.settings.log_dir, ["tile", level, *tile.parts()], cache=_tile_cache(web, tile))
