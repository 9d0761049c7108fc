"""A Council vote from the pages, in a real browser: a delegation tables a draft, opens the voting,
records its own state's vote and closes the voting; the draft's page shows the vote and the outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from e2e_support import Live

from custodes.accounts.model import Role


def test_a_delegation_tables_a_draft_votes_and_closes_the_voting(page: Any, live: Live,
                                                                 sign_in: Callable[[Any, Role], None]) -> None:
    sign_in(page, Role.COUNCIL)  # the e2e delegation is delegation-fra: it votes for FRA
    page.goto("/forms/draft")
    page.locator("#f-symbol").fill("S/2026/E2E")
    page.locator("#f-title").fill("Humanitarian access in the Gaza Strip (browser test)")
    page.locator("#f-matter").select_option("substantive")
    page.get_by_role("button", name="Table the draft").click()
    page.wait_for_url("**/records/drafts/**")
    assert page.locator("#draft-status").inner_text().strip()
    page.get_by_role("button", name="Open the voting").click()
    page.wait_for_load_state()
    page.goto("/forms/vote?draft=S%2F2026%2FE2E")
    page.locator("#f-vote-yes").check()
    page.get_by_role("button", name="Record the vote").click()
    page.wait_for_url("**/records/drafts/**")
    assert "FRA" in page.locator("#votes").inner_text()
    page.get_by_role("button", name="Close the voting").click()
    page.wait_for_selector("#draft-outcome")
    assert page.locator("#draft-outcome").inner_text().strip()
