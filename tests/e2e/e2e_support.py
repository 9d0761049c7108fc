"""What the browser tests share: the seeded mission, its accounts, and the live server's handle.

(Test modules import from here, not from conftest.py: two conftest modules would share one name.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from custodes.accounts.model import Role
from custodes.app import Custodes
from custodes.demo import add_role_accounts, role_username
from custodes.settings import Settings

__all__ = ["NOW", "PASSWORD", "Live", "seed_mission", "username"]

username = role_username

PASSWORD = "a long e2e test password"
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


@dataclass
class Live:
    """The running server: its address and the mission behind it."""

    url: str
    app: Custodes

    def username(self, role: Role) -> str:
        return username(role)


def seed_mission(data_dir: Path) -> Custodes:
    """An initialised mission with exercise data, an account per role and a published log."""
    app = Custodes.open(Settings(data_dir=data_dir), clock=lambda: NOW, create=True)
    app.init()
    app.exercise(2803)
    add_role_accounts(app, "e2e", PASSWORD)
    app.integrator().integrate()
    return app
