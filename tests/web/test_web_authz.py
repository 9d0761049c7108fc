"""The authorization matrix: every route of the app, times every role, allowed or denied as declared.

The routes are enumerated from the app itself, so a router added later fails here until it declares the
expected answer of every role in EXPECT. "Allowed" means the request got past authorization (any answer
but 401 or 403, e.g. 200, 404 for a sample id, 422 for an empty body); "denied" means 401 or 403, or for a
page, the redirect to the sign-in form.
"""

from __future__ import annotations

import re

from web_support import Web

from custodes.accounts.model import Role
from custodes.web.app import route_table

EVERYONE = frozenset(Role)
SIGNED_IN = EVERYONE - {Role.PUBLIC}
ADMIN = frozenset({Role.ADMIN})
COUNCIL = frozenset({Role.COUNCIL})
BOARD = frozenset({Role.BOARD})
MONITOR = frozenset({Role.MONITOR})
ADDRESSEES = frozenset({Role.BOARD, Role.FORCE_HQ, Role.AID_AGENCY})
COSIGNERS = frozenset({Role.COMMITTEE, Role.CIVIL_SOCIETY})


def roles(allowed: frozenset[Role]) -> dict[Role, bool]:
    return {r: r in allowed for r in Role}


#: (method, path) -> role -> allowed. Every route of the app must be here, with every role.
EXPECT: dict[tuple[str, str], dict[Role, bool]] = {
    ("GET", "/openapi.json"): roles(EVERYONE),
    ("GET", "/docs"): roles(EVERYONE),
    ("GET", "/api/v1/mission/status"): roles(EVERYONE),
    ("GET", "/api/v1/mission/mandates"): roles(EVERYONE),
    ("GET", "/api/v1/mission/council"): roles(EVERYONE),
    ("GET", "/api/v1/journal"): roles(EVERYONE),
    ("GET", "/api/v1/journal/{index}"): roles(EVERYONE),
    ("POST", "/api/v1/auth/login"): roles(EVERYONE),
    ("POST", "/api/v1/auth/logout"): roles(SIGNED_IN),
    ("POST", "/api/v1/auth/password"): roles(SIGNED_IN),
    ("GET", "/api/v1/auth/me"): roles(SIGNED_IN),
    ("GET", "/api/v1/auth/tokens"): roles(SIGNED_IN),
    ("POST", "/api/v1/auth/tokens"): roles(SIGNED_IN),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): roles(SIGNED_IN),
    ("GET", "/api/v1/organisations"): roles(SIGNED_IN),
    ("GET", "/api/v1/organisations/{org_id}"): roles(SIGNED_IN),
    ("POST", "/api/v1/organisations"): roles(ADMIN),
    ("GET", "/api/v1/accounts"): roles(ADMIN),
    ("GET", "/api/v1/accounts/{account_id}"): roles(ADMIN),
    ("POST", "/api/v1/accounts"): roles(ADMIN),
    ("POST", "/api/v1/accounts/{account_id}/disable"): roles(ADMIN),
    ("POST", "/api/v1/accounts/{account_id}/password"): roles(ADMIN),
    ("GET", "/log/checkpoint"): roles(EVERYONE),
    ("GET", "/log/tile/entries/{index}"): roles(EVERYONE),
    ("GET", "/log/tile/{level}/{index}"): roles(EVERYONE),
    ("GET", "/log/proof/inclusion"): roles(EVERYONE),
    ("GET", "/log/proof/consistency"): roles(EVERYONE),
    ("POST", "/log/add-checkpoint"): roles(EVERYONE),
    # the Security Council
    ("GET", "/api/v1/council/members"): roles(EVERYONE),
    ("GET", "/api/v1/council/drafts"): roles(EVERYONE),
    ("GET", "/api/v1/council/drafts/{symbol}"): roles(EVERYONE),
    ("POST", "/api/v1/council/drafts"): roles(COUNCIL),
    ("POST", "/api/v1/council/drafts/{symbol}/open"): roles(COUNCIL),
    ("POST", "/api/v1/council/drafts/{symbol}/votes"): roles(COUNCIL),
    ("POST", "/api/v1/council/drafts/{symbol}/close"): roles(COUNCIL),
    ("POST", "/api/v1/council/drafts/{symbol}/what-if"): roles(EVERYONE),
    ("GET", "/api/v1/council/mandates"): roles(EVERYONE),
    ("GET", "/api/v1/council/power"): roles(EVERYONE),
    ("GET", "/api/v1/council/vetoes"): roles(EVERYONE),
    ("POST", "/api/v1/council/vetoes/import"): roles(ADMIN),
    # the Board of Peace
    ("GET", "/api/v1/board/members"): roles(EVERYONE),
    ("POST", "/api/v1/board/members"): roles(BOARD),
    ("POST", "/api/v1/board/members/{member_id}/end"): roles(BOARD),
    ("GET", "/api/v1/board/decisions"): roles(EVERYONE),
    ("POST", "/api/v1/board/decisions"): roles(BOARD),
    ("POST", "/api/v1/board/funds"): roles(BOARD),
    ("POST", "/api/v1/board/funding/transactions"): roles(BOARD),
    ("GET", "/api/v1/board/funding/transactions"): roles(EVERYONE),
    ("GET", "/api/v1/board/funding/totals"): roles(EVERYONE),
    ("GET", "/api/v1/board/funding/export.hxl"): roles(EVERYONE),
    ("GET", "/api/v1/board/reports"): roles(EVERYONE),
    ("POST", "/api/v1/board/reports/{due_on}/submitted"): roles(BOARD),
    # incidents (anyone reports; monitors verify; the restricted export is checked in test_web_incidents)
    ("GET", "/api/v1/incidents"): roles(EVERYONE),
    ("GET", "/api/v1/incidents/export"): roles(EVERYONE),
    ("GET", "/api/v1/incidents/ceasefire"): roles(EVERYONE),
    ("GET", "/api/v1/incidents/{incident_id}"): roles(EVERYONE),
    ("POST", "/api/v1/incidents"): roles(EVERYONE),
    ("POST", "/api/v1/incidents/{incident_id}/review"): roles(MONITOR),
    ("POST", "/api/v1/incidents/{incident_id}/confirm"): roles(MONITOR),
    ("POST", "/api/v1/incidents/{incident_id}/unverify"): roles(MONITOR),
    ("POST", "/api/v1/incidents/{incident_id}/reject"): roles(MONITOR),
    ("POST", "/api/v1/incidents/{incident_id}/evidence"): roles(MONITOR),
    ("POST", "/api/v1/incidents/import"): roles(MONITOR),
    # grievances (anyone files; the addressee answers, checked per record in test_web_grievances)
    ("GET", "/api/v1/grievances"): roles(EVERYONE),
    ("GET", "/api/v1/grievances/cosigners"): roles(EVERYONE),
    ("GET", "/api/v1/grievances/{grievance_id}"): roles(EVERYONE),
    ("POST", "/api/v1/grievances"): roles(EVERYONE),
    ("POST", "/api/v1/grievances/{grievance_id}/acknowledge"): roles(ADDRESSEES),
    ("POST", "/api/v1/grievances/{grievance_id}/answer"): roles(ADDRESSEES),
    ("POST", "/api/v1/grievances/{grievance_id}/close"): roles(ADDRESSEES),
    ("POST", "/api/v1/grievances/{grievance_id}/cosign"): roles(COSIGNERS),
    ("POST", "/api/v1/grievances/cosigners"): roles(ADMIN),
    ("POST", "/api/v1/grievances/escalate"): roles(BOARD | ADMIN),
}

