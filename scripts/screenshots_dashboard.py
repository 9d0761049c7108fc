"""Screenshots of the per-role dashboards and two forms, in English and Arabic, into docs/screenshots/.

    PYTHONPATH=src python scripts/screenshots_dashboard.py [--out docs/screenshots]

A mission in a temporary directory: ``init``, the exercise data (fixed seed), one account per role, and a
few records of the aid agency account (a notification, consignments, a grievance to it) so its dashboard
has something to show. uvicorn serves it on a free loopback port; Debian's Chromium (Playwright) signs
in per role and saves each page 1280 pixels wide. The clock is fixed (2026-11-27 10:00 UTC).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from custodes.accounts.model import Role
from custodes.aid import service as aid
from custodes.app import Custodes
from custodes.demo import add_role_accounts, role_username
from custodes.settings import Settings
from custodes.web import WebSettings, create_app

NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
PASSWORD = "a long screenshot password"
#: (file name, role or None for the public, path)
#: the dashboards' map and charts show the exercise records (the mission here holds only those and a few real ones)
DASHBOARD = "/dashboard?records=exercise"
SHOTS = [("dashboard-aid-agency", Role.AID_AGENCY, DASHBOARD), ("dashboard-force-hq", Role.FORCE_HQ, DASHBOARD),
         ("dashboard-monitor", Role.MONITOR, DASHBOARD), ("dashboard-board", Role.BOARD, DASHBOARD),
         ("dashboard-council", Role.COUNCIL, DASHBOARD),
         ("form-notify-movement", Role.AID_AGENCY, "/forms/notify"),
         ("form-grievance-public", None, "/forms/grievance")]


def seed(data: Path) -> Custodes:
    app = Custodes.open(Settings(data_dir=data), clock=lambda: NOW, create=True)
    app.init()
    app.exercise(2803)
    add_role_accounts(app, "screenshots", PASSWORD)
    start = dt.datetime(2026, 11, 30, 7, tzinfo=dt.UTC)
    for i, (a, b) in enumerate((("kerem-shalom", "rafah"), ("zikim", "kissufim"))):
        app.aid.notifier.notify_movement("screenshots", agency="agency-a", origin=a, destination=b,
                                         start=start + dt.timedelta(days=i), end=start + dt.timedelta(days=i, hours=6),
                                         vehicles=8 + i, contact="radio", accept_hazards=True)
    for i, category in enumerate(("food", "medical", "shelter")):
        c = aid.register_consignment(app.store, "screenshots", agency="agency-a", crossing="kerem-shalom",
                                     category=category, trucks=10 + 5 * i, donor="ECHO")
        for action in ("clear", "stage")[:i]:
            aid.move_consignment(app.store, "screenshots", c.id, action)
    app.grievances.file("complainant", addressee="agency", agency="agency-a", category="aid_access",
                        language="ar", subject="توزيع الطرود الغذائية", text="لم يصل التوزيع إلى الحي.")
    return app


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CUSTODES_CHROMIUM", "/usr/bin/chromium"),
                                     args=["--headless=new", "--no-sandbox", "--disable-gpu"], headless=True)
        for name, role, path in SHOTS:
            for lang in ("en", "ar"):
                context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
                page: Any = context.new_page()
                if role is not None:
                    page.goto("/login")
                    page.locator("#username").fill(role_username(role))
                    page.locator("#password").fill(PASSWORD)
                    page.locator("form[action='/login'] button[type=submit]").click()
                    page.wait_for_url("**/dashboard**")
                page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
                if page.locator("#map").count():
                    page.wait_for_function("['ready', 'failed'].includes(document.querySelector('#map').dataset.state)")
                # charts load lazily (when scrolled to); a full-page picture needs them all now
                page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
                page.wait_for_function("[...document.images].every(i => i.complete)")
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{lang}.png"
                page.screenshot(path=str(target), full_page=True)
                saved.append(target)
                context.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = seed(Path(tmp) / "data")
        sock = free_socket()
        server = uvicorn.Server(uvicorn.Config(create_app(app, WebSettings(session_secret="x" * 40)),
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            for p in shoot(f"http://127.0.0.1:{sock.getsockname()[1]}", args.out):
                print(p)
        finally:
            server.should_exit = True
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
