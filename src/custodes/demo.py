"""The accounts that tests, screenshots, benchmarks and the demonstration sign in as: one organisation per role.

``custodes demo`` (custodes.cli.demo_job) sets up the demonstration mission itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from custodes.accounts.model import OrgKind, Role

if TYPE_CHECKING:
    from custodes.accounts.service import AccountService

__all__ = ["ROLE_ORGS", "HasAccounts", "add_role_accounts", "role_username"]


class HasAccounts(Protocol):
    """What :func:`add_role_accounts` uses of a mission: its account use cases (``Custodes`` has them)."""

    @property
    def accounts(self) -> AccountService: ...


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


def add_role_accounts(app: HasAccounts, actor: str, password: str,
                      roles: Mapping[Role, tuple[str, OrgKind]] = ROLE_ORGS) -> dict[Role, int]:
    """An organisation of :data:`ROLE_ORGS` and one account in it per role, all with ``password``
    (given by the caller: tests and tools, never a default); returns each role's account id."""
    accounts = {}
    for role, (org, kind) in roles.items():
        app.accounts.add_org(org, kind, f"{org} ({actor})", actor=actor)
        accounts[role] = app.accounts.create_account(role_username(role), org, password, actor=actor).id
    return accounts