#: sample values for path parameters: records that do not exist, so that no request changes anything
SAMPLES = {"index": "999999", "token_id": "999999", "org_id": "no-such-org", "account_id": "999999",
           "level": "0", "symbol": "S/2099/1", "member_id": "no-such-member", "due_on": "2099-01-01",
           "incident_id": "NOSUCH1", "grievance_id": "G999999"}


# -- the security pillar: force, disarmament, withdrawal (issue 8, round two) ---------------------------
SECURITY_READERS = frozenset({Role.ADMIN, Role.COUNCIL, Role.BOARD, Role.FORCE_HQ, Role.CONTINGENT, Role.MONITOR})
FORCE_WRITERS = frozenset({Role.FORCE_HQ, Role.CONTINGENT})
FORCE_HQ = frozenset({Role.FORCE_HQ})
EXPECT.update({
    ("GET", "/api/v1/force/states"): roles(SECURITY_READERS),
    ("GET", "/api/v1/force/strength"): roles(SECURITY_READERS),
    ("POST", "/api/v1/force/strength-reports"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/force/areas-without-unit"): roles(SECURITY_READERS),
    ("GET", "/api/v1/force/tree"): roles(SECURITY_READERS),
    ("POST", "/api/v1/force/nodes"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/force/areas"): roles(EVERYONE),
    ("POST", "/api/v1/force/areas"): roles(FORCE_HQ),
    ("GET", "/api/v1/force/deployments"): roles(SECURITY_READERS),
    ("POST", "/api/v1/force/deployments"): roles(FORCE_WRITERS),
    ("POST", "/api/v1/force/deployments/{deployment_id}/end"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/force/tasks"): roles(SECURITY_READERS),
    ("POST", "/api/v1/force/tasks"): roles(FORCE_HQ),
    ("POST", "/api/v1/disarmament/weapons"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/disarmament/weapons"): roles(SECURITY_READERS),
    ("GET", "/api/v1/disarmament/weapons/{weapon_id}"): roles(SECURITY_READERS),
    ("POST", "/api/v1/disarmament/collections"): roles(FORCE_WRITERS),
    ("POST", "/api/v1/disarmament/steps"): roles(FORCE_WRITERS),
    ("POST", "/api/v1/disarmament/weapons/{weapon_id}/steps"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/disarmament/certificates"): roles(SECURITY_READERS),
    ("GET", "/api/v1/disarmament/weapons/{weapon_id}/certificate"): roles(SECURITY_READERS),
    ("GET", "/api/v1/disarmament/summary"): roles(EVERYONE),
    ("GET", "/api/v1/disarmament/sites"): roles(SECURITY_READERS),
    ("POST", "/api/v1/disarmament/sites"): roles(FORCE_WRITERS),
    ("POST", "/api/v1/disarmament/sites/{site_id}/destroy"): roles(FORCE_WRITERS),
    ("POST", "/api/v1/disarmament/sites/{site_id}/verify"): roles(frozenset({Role.FORCE_HQ, Role.MONITOR})),
    ("POST", "/api/v1/disarmament/{subject}/{subject_id}/documents"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/disarmament/{subject}/{subject_id}/documents"): roles(SECURITY_READERS),
    ("GET", "/api/v1/disarmament/documents/{sha256}"): roles(SECURITY_READERS),
    ("POST", "/api/v1/disarmament/imports/weapons"): roles(FORCE_WRITERS),
    ("POST", "/api/v1/disarmament/imports/sites"): roles(FORCE_WRITERS),
    ("GET", "/api/v1/withdrawal/status"): roles(EVERYONE),
    ("GET", "/api/v1/withdrawal/phases"): roles(EVERYONE),
    ("GET", "/api/v1/withdrawal/phases/{phase_id}"): roles(EVERYONE),
    ("POST", "/api/v1/withdrawal/phases"): roles(FORCE_HQ),
    ("POST", "/api/v1/withdrawal/phases/{phase_id}/complete"): roles(frozenset({Role.FORCE_HQ, Role.MONITOR})),
})
SAMPLES.update({"deployment_id": "999999", "weapon_id": "999999", "site_id": "no-such-site", "subject": "weapon",
                "subject_id": "999999", "sha256": "0" * 64, "phase_id": "no-such-phase"})


# -- humanitarian aid (issue 8, round three) ---------------------------------------------------------------
AID_AGENCY = frozenset({Role.AID_AGENCY})
EXPECT.update({
    ("GET", "/api/v1/aid/crossings"): roles(EVERYONE),
    ("GET", "/api/v1/aid/crossings/{crossing}/history"): roles(EVERYONE),
    ("POST", "/api/v1/aid/crossings/{crossing}/status"): roles(frozenset({Role.FORCE_HQ, Role.BOARD})),
    ("GET", "/api/v1/aid/consignments"): roles(EVERYONE),
    ("GET", "/api/v1/aid/consignments/{consignment_id}"): roles(EVERYONE),
    ("POST", "/api/v1/aid/consignments"): roles(AID_AGENCY),
    ("POST", "/api/v1/aid/consignments/{consignment_id}/move"): roles(AID_AGENCY),
    ("GET", "/api/v1/aid/summary"): roles(EVERYONE),
})
SAMPLES.update({"crossing": "no-such-crossing", "consignment_id": "no-such-consignment"})

# aid notifications, zones, routes, exports; the map's layers (issue 8, round four)
FORCE_HQ_ONLY = frozenset({Role.FORCE_HQ})
EXPECT.update({
    ("GET", "/api/v1/aid/consignments/export"): roles(EVERYONE),
    ("GET", "/api/v1/aid/notifications"): roles(EVERYONE),
    ("GET", "/api/v1/aid/notifications/{notification_id}"): roles(EVERYONE),
    ("POST", "/api/v1/aid/notifications/sites"): roles(AID_AGENCY),
    ("POST", "/api/v1/aid/notifications/movements/check"): roles(AID_AGENCY),
    ("POST", "/api/v1/aid/notifications/movements"): roles(AID_AGENCY),
    ("POST", "/api/v1/aid/notifications/{notification_id}/deconflict"): roles(FORCE_HQ_ONLY),
    ("POST", "/api/v1/aid/notifications/{notification_id}/refuse"): roles(FORCE_HQ_ONLY),
    ("POST", "/api/v1/aid/notifications/{notification_id}/withdraw"): roles(AID_AGENCY),
    ("GET", "/api/v1/aid/zones"): roles(EVERYONE),
    ("POST", "/api/v1/aid/zones"): roles(FORCE_HQ_ONLY),
    ("POST", "/api/v1/aid/zones/{zone_id}/end"): roles(FORCE_HQ_ONLY),
    ("GET", "/api/v1/aid/route"): roles(SIGNED_IN),
    ("GET", "/api/v1/map/governorates"): roles(EVERYONE),
    ("GET", "/api/v1/map/crossings"): roles(EVERYONE),
    ("GET", "/api/v1/map/zones"): roles(EVERYONE),
    ("GET", "/api/v1/map/areas"): roles(EVERYONE),
    ("GET", "/api/v1/map/facilities"): roles(EVERYONE),
    ("GET", "/api/v1/map/sites"): roles(EVERYONE),
    ("GET", "/api/v1/map/routes"): roles(frozenset({Role.FORCE_HQ, Role.CONTINGENT, Role.AID_AGENCY})),
    ("GET", "/api/v1/map/incidents"): roles(EVERYONE),
})
SAMPLES.update({"notification_id": "no-such-notification", "zone_id": "no-such-zone"})


# -- the pages: dashboard and public portal (issue 9) -------------------------------------------------------
EXPECT.update({
    ("GET", "/"): roles(EVERYONE),
    ("GET", "/login"): roles(EVERYONE),
    ("POST", "/login"): roles(EVERYONE),
    ("POST", "/logout"): roles(SIGNED_IN),
    ("GET", "/account/password"): roles(SIGNED_IN),
    ("POST", "/account/password"): roles(SIGNED_IN),
    ("GET", "/dashboard"): roles(SIGNED_IN),
})


# -- the public portal's record pages, charts, map layers and verification (issue 9) ---------------------
EXPECT.update({
    ("GET", "/portal/incidents"): roles(EVERYONE),
    ("GET", "/portal/aid"): roles(EVERYONE),
    ("GET", "/portal/disarmament"): roles(EVERYONE),
    ("GET", "/portal/council"): roles(EVERYONE),
    ("GET", "/portal/board"): roles(EVERYONE),
    ("GET", "/portal/withdrawal"): roles(EVERYONE),
    ("GET", "/portal/grievances"): roles(EVERYONE),
    ("GET", "/portal/map"): roles(EVERYONE),
    ("GET", "/portal/map/layers.json"): roles(EVERYONE),
    ("GET", "/portal/charts/{name}.svg"): roles(EVERYONE),
    ("GET", "/verify"): roles(EVERYONE),
})
SAMPLES.update({"name": "trucks"})

# -- the Atom feeds of public records (issue 19) ------------------------------------------------------------
EXPECT.update({("GET", f"/feeds/{name}.atom"): roles(EVERYONE)
               for name in ("incidents", "board", "council", "withdrawal", "reports")})


# -- the forms of round two: notify a site; table, open and close a draft; Board decisions and funding -----
EXPECT.update({
    ("GET", "/forms/site"): roles(AID_AGENCY),
    ("POST", "/forms/site"): roles(AID_AGENCY),
    ("GET", "/forms/draft"): roles(COUNCIL),
    ("POST", "/forms/draft"): roles(COUNCIL),
    ("POST", "/records/drafts/{symbol}/open"): roles(COUNCIL),
    ("POST", "/records/drafts/{symbol}/close"): roles(COUNCIL),
    ("GET", "/forms/board-decision"): roles(BOARD),
    ("POST", "/forms/board-decision"): roles(BOARD),
    ("GET", "/records/board/decisions/{decision_id}"): roles(EVERYONE),
    ("GET", "/forms/board-transaction"): roles(BOARD),
    ("POST", "/forms/board-transaction"): roles(BOARD),
    ("GET", "/records/board/transactions/{transaction_id}"): roles(EVERYONE),
})
SAMPLES.update({"decision_id": "no-such-decision", "transaction_id": "no-such-transaction"})


def denied(status: int, location: str | None) -> bool:
    """401 and 403, and a page's redirect to the sign-in form."""
    return status in (401, 403) or (status == 303 and (location or "").startswith("/login"))


def app_routes(web: Web) -> list[tuple[str, str]]:
    return [(method, path) for method, path, _, _ in route_table(web.api)]


def test_every_route_declares_every_role(any_web: Web) -> None:
    routes = app_routes(any_web)
    missing = [r for r in routes if r not in EXPECT]
    assert not missing, f"declare the expected answer of every role for these routes in EXPECT: {missing}"
    incomplete = [r for r, by_role in EXPECT.items() if set(by_role) != set(Role)]
    assert not incomplete, f"these routes lack an expectation for some role: {incomplete}"
    stale = [r for r in EXPECT if r not in routes]
    assert not stale, f"EXPECT names routes the app does not have: {stale}"
    undeclared = [(m, p) for m, p, action, is_api in route_table(any_web.api) if is_api and action is None]
    assert not undeclared, f"these API routes have no authorize(action) dependency: {undeclared}"


def test_every_role_gets_what_is_declared(any_web: Web) -> None:
    wrong = []
    for method, path in app_routes(any_web):
        url = re.sub(r"{(\w+)}", lambda m: SAMPLES[m.group(1)], path)
        for role in Role:
            kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
            r = any_web.client.request(method, url, headers=any_web.auth(role), follow_redirects=False, **kwargs)
            allowed = not denied(r.status_code, r.headers.get("location"))
            if allowed != EXPECT[(method, path)][role]:
                wrong.append(f"{method} {path} as {role.value}: {r.status_code} {r.text[:120]}")
            if r.status_code >= 500:
                wrong.append(f"{method} {path} as {role.value}: server error {r.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_public_is_told_to_sign_in_and_others_are_forbidden(any_web: Web) -> None:
    r = any_web.client.get("/api/v1/accounts")
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert r.headers["content-type"] == "application/problem+json"
    r = any_web.client.get("/api/v1/accounts", headers=any_web.auth(Role.MONITOR))
    assert r.status_code == 403 and r.json()["detail"] == "the monitor role may not accounts.read"


# -- the pages: per-role dashboards, the day-to-day forms and their record pages (issue 9) ------------------
EXPECT.update({
    ("GET", "/forms/notify"): roles(AID_AGENCY),
    ("POST", "/forms/notify"): roles(AID_AGENCY),
    ("GET", "/records/notifications/{notification_id}"): roles(EVERYONE),
    ("POST", "/records/notifications/{notification_id}/decide"): roles(FORCE_HQ),
    ("POST", "/records/notifications/{notification_id}/withdraw"): roles(AID_AGENCY),
    ("GET", "/forms/consignment"): roles(AID_AGENCY),
    ("POST", "/forms/consignment"): roles(AID_AGENCY),
    ("GET", "/forms/move"): roles(AID_AGENCY),
    ("POST", "/forms/move"): roles(AID_AGENCY),
    ("GET", "/records/consignments/{consignment_id}"): roles(EVERYONE),
    ("GET", "/forms/custody"): roles(FORCE_WRITERS),
    ("POST", "/forms/custody"): roles(FORCE_WRITERS),
    ("GET", "/records/weapons/{weapon_id}"): roles(SECURITY_READERS),
    ("GET", "/forms/incident"): roles(EVERYONE),
    ("POST", "/forms/incident"): roles(EVERYONE),
    ("GET", "/records/incidents/{incident_id}"): roles(EVERYONE),
    ("POST", "/records/incidents/{incident_id}/verify"): roles(MONITOR),
    ("GET", "/forms/grievance"): roles(EVERYONE),
    ("POST", "/forms/grievance"): roles(EVERYONE),
    ("GET", "/records/grievances/{grievance_id}"): roles(EVERYONE),
    ("POST", "/records/grievances/{grievance_id}/respond"): roles(ADDRESSEES),
    ("POST", "/records/grievances/{grievance_id}/cosign"): roles(COSIGNERS),
    ("GET", "/forms/vote"): roles(COUNCIL),
    ("POST", "/forms/vote"): roles(COUNCIL),
    ("GET", "/records/drafts/{symbol}"): roles(EVERYONE),
})
