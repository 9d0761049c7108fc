"""``/log``: the public Merkle log as C2SP tlog-tiles clients expect it, served from ``<data dir>/log/``.

- ``/log/checkpoint``: the latest signed checkpoint (text/plain), cached a few seconds only.
- ``/log/tile/<L>/<N>[.p/<W>]``: hash tiles; ``/log/tile/entries/<N>[.p/<W>]``: entry bundles.
  Full tiles never change (``immutable``, one year); partial ones get a short max-age.
- ``/log/proof/inclusion?index=N[&size=M]`` and ``/log/proof/consistency?old=M[&new=N]``: the proofs
  ``custodes log proof/consistency --json`` print, computed from the published tiles.
- ``POST /log/add-checkpoint``: C2SP tlog-witness, only when the server has a witness directory
  (``CUSTODES_WITNESS_DIR``); otherwise 404 with a problem saying this server is not a witness.

Lock files and temporary files (names starting with ``.`` or ending in ``.tmp``) are never served.

Paths are parsed against the spec's grammar (levels 0 to 63, ``N`` in groups of three digits with an
``x`` before every group but the last, widths 1 to 255) and the file name is rebuilt from the parsed
numbers, so no request can reach outside the log directory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from custodes.accounts.policy import Principal
from custodes.errors import IntegrityError, NotFound
from custodes.ledger.layout import CHECKPOINT_PATH
from custodes.ledger.note import Checkpoint, verify_checkpoint
from custodes.ledger.proofs import consistency_answer, inclusion_answer
from custodes.ledger.tiles import TileReader, dir_fetch
from custodes.ledger.witness import Witness, add_checkpoint
from custodes.web.deps import WebDep, authorize
from custodes.web.problems import ProblemError, responses

__all__ = ["TilePath", "parse_tile_index", "router"]

router = APIRouter(prefix="/log", tags=["log"])
log = logging.getLogger("custodes.web")
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


def _hidden(name: str) -> bool:
    """Lock files and half-written temporary files are never served.

    >>> _hidden(".integrator.lock"), _hidden(".checkpoint.1a2b.tmp"), _hidden("067.p")
    (True, True, False)
    """
    return name.startswith(".") or name.endswith(".tmp")


def _serve(root: FsPath, rel: list[str], *, cache: str, media_type: str = OCTETS) -> Response:
    if any(_hidden(p) for p in rel):
        raise NotFound(f"no {'/'.join(rel)} in the log")
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


# -- proofs -----------------------------------------------------------------------------------------------
MAX_SIZE = 1 << 62


class InclusionProofOut(BaseModel):
    """An entry and its RFC 6962 inclusion proof; hashes and bytes are base64."""

    index: int
    size: int = Field(description="the tree size the proof is for")
    root: str = Field(description="the root hash of the tree of `size` entries")
    entry: str = Field(description="the entry's public bytes")
    leaf_hash: str
    proof: list[str]
    checkpoint: str | None = Field(description="the signed checkpoint, when `size` is the latest one's")


class ConsistencyProofOut(BaseModel):
    """An RFC 6962 consistency proof from the tree of `old` entries to the tree of `new`; hashes base64."""

    old: int
    new: int
    old_root: str
    new_root: str
    proof: list[str]
    checkpoint: str | None = Field(description="the signed checkpoint, when `new` is the latest one's")


def _proof(web: WebDep, answer: Callable[[TileReader, Checkpoint, str], dict[str, Any]]) -> dict[str, Any]:
    """Run ``answer`` on the published log; a log that does not verify on disk is the server's fault (503)."""
    app = web.custodes
    path = app.settings.log_dir / CHECKPOINT_PATH
    if not path.is_file():
        raise NotFound("the log has no published checkpoint yet")
    try:
        cp, note = verify_checkpoint(path.read_bytes(), app.log_verifier())
        return answer(TileReader(dir_fetch(app.settings.log_dir), cp.size), cp, note.format())
    except (IntegrityError, OSError) as exc:
        log.error("the published log cannot prove: %s", exc)
        raise ProblemError(503, "log-unavailable", "the published log does not verify on this server; "
                           "the operators are told (see the server's log)") from None


@router.get("/proof/inclusion", responses=responses(404, 422, 503))
def inclusion_proof(web: WebDep, who: Reader,
                    index: Annotated[int, Query(ge=0, le=MAX_SIZE, description="the entry's index")],
                    size: Annotated[int | None, Query(ge=1, le=MAX_SIZE, description="tree size (default: the "
                                                      "latest checkpoint's)")] = None) -> InclusionProofOut:
    """An inclusion proof of entry ``index`` in the tree of ``size`` entries."""
    return InclusionProofOut(**_proof(web, lambda r, cp, note: inclusion_answer(r, cp, note, index, size)))


@router.get("/proof/consistency", responses=responses(404, 422, 503))
def consistency_proof(web: WebDep, who: Reader,
                      old: Annotated[int, Query(ge=0, le=MAX_SIZE, description="the older tree size")],
                      new: Annotated[int | None, Query(ge=0, le=MAX_SIZE, description="the newer size (default: "
                                                       "the latest checkpoint's)")] = None) -> ConsistencyProofOut:
    """A consistency proof that the tree of ``new`` entries extends the tree of ``old`` entries."""
    return ConsistencyProofOut(**_proof(web, lambda r, cp, note: consistency_answer(r, cp, note, old, new)))


# -- the witness ----------------------------------------------------------------------------------------
#: a request is an old size, at most 63 proof lines and a checkpoint with a few signatures
MAX_WITNESS_REQUEST = 16 * 1024
_TEXT = {"text/plain": {"schema": {"type": "string"}}}


@router.post("/add-checkpoint", response_class=Response, openapi_extra={
    "requestBody": {"required": True, "content": _TEXT}}, responses={
    200: {"content": _TEXT, "description": "the witness's cosignature line"},
    400: {"content": _TEXT, "description": "a request that does not parse"},
    403: {"content": _TEXT, "description": "no signature from a trusted key of the log verifies"},
    404: {"content": {**_TEXT, **_RESP[404]["content"]},
          "description": "an unknown log origin, or this server is not a witness"},
    409: {"content": {"text/x.tlog.size": {"schema": {"type": "string"}}, **_TEXT},
          "description": "the old size is not the latest cosigned size (the body is that size)"},
    413: {"content": _TEXT, "description": "a request body over 16 KiB"},
    422: {"content": _TEXT, "description": "a consistency proof that does not verify"}})
async def witness_add_checkpoint(web: WebDep, who: Reader, request: Request) -> Response:
    """C2SP tlog-witness ``add-checkpoint``: the body is ``old <size>``, proof lines, an empty line and the
    signed checkpoint; the answer is the cosignature line, or a status the spec names."""
    directory = web.settings.witness_dir
    if directory is None:
        raise ProblemError(404, "not-a-witness", "this server is not a witness: it has no witness directory "
                           "(CUSTODES_WITNESS_DIR)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_WITNESS_REQUEST:
            return Response(f"a request is at most {MAX_WITNESS_REQUEST} bytes\n", 413, media_type="text/plain")
    resp = await run_in_threadpool(lambda: add_checkpoint(Witness(directory), bytes(body)))
    # the content type exactly as the witness gives it (Starlette would add a charset to text/x.tlog.size)
    return Response(resp.body, resp.status, headers={"Content-Type": resp.content_type})
