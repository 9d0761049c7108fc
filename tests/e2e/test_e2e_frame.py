"""The pages' frame in a real browser: signing in per role, and Arabic laid out right to left."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from e2e_support import Live

from custodes.accounts.model import Role


def test_the_portal_opens_without_login_and_links_to_the_log(page: Any, live: Live) -> None:
    page.goto("/")
    assert page.locator("h1").first.inner_text()
    assert page.locator("#checkpoint-size").inner_text().strip().isdigit()


def test_three_roles_sign_in_and_see_their_own_dashboard(page: Any, live: Live,
                                                         sign_in: Callable[[Any, Role], None]) -> None:
    for role, title in ((Role.AID_AGENCY, "Aid agency"), (Role.FORCE_HQ, "Force headquarters"),
                        (Role.MONITOR, "Monitor")):
        page.context.clear_cookies()
        sign_in(page, role)
        assert title in page.locator("h1").inner_text()
        assert live.username(role) in page.locator("header .who").inner_text()


def test_the_public_is_sent_to_sign_in(page: Any, live: Live) -> None:
    page.goto("/dashboard")
    assert "/login" in page.url and page.locator("#password").is_visible()


def test_arabic_pages_are_right_to_left(page: Any, live: Live) -> None:
    page.goto("/?lang=ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    # the brand sits at the right edge in Arabic, at the left in English
    right = page.evaluate("document.querySelector('.brand').getBoundingClientRect().right")
    page.goto("/?lang=en")
    left = page.evaluate("document.querySelector('.brand').getBoundingClientRect().left")
    assert right > 900 and left < 100


def test_the_keyboard_reaches_the_skip_link_first(page: Any, live: Live) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
