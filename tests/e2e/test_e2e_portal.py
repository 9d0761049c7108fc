"""The public portal in a real browser: in-browser verification of a record (and its failure on tampered
bytes, proofs or checkpoints), Arabic right to left, the map, and keyboard use."""

from __future__ import annotations

import base64
import json
from typing import Any

from e2e_support import Live


def _verify(page: Any) -> str:
    page.locator("#verify-button").click()
    page.wait_for_function("['ok', 'failed'].includes(document.querySelector('#verify-result').dataset.state)")
    return str(page.locator("#verify-result").get_attribute("data-state"))


def _first_incident_verify_link(page: Any) -> str:
    page.goto("/portal/incidents?records=exercise")
    link = page.locator("#incidents a.verify-link").first
    return str(link.get_attribute("href"))


def test_a_real_record_verifies_in_the_browser(page: Any, live: Live) -> None:
    page.goto(_first_incident_verify_link(page))
    assert _verify(page) == "ok", page.locator("#verify-result").inner_text()
    steps = page.locator("#verify-steps li").all_inner_texts()
    assert len(steps) == 5 and "signed root" in steps[3] and "incidents.verified" in steps[4]
    assert '"kind": "incidents.verified"' in page.locator("#verify-entry").text_content()


def test_a_tampered_entry_bundle_fails(page: Any, live: Live) -> None:
    page.goto(_first_incident_verify_link(page))
    at = int(page.locator("#verify-index").input_value()) % 256

    def flip_a_byte_of_the_entry(route: Any) -> None:
        body, pos = bytearray(route.fetch().body()), 0
        for _ in range(at):  # skip the entries before ours: each is a big-endian uint16 length, then its bytes
            pos += 2 + int.from_bytes(body[pos:pos + 2], "big")
        length = int.from_bytes(body[pos:pos + 2], "big")
        body[pos + 2 + length // 2] ^= 0x01
        route.fulfill(status=200, body=bytes(body), headers={"Content-Type": "application/octet-stream"})

    page.route("**/log/tile/entries/**", flip_a_byte_of_the_entry)
    assert _verify(page) == "failed"
    assert "not the signed root" in page.locator("#verify-result").inner_text()


def test_a_tampered_proof_fails(page: Any, live: Live) -> None:
    def bend_the_proof(route: Any) -> None:
        answer = json.loads(route.fetch().body())
        first = bytearray(base64.b64decode(answer["proof"][0]))
        first[0] ^= 0xFF
        answer["proof"][0] = base64.b64encode(bytes(first)).decode()
        route.fulfill(status=200, body=json.dumps(answer), headers={"Content-Type": "application/json"})

    page.route("**/log/proof/inclusion**", bend_the_proof)
    page.goto(_first_incident_verify_link(page))
    assert _verify(page) == "failed"
    assert "not the signed root" in page.locator("#verify-result").inner_text()


def test_a_forged_checkpoint_fails(page: Any, live: Live) -> None:
    def forge(route: Any) -> None:
        note = route.fetch().body().decode()
        origin, size, rest = note.split("\n", 2)
        route.fulfill(status=200, body=f"{origin}\n{int(size) + 1}\n{rest}",
                      headers={"Content-Type": "text/plain; charset=utf-8"})

    page.route("**/log/checkpoint", forge)
    page.goto("/verify?index=0")
    assert _verify(page) == "failed"
    assert "no valid signature by the published key" in page.locator("#verify-result").inner_text()


def test_the_wrong_record_at_an_index_fails(page: Any, live: Live) -> None:
    href = _first_incident_verify_link(page)
    page.goto(href)
    page.fill("#verify-index", "0")  # a real entry, but not the incident the page asks about
    assert _verify(page) == "failed"
    assert "not the incidents.verified record" in page.locator("#verify-result").inner_text()


def test_the_arabic_portal_is_right_to_left_with_arabic_charts(page: Any, live: Live) -> None:
    page.goto("/portal/aid?records=exercise&lang=ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('#trucks-per-day td')).direction") == "rtl"
    img = page.locator("img.chart").first
    assert "lang=ar" in str(img.get_attribute("src"))
    page.wait_for_function("document.querySelector('img.chart').complete")
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 0


def test_the_map_draws_its_layers_and_lists_them_as_tables(page: Any, live: Live) -> None:
    page.goto("/portal/map?records=exercise")
    page.wait_for_function("['ready', 'failed'].includes(document.querySelector('#map').dataset.state)")
    assert page.locator("#map").get_attribute("data-state") == "ready"
    assert page.locator("#map path.leaflet-interactive").count() >= 5  # the governorates at least
    assert page.locator("#map-governorates tbody tr").count() == 5
    assert page.locator("#map-crossings tbody tr").count() >= 1


def test_the_keyboard_reaches_the_sections_and_the_verify_button(page: Any, live: Live) -> None:
    page.goto(_first_incident_verify_link(page))
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.getAttribute('href') || ''"))
    assert {"/portal/incidents", "/portal/map", "verify-index", "verify-button"} <= reached
    page.focus("#verify-button")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#verify-result').dataset.state === 'ok'")
