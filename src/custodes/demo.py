"""The demonstration mission that ``make run`` serves: real public data, exercise data, demo accounts.

Every step is idempotent, so ``make run`` can be run again: imports add nothing the second time, exercise
data is generated only when none is present, and demo accounts are created once, with random passwords
written to ``<data dir>/demo-logins.txt`` (mode 0600). No password is a default.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from custodes.accounts.model import OrgKind, Role
from custodes.aid.imports import import_file
from custodes.app import Custodes
from custodes.ledger.sequencer import journal

__all__ = ["DEMO_ACCOUNTS", "ROLE_ORGS", "DemoResult", "add_role_accounts", "role_username", "set_up_demo"]

#: one organisation per role, named after it: the accounts that tests, screenshots and benchmarks sign in as
ROLE_ORGS: Mapping[Role, tuple[str, OrgKind]] = {
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


def role_username(role: Role) -> str:
    """The user name of ``role``'s account from :func:`add_role_accounts`.

    >>> role_username(Role.FORCE_HQ)
    'force-hq-user'
    """
    return f"{role.value.replace('_', '-')}-user"


def add_role_accounts(app: Custodes, actor: str, password: str,
                      roles: Mapping[Role, tuple[str, OrgKind]] = ROLE_ORGS) -> dict[Role, int]:
    """An organisation of :data:`ROLE_ORGS` and one account in it per role, all with ``password``
    (given by the caller: tests and tools, never a default); returns each role's account id."""
    accounts = {}
    for role, (org, kind) in roles.items():
        app.accounts.add_org(actor, org, kind, f"{org} ({actor})")
        accounts[role] = app.accounts.create_account(actor, role_username(role), org, password).id
    return accounts

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
    steps: list[str] = []

    def step(text: str) -> None:
        steps.append(text)
        say(text)

    if shared_data is not None and shared_data.is_dir():
        vetoes = shared_data / "unsc_vetoes_1946_sept2022.csv"
        if vetoes.is_file():
            r = app.council.import_vetoes(vetoes, actor=app.settings.actor)
            step(f"UN Security Council veto list 1946-2022: {r.added} added, {r.already_there} already present")
        unrwa = shared_data / "unrwa_gaza_commodities_received_2023-10-21_2024-09-30.csv"
        if unrwa.is_file():
            a = import_file(app.store, app.settings.actor, unrwa, "unrwa")
            step(f"UNRWA supply line list: {a.added} added, {a.present} already present")
    else:
        step("no shared data folder beside the checkout: real line lists not imported")
    with app.store.read() as conn:
        has_exercise = conn.execute(select(func.count()).select_from(journal)
                                    .where(journal.c.exercise.is_(True))).scalar_one() > 0
    if has_exercise:
        step("exercise data already present")
    else:
        for ex in app.exercise(seed):
            step(f"exercise data, {ex.domain}: {ex.records} records")
    logins = app.settings.data_dir / "demo-logins.txt"
    known = {o.id for o in app.accounts.orgs(limit=500)[0]}
    lines = []
    for org_id, kind, name, user in DEMO_ACCOUNTS:
        if org_id not in known:
            app.accounts.add_org(app.settings.actor, org_id, kind, name)
        if not app.accounts.accounts(org=org_id)[0]:
            password = secrets.token_urlsafe(12)
            app.accounts.create_account(app.settings.actor, user, org_id, password)
            lines.append(f"{user}\t{password}\t{org_id} ({kind})\n")
    if lines:
        fd = os.open(logins, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.writelines(lines)
        step(f"demo accounts created: {', '.join(u for *_, u in DEMO_ACCOUNTS)}")
    published = app.integrator().integrate()
    step(f"public log: {published.size} entries under a signed checkpoint")
    return DemoResult(tuple(steps), logins)
