"""The pages' frame: language and direction, signing in and out by form, CSRF on forms, error pages."""

from __future__ import annotations

from web_support import PASSWORD, Web

from custodes.accounts.model import Role


def test_the_portal_needs_no_login_and_speaks_both_languages(web: Web) -> None:
    en = web.client.get("/")
    assert en.status_code == 200 and '<html lang="en" dir="ltr">' in en.text
    assert "Board of Peace" in en.text
    ar = web.client.get("/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in ar.text and "مجلس السلام" in ar.text
    assert ar.cookies.get("custodes_lang") == "ar"
    assert '<html lang="ar" dir="rtl">' in web.client.get("/").text  # remembered
    web.client.cookies.clear()
    assert 'dir="rtl"' in web.client.get("/", headers={"Accept-Language": "ar-PS,ar;q=0.9"}).text


def test_a_dashboard_sends_the_public_to_the_sign_in_form(web: Web) -> None:
    r = web.client.get("/dashboard?lang=ar", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fdashboard%3Flang%3Dar"


def test_signing_in_and_out_by_form(web: Web) -> None:
    user = web.username(Role.MONITOR)
    bad = web.client.post("/login", data={"username": user, "password": "wrong password", "next": "/dashboard"})
    assert bad.status_code == 401 and "wrong" in bad.text and 'value="' + user + '"' in bad.text
    ok = web.client.post("/login", data={"username": user, "password": PASSWORD, "next": "https://evil.example/"},
                         follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/dashboard"
    page = web.client.get("/dashboard")
    assert page.status_code == 200 and "Monitor" in page.text and user in page.text
    # a form that changes state without the session's CSRF token is refused, as an error page
    forged = web.client.post("/logout", follow_redirects=False)
    assert forged.status_code == 403 and forged.headers["content-type"].startswith("text/html")
    out = web.client.post("/logout", data={"csrf_token": web.client.cookies["custodes_csrf"]},
                          follow_redirects=False)
    assert out.status_code == 303
    web.client.cookies.clear()
    assert web.client.get("/dashboard", follow_redirects=False).status_code == 303


def test_errors_are_pages_on_pages_and_problems_on_the_api(web: Web) -> None:
    page = web.client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = web.client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"


def test_static_files_and_the_vendored_map_library(web: Web) -> None:
    assert web.client.get("/static/css/custodes.css").status_code == 200
    leaflet = web.client.get("/static/vendor/leaflet/leaflet.js")
    assert leaflet.status_code == 200 and "Leaflet" in leaflet.text[:400]
