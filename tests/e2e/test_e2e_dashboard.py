"""The dashboards' map in a real browser: the force's map draws the role-aware /api/v1/map layers (the
session cookie signs the requests in), and the Arabic verify page shows its steps in Arabic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import Live
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
    assert mine == ["areas", "incidents", "routes", "sites", "zones"], answers
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
