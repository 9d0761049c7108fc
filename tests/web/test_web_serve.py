"""`custodes serve` answers on loopback and stops cleanly on Ctrl-C (SIGINT)."""

from __future__ import annotations

import httpx
import pytest
from web_support import serving

from custodes.app import Custodes


@pytest.mark.slow
def test_serve_answers_and_stops_on_ctrl_c(app: Custodes) -> None:
    with serving(app, wait=60) as served:
        r = httpx.get(f"http://127.0.0.1:{served.port}/api/v1/mission/status", timeout=5)
        assert r.status_code == 200 and r.json()["profile"] == "unsc-2803-gaza"
    assert served.proc.returncode == 0, served.err[-500:]
    assert "stopped" in served.out and "Traceback" not in served.err
