"""Killing `custodes init` at any instant leaves nothing or everything; a rerun completes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from custodes.app import Custodes
from custodes.errors import ProfileError
from custodes.settings import Settings

SRC = Path(__file__).resolve().parents[1] / "src"


def _state(data: Path) -> tuple[int, int] | None:
    db = data / "custodes.sqlite3"
    if not db.exists():
        return None
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("journal"):
                return None
            n = conn.execute(sa.text("select count(*) from journal")).scalar_one()
            m = conn.execute(sa.text("select count(*) from mission")).scalar_one()
            return int(n), int(m)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_kill_during_init_leaves_nothing_or_everything(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    reference = tmp_path / "ref"
    subprocess.run([sys.executable, "-m", "custodes", "--data-dir", str(reference), "init"], env=env, check=True,
                   capture_output=True)
    full = _state(reference)
    assert full is not None and full[0] > 50
    rng = random.Random(2803)
    for trial in range(8):
        data = tmp_path / f"d{trial}"
        proc = subprocess.Popen([sys.executable, "-m", "custodes", "--data-dir", str(data), "init"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _state(data) in (None, (0, 0), full), f"trial {trial}: half-written {_state(data)}"
        subprocess.run([sys.executable, "-m", "custodes", "--data-dir", str(data), "init"], env=env, check=True,
                       capture_output=True)
        assert _state(data) == full


def test_broken_profile_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with pytest.raises(ProfileError):
        Custodes.open(Settings(data_dir=data, profile=str(tmp_path / "missing")), create=True)
    assert not data.exists()
