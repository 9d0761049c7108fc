"""The public log endpoints serve C2SP tlog-tiles files with the right headers, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_support import SECRET, Web

from custodes.app import Custodes
from custodes.errors import NotFound
from custodes.web import WebSettings, create_app
from custodes.web.routers.log import TilePath, parse_tile_index


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """One mission for the module, without accounts: the log is public."""
    from custodes.settings import Settings

    app = Custodes.open(Settings(data_dir=tmp_path_factory.mktemp("log") / "data"), create=True)
    app.init()
    api = create_app(app, WebSettings(session_secret=SECRET))
    with TestClient(api) as client:
        yield Web(app, api, client)

FULL = "public, max-age=31536000, immutable"


def write(web: Web, rel: str, data: bytes) -> None:
    path = web.app.settings.log_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_tiles_bundles_and_checkpoint_are_served_with_their_caching(web: Web) -> None:
    full, partial, bundle = bytes(range(256)) * 32, b"\x01" * 32 * 112, b"\x00\x05hello"
    write(web, "tile/0/x001/234", full)
    write(web, "tile/0/273.p/112", partial)
    write(web, "tile/entries/000", bundle)
    write(web, "tile/entries/x001/x234/067.p/9", bundle)
    write(web, "checkpoint", b"custodes.example/unsc-2803-gaza\n5\nAAAA\n\n- key sig\n")
    c = web.client
    r = c.get("/log/tile/0/x001/234")
    assert r.content == full and r.headers["cache-control"] == FULL
    assert r.headers["content-type"] == "application/octet-stream"
    r = c.get("/log/tile/0/273.p/112")
    assert r.content == partial and r.headers["cache-control"] == "public, max-age=60"
    assert c.get("/log/tile/entries/000").headers["cache-control"] == FULL
    assert c.get("/log/tile/entries/x001/x234/067.p/9").content == bundle
    r = c.get("/log/checkpoint")
    assert r.text.startswith("custodes.example/") and r.headers["content-type"].startswith("text/plain")
    assert r.headers["cache-control"] == "public, max-age=5"
    assert c.get("/log/tile/1/000").status_code == 404  # not written yet


@pytest.mark.parametrize("path", [
    "/log/tile/0/../../custodes.sqlite3", "/log/tile/0/..%2F..%2Fcustodes.sqlite3", "/log/tile/entries/%2e%2e/x",
    "/log/tile/0/x001/../234", "/log/tile/0/1234", "/log/tile/0/x000/001", "/log/tile/0/001.p/0",
    "/log/tile/0/001.p/256", "/log/tile/0/001.p/007", "/log/tile/0/001.p", "/log/tile/0//etc/passwd",
    "/log/tile/64/000", "/log/tile/00/001", "/log/tile/x/001", "/log/tile/entries/000/", "/log/tile/0/x001",
    "/log/tile/0/000.p/1/2",
])
def test_anything_but_a_tile_path_is_refused(web: Web, path: str) -> None:
    write(web, "tile/0/001", b"x")
    (web.app.settings.data_dir / "custodes.sqlite3").touch()
    r = web.client.get(path)
    assert r.status_code in (404, 422), (path, r.status_code)
    assert r.headers["content-type"] == "application/problem+json"


def test_tile_paths_follow_the_spec_examples() -> None:
    assert TilePath(1234, None).parts() == ["x001", "234"]
    assert TilePath(1234067, None).parts() == ["x001", "x234", "067"]
    assert parse_tile_index("x001/x234/067") == TilePath(1234067, None)
    assert parse_tile_index("273.p/112") == TilePath(273, 112)
    assert parse_tile_index("001.p/17") == TilePath(1, 17)
    for bad in ("", "1", "x1/234", "x001/", "234.p", "234.p/", "/234", "234/", "x001/x002"):
        with pytest.raises(NotFound):
            parse_tile_index(bad)
