"""What the browser tests share: the seeded mission, its accounts, and the live server's handle.

(Test modules import from here, not from conftest.py: two conftest modules would share one name.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from custodes.accounts.model import OrgKind, Role
from custodes.app import Custodes
from custodes.settings import Settings

__all__ = ["NOW", "ORGS", "PASSWORD", "Live", "seed_mission", "username"]

PASSWORD = "a long e2e test password"
ORGS: dict[Role, tuple[str, OrgKind]] = {
    Role.ADMIN: ("secretariat", OrgKind.SECRETARIAT),
    Role.COUNCIL: ("delegation-fra", OrgKind.COUNCIL_DELEGATION),
    Role.BOARD: ("board-member-1", OrgKind.BOARD_MEMBER),
    Role.FORCE_HQ: ("isf-hq", OrgKind.FORCE_HQ),
    Role.CONTINGENT: ("contingent-a", OrgKind.CONTINGENT),
    Role.AID_AGENCY: ("agency-a", OrgKind.AID_AGENCY),
    Role.MONITOR: ("monitor-a", OrgKind.MONITOR),
    Role.COMMITTEE: ("ncag", OrgKind.PALESTINIAN_COMMITTEE),
    Role.CIVIL_SOCIETY: ("cso-a", OrgKind.CIVIL_SOCIETY),
}
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def username(role: Role) -> str:
    return f"{role.value.replace('_', '-')}-user"


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
    for _ in app.exercise(2803):
        pass
    for role, (org, kind) in ORGS.items():
        app.accounts.add_org("e2e", org, kind, f"{org} (test)")
        app.accounts.create_account("e2e", username(role), org, PASSWORD)
    app.integrator().integrate()
    return app
