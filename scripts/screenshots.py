"""Screenshots of the public portal's main pages, in English and Arabic, into docs/screenshots/.

Seeds a mission with exercise data (the browser tests' seed), serves it on a free loopback port, and
photographs each page with Debian's headless Chromium (1280 pixels wide, the full page up to 2400 high).
The pages show the exercise records (``?records=exercise``), labelled as such on every page.

    PYTHONPATH=src .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import uvicorn  # noqa: E402
from e2e_support import seed_mission  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, _free_socket  # noqa: E402
from custodes.web import WebSettings, create_app  # noqa: E402

PAGES = {
    "portal-home": "/?records=exercise",
    "portal-incidents": "/portal/incidents?records=exercise",
    "portal-aid": "/portal/aid?records=exercise",
    "portal-disarmament": "/portal/disarmament?records=exercise",
    "portal-board": "/portal/board?records=exercise",
    "portal-map": "/portal/map?records=exercise",
    "portal-verify": None,  # the first verified incident's "verify" page, after pressing the button
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app = seed_mission(Path(tmp))
        api = create_app(app, WebSettings(session_secret="screenshots-" + "s" * 40))
        sock = _free_socket()
        server = uvicorn.Server(uvicorn.Config(api, log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for lang in ("en", "ar"):
                    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    for name, path in PAGES.items():
                        if path is None:
                            page.goto(f"/portal/incidents?records=exercise&lang={lang}")
                            page.goto(str(page.locator("a.verify-link").first.get_attribute("href")))
                            page.locator("#verify-button").click()
                            page.wait_for_function("document.querySelector('#verify-result').dataset.state "
                                                   "&& document.querySelector('#verify-result').dataset.state "
                                                   "!== 'running'")
                        else:
                            page.goto(f"{path}&lang={lang}")
                        if name == "portal-map":
                            page.wait_for_function("document.querySelector('#map').dataset.state")
                        page.wait_for_load_state("networkidle")
                        height = min(2400, int(page.evaluate("document.documentElement.scrollHeight")))
                        target = args.out / f"{name}-{lang}.png"
                        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": 1280, "height": height},
                                        full_page=True)
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                    context.close()
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()


if __name__ == "__main__":
    main()
