"""The Content-Security-Policy in a real browser: the pages, the map, the verify page and /docs run with
no policy violation (no inline script or style is needed), and /docs shows the API from the package."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from e2e_support import Live

from custodes.accounts.model import Role


@pytest.fixture
def strict_page(browser: Any, live: Live) -> Iterator[Any]:
    """A page that keeps the policy (the shared ``page`` fixture bypasses it for Playwright's own evals)."""
    context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def _map_drawn(page: Any) -> str:
    page.wait_for_selector("#map[data-state=ready], #map[data-state=failed]", state="attached")
    return str(page.locator("#map").get_attribute("data-state"))


def _watch(page: Any) -> list[str]:
    """Collect the page's policy violations (and console errors naming the policy)."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


def test_pages_map_and_verify_run_under_the_policy(strict_page: Any, live: Live,
                                                  sign_in: Callable[[Any, Role], None]) -> None:
    page = strict_page
    violations = _watch(page)
    page.goto("/portal/map?records=exercise")
    assert _map_drawn(page) == "ready"
    page.goto("/portal/incidents?records=exercise")
    page.goto(str(page.locator("#incidents a.verify-link").first.get_attribute("href")))
    page.locator("#verify-button").click()
    page.wait_for_selector("#verify-result[data-state=ok], #verify-result[data-state=failed]", state="attached")
    assert page.locator("#verify-result").get_attribute("data-state") == "ok"
    sign_in(page, Role.FORCE_HQ)
    page.goto("/dashboard?records=exercise")
    assert _map_drawn(page) == "ready"
    assert not violations, violations


def test_docs_show_the_api_from_the_package_under_the_policy(strict_page: Any, live: Live) -> None:
    page = strict_page
    violations = _watch(page)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live.url) else None)
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Custodes" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert not violations, violations
    assert not [u for u in outside if not u.startswith("data:")], outside
