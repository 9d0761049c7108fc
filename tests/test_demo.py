"""The demonstration mission `make run` serves: real data, exercise data, demo logins; idempotent."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.cli.demo_job import DEMO_ACCOUNTS, set_up_demo


@pytest.mark.slow
def test_demo_is_real_labelled_and_idempotent(app: Custodes, shared_data: Path) -> None:
    first = set_up_demo(app, shared_data)
    assert any("37373 added" in s for s in first.steps) and any("214 added" in s for s in first.steps)
    assert stat.S_IMODE(first.logins_file.stat().st_mode) == 0o600
    logins = first.logins_file.read_text(encoding="utf-8").splitlines()
    assert len(logins) == len(DEMO_ACCOUNTS) and all(len(line.split("\t")[1]) >= 12 for line in logins)
    assert app.journal.entries(exercise=True, limit=1, offset=0).total > 0
    second = set_up_demo(app, shared_data)
    assert "exercise data already present" in second.steps
    assert any("0 added, 37373 already present" in s for s in second.steps)
    assert first.logins_file.read_text(encoding="utf-8").splitlines() == logins
