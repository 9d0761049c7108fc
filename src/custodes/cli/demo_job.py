"""The demonstration mission that ``make run`` serves: real public data, exercise data, demo accounts.

Every step is idempotent, so ``make run`` can be run again: imports add nothing the second time, exercise
data is generated only when none is present, and demo accounts are created once, with random passwords
written to ``<data dir>/demo-logins.txt`` (mode 0600). No password is a default.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from custodes.app import Custodes
from custodes.errors import NotFound

__all__ = ["DEMO_ACCOUNTS", "DemoResult", "set_up_demo"]

#: (organisation id, kind, name, user name) of the demo accounts, one per kind of organisation
DEMO_ACCOUNTS = (
    ("secretariat", "secretariat", "Mission secretariat", "admin"),
    ("monitor-a", "monitor", "Monitoring team A (exercise)", "monitor"),
    ("aid-agency-a", "aid_agency", "Aid agency A (exercise)", "agency"),
    ("isf", "force_hq", "ISF headquarters", "forcehq"),
    ("committee", "palestinian_committee", "Palestinian committee", "committee"),
    ("monitor-b", "monitor", "Monitoring team B (exercise)", "monitor2"),
    ("contingent-a", "contingent", "Contingent A (exercise)", "contingent"),
    ("board-member-1", "board_member", "Board member 1 (exercise)", "board"),
    ("delegation-gbr", "council_delegation", "Council delegation GBR (exercise)", "council"),
    ("cso-a", "civil_society", "Civil society organisation A (exercise)", "cso"),
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    steps: tuple[str, ...]
    logins_file: Path


def set_up_demo(app: Custodes, shared_data: Path | None, *, seed: int = 2803,
                say: Callable[[str], None] = lambda _: None) -> DemoResult:
    """Import the real data sets, add exercise data and the demo accounts, publish the log (idempotent)."""
    steps: list[str] = []

    def step(text: str) -> None:
        steps.append(text)
        say(text)

    actor = app.settings.actor
    if shared_data is not None and shared_data.is_dir():
        vetoes = shared_data / "unsc_vetoes_1946_sept2022.csv"
        if vetoes.is_file():
            r = app.council.import_vetoes(vetoes, actor=app.settings.actor)
            step(f"UN Security Council veto list 1946-2022: {r.added} added, {r.already_there} already present")
        unrwa = shared_data / "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv"
        if unrwa.is_file():
            a = app.aid.import_file(unrwa, "unrwa", actor=actor)
            step(f"UNRWA supply line list: {a.added} added, {a.present} already present")
    else:
        step("no shared data folder beside the checkout: real line lists not imported")
    if app.journal.holds_exercise():
        step("exercise data already present")
    else:
        for ex in app.exercise(seed):
            step(f"exercise data, {ex.domain}: {ex.records} records")
    logins = app.settings.data_dir / "demo-logins.txt"
    lines = _add_demo_accounts(app, actor)
    if lines:
        fd = os.open(logins, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.writelines(lines)
        step(f"demo accounts created: {', '.join(u for *_, u in DEMO_ACCOUNTS)}")
    published = app.integrator().integrate()
    step(f"public log: {published.size} entries under a signed checkpoint")
    return DemoResult(tuple(steps), logins)


def _add_demo_accounts(app: Custodes, actor: str) -> list[str]:
    """The demo organisations and accounts not there yet; the logins file's lines of the new accounts."""
    lines = []
    for org_id, kind, name, user in DEMO_ACCOUNTS:
        try:
            app.accounts.org(org_id)
        except NotFound:
            app.accounts.add_org(org_id, kind, name, actor=actor)
        if not app.accounts.accounts(org=org_id, limit=1, offset=0).total:
            password = secrets.token_urlsafe(12)
            app.accounts.create_account(user, org_id, password, actor=actor)
            lines.append(f"{user}\t{password}\t{org_id} ({kind})\n")
    return lines
