"""The day-to-day forms in a real browser: three roles each complete one, see what they may and may not see;
the public files a grievance in Arabic."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from e2e_support import Live

from custodes.accounts.model import Role

SignIn = Callable[[Any, Role], None]
HOSPITAL = "osm-node-10706283405"


def notify(page: Any, contact: str) -> str:
    """As a signed-in aid agency: notify a movement through the form; returns the notification's id."""
    page.get_by_role("link", name="Notify a movement").first.click()
    page.wait_for_url("**/forms/notify")
    page.get_by_label("From").select_option("kerem-shalom")
    page.locator("#f-destination").select_option(HOSPITAL)
    page.get_by_label("Starts").fill("2026-12-05T08:00")
    page.get_by_label("Ends").fill("2026-12-05T14:00")
    page.get_by_label("Vehicles").fill("6")
    page.get_by_label("Contact for the force").fill(contact)
    page.get_by_role("button", name="Send the notification").click()
    page.wait_for_url(re.compile(r".*/records/notifications/[\w-]+$"))
    return str(page.url.rsplit("/", 1)[-1])


def test_an_aid_agency_notifies_a_movement(page: Any, live: Live, sign_in: SignIn) -> None:
    sign_in(page, Role.AID_AGENCY)
    tasks = page.locator("nav.tasks").inner_text()
    assert "Notify a movement" in tasks and "Record a custody step" not in tasks
    nid = notify(page, "call sign ALPHA-3")
    assert page.locator("#notification-state").inner_text().strip() == "notified"
    assert "ALPHA-3" in page.locator("main").inner_text()
    page.goto("/dashboard")
    assert nid in page.locator("#my-notifications").inner_html()
    # a refusal by name keeps what was typed and points at the problem
    page.goto("/forms/notify")
    page.get_by_label("From").select_option("kerem-shalom")
    page.locator("#f-destination").select_option(HOSPITAL)
    page.get_by_label("Starts").fill("2026-11-27T12:00")
    page.get_by_label("Ends").fill("2026-11-27T16:00")
    page.get_by_label("Contact for the force").fill("kept")
    page.get_by_role("button", name="Send the notification").click()
    assert "notification.too_late" in page.locator("#form-error").inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'form-error'")
    assert page.get_by_label("Contact for the force").input_value() == "kept"


def test_the_force_deconflicts_a_notification(page: Any, live: Live, sign_in: SignIn) -> None:
    sign_in(page, Role.AID_AGENCY)
    nid = notify(page, "call sign BRAVO-9")
    page.context.clear_cookies()
    sign_in(page, Role.FORCE_HQ)
    assert "Record a custody step" in page.locator("nav.tasks").inner_text()
    page.locator("#awaiting-deconfliction").get_by_role("link").first.wait_for()
    page.goto(f"/records/notifications/{nid}")
    assert "BRAVO-9" in page.locator("main").inner_text() and page.locator("#route-points").is_visible()
    page.get_by_label("Decision").select_option("deconflict")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"**/records/notifications/{nid}")
    assert page.locator("#notification-state").inner_text().strip() == "deconflicted"
    assert page.locator("form[action$='/decide']").count() == 0
    # a monitor reads it without the route or the contact
    page.context.clear_cookies()
    sign_in(page, Role.MONITOR)
    page.goto(f"/records/notifications/{nid}")
    assert "BRAVO-9" not in page.locator("main").inner_text() and page.locator("#route-points").count() == 0


def test_a_monitor_starts_reviewing_an_incident(page: Any, live: Live, sign_in: SignIn) -> None:
    sign_in(page, Role.MONITOR)
    page.locator("#incidents-reported a").first.click()
    page.wait_for_url(re.compile(r".*/records/incidents/\w+$"))
    iid = page.url.rsplit("/", 1)[-1]
    assert page.locator("#restricted-h").is_visible()
    page.get_by_label("Action").select_option("review")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"**/records/incidents/{iid}")
    assert page.locator("#incident-status").inner_text().strip() == "under review"
    # another role reads the incident without the restricted part, and is not offered the review
    page.context.clear_cookies()
    sign_in(page, Role.AID_AGENCY)
    page.goto(f"/records/incidents/{iid}")
    assert page.locator("#incident-status").is_visible()
    assert page.locator("#restricted-h").count() == 0 and page.locator("#reporter").count() == 0
    assert page.locator("form[action$='/verify']").count() == 0
    page.goto("/forms/custody")
    assert page.locator("h1").inner_text().startswith("Error 403")


def test_the_public_files_a_grievance_in_arabic(page: Any, live: Live) -> None:
    page.goto("/forms/grievance?lang=ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.get_by_label("موجهة إلى").select_option("board")
    page.get_by_label("الفئة").select_option("services")
    page.get_by_label("لغة الشكوى").select_option("ar")
    page.get_by_label("الموضوع").fill("انقطاع المياه")
    page.get_by_label("نص الشكوى").fill("انقطعت المياه عن الحي منذ أسبوع.")
    page.get_by_label("وسيلة الاتصال بكم (اختياري)").fill("هاتف 0599")
    page.get_by_role("button", name="تقديم الشكوى").click()
    page.wait_for_url(re.compile(r".*/records/grievances/\w+$"))
    assert page.locator("#grievance-status").inner_text().strip() == "مُستلَمة"
    text = page.locator("main").inner_text()
    # the public filer has no account: its grievance's subject and text go to the addressee, not back to it
    assert "انقطاع المياه" not in text and "0599" not in text and page.locator("#grievance-withheld").is_visible()


def test_the_custody_form_shows_only_the_chosen_steps_fields(page: Any, live: Live, sign_in: SignIn) -> None:
    sign_in(page, Role.FORCE_HQ)
    page.goto("/forms/custody")
    page.locator("#f-kind").select_option("collected")
    assert page.get_by_label("Receipt number").is_visible() and not page.locator("#f-depot").is_visible()
    page.locator("#f-kind").select_option("destroyed")
    assert page.get_by_label("Method").is_visible() and not page.get_by_label("Receipt number").is_visible()
