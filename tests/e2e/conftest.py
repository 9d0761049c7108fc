"""Browser tests: a live server on a seeded mission, and real headless Chromium driven by Playwright.

The mission is initialised, filled with exercise data (every domain's generator, fixed seed and clock),
given one account per role (``<role>-user``, password :data:`PASSWORD`) and its log published; then
uvicorn serves it from a thread on a free loopback port while the log runner publishes new entries.

Chromium is Debian's (``/usr/bin/chromium``, installed by ``scripts/system-deps``). Where it is missing
the tests skip and say why, except in CI (``CUSTODES_REQUIRE_BROWSER=1``), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from e2e_support import PASSWORD, Live, seed_mission, username

from custodes.accounts.model import Role
from custodes.web import WebSettings, create_app

CHROMIUM = os.environ.get("CUSTODES_CHROMIUM", "/usr/bin/chromium")
#: flags for a headless browser in a container: no sandbox (no user namespaces), no GPU, no network chatter
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--no-first-run"]



def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A live server on a seeded mission, for the tests of one module."""
    app = seed_mission(tmp_path_factory.mktemp("e2e"))
    api = create_app(app, WebSettings(session_secret="e2e-" + "s" * 40))
    sock = _free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(api, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    runner = app.log_runner().start()
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runner.stop()
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (sync API)."""
    if shutil.which(CHROMIUM) is None:
        reason = f"no Chromium at {CHROMIUM}: run scripts/system-deps (or set CUSTODES_CHROMIUM)"
        if os.environ.get("CUSTODES_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, live: Live) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page, 1280x900, opening on the live server.

    The context bypasses the Content-Security-Policy only because Playwright's ``wait_for_function`` with a
    string evaluates it in the page; tests/e2e/test_e2e_edge.py checks the pages under the policy."""
    context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def sign_in(live: Live) -> Callable[[Any, Role], None]:
    """``sign_in(page, role)``: sign in through the login form and land on the dashboard."""

    def go(pg: Any, role: Role) -> None:
        pg.goto("/login")
        pg.locator("#username").fill(username(role))
        pg.locator("#password").fill(PASSWORD)
        pg.locator("form[action='/login'] button[type=submit]").click()
        pg.wait_for_url("**/dashboard**")

    return go
