"""The dashboards' map in a real browser: the force's map draws the role-aware /api/v1/map layers (the
session cookie signs the requests in), and the Arabic verify page shows its steps in Arabic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from e2e_support import Live

from custodes.accounts.model import Role


def _map_state(page: Any) -> str:
    page.wait_for_function("['ready', 'failed'].includes(document.querySelector('#map').dataset.state)")
    return str(page.locator("#map").get_attribute("data-state"))


def test_the_force_dashboard_map_draws_its_layers(page: Any, live: Live, sign_in: Callable[[Any, Role], None]) -> None:
    sign_in(page, Role.FORCE_HQ)
    answers: dict[str, int] = {}
    page.on("response", lambda r: answers.__setitem__(r.url, r.status) if "/api/v1/map/" in r.url else None)
    page.goto("/dashboard?records=exercise")
    assert _map_state(page) == "ready", page.locator("#map").inner_text()
    assert set(answers.values()) == {200}, answers
    mine = sorted(u.split("/api/v1/map/")[1].split("?")[0] for u in answers if "records=exercise" in u)
    assert mine == ["areas", "crossings", "incidents", "routes", "sites", "zones"], answers
    assert page.locator("#map path.leaflet-interactive").count() >= 5  # the governorates at least
    names = page.locator("#map .leaflet-control-layers-overlays label").all_inner_texts()
    assert any("Routes" in n for n in names) and any("Incidents" in n or "incidents" in n for n in names), names
    assert page.locator("#chart-table-weapons tbody tr").count() >= 1


def test_the_monitor_dashboard_map_draws_exact_incidents_of_a_recent_window(
        page: Any, live: Live, sign_in: Callable[[Any, Role], None]) -> None:
    sign_in(page, Role.MONITOR)
    page.goto("/dashboard?records=exercise&lang=ar")
    assert _map_state(page) == "ready", page.locator("#map").inner_text()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "since=" in str(page.locator("#map").get_attribute("data-layer-urls"))


def test_the_arabic_verify_page_shows_its_steps_and_failures_in_arabic(page: Any, live: Live) -> None:
    page.goto("/portal/incidents?records=exercise&lang=ar")
    page.goto(str(page.locator("#incidents a.verify-link").first.get_attribute("href")))
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#verify-button").click()
    page.wait_for_function("['ok', 'failed'].includes(document.querySelector('#verify-result').dataset.state)")
    result = page.locator("#verify-result")
    assert result.get_attribute("data-state") == "ok", result.inner_text()
    steps = page.locator("#verify-steps li").all_inner_texts()
    assert len(steps) == 5, steps
    assert steps[0].startswith("✓ المفتاح") and "نقطة التحقق الموقّعة" in steps[1] and "الجذر الموقّع" in steps[3]
    assert not any(word in " ".join(steps) for word in ("signed", "leaf hash", "proof hashes", "record with")), steps
    # a failure too: an index past the signed tree
    page.locator("#verify-index").evaluate("el => { el.removeAttribute('max'); el.value = '999999999'; }")
    page.locator("#verify-button").click()
    page.wait_for_function("document.querySelector('#verify-result').dataset.state === 'failed'")
    assert "ليس ضمن الشجرة الموقّعة" in page.locator("#verify-result").inner_text()
