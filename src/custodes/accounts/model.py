"""Organisations and accounts as plain values, and the pure rules about names and roles.

>>> check_org_id("unrwa-gaza")
'unrwa-gaza'
>>> role_for(OrgKind.CONTINGENT)
<Role.CONTINGENT: 'contingent'>
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from custodes.accounts.breached import is_common
from custodes.errors import InputError

__all__ = [
    "Account",
    "ApiToken",
    "OrgKind",
    "Organisation",
    "Role",
    "check_org_id",
    "check_password",
    "check_username",
    "role_for",
    "roles_for",
]


class OrgKind(StrEnum):
    """The kinds of organisation that hold accounts. The public holds none."""

    SECRETARIAT = "secretariat"  # the mission's own administration: runs the system
    COUNCIL_DELEGATION = "council_delegation"
    BOARD_MEMBER = "board_member"
    FORCE_HQ = "force_hq"
    CONTINGENT = "contingent"
    AID_AGENCY = "aid_agency"
    MONITOR = "monitor"
    PALESTINIAN_COMMITTEE = "palestinian_committee"
    CIVIL_SOCIETY = "civil_society"


class Role(StrEnum):
    """What an account may do; ``public`` is everyone without an account."""

    ADMIN = "admin"
    COUNCIL = "council"
    BOARD = "board"
    FORCE_HQ = "force_hq"
    CONTINGENT = "contingent"
    AID_AGENCY = "aid_agency"
    MONITOR = "monitor"
    COMMITTEE = "committee"
    CIVIL_SOCIETY = "civil_society"
    PUBLIC = "public"


#: the roles an account of each kind of organisation may hold
_ROLES: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.SECRETARIAT: (Role.ADMIN,),
    OrgKind.COUNCIL_DELEGATION: (Role.COUNCIL,),
    OrgKind.BOARD_MEMBER: (Role.BOARD,),
    OrgKind.FORCE_HQ: (Role.FORCE_HQ,),
    OrgKind.CONTINGENT: (Role.CONTINGENT,),
    OrgKind.AID_AGENCY: (Role.AID_AGENCY,),
    OrgKind.MONITOR: (Role.MONITOR,),
    OrgKind.PALESTINIAN_COMMITTEE: (Role.COMMITTEE,),
    OrgKind.CIVIL_SOCIETY: (Role.CIVIL_SOCIETY,),
}


def roles_for(kind: OrgKind) -> tuple[Role, ...]:
    return _ROLES[kind]


def role_for(kind: OrgKind) -> Role:
    """The default role of an account in an organisation of ``kind``."""
    return _ROLES[kind][0]


_ORG_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,79}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


def check_org_id(value: str) -> str:
    if not _ORG_ID.match(value):
        raise InputError("an organisation id is 2 to 63 lower-case letters, digits or '-', starting with a "
                         f"letter or digit; got {value!r}", field="id")
    return value


def check_username(value: str) -> str:
    if not _USERNAME.match(value):
        raise InputError("a user name is 3 to 80 lower-case letters, digits or . _ @ -, starting with a letter "
                         f"or digit; got {value!r}", field="username")
    return value


def check_password(value: str, *, field: str = "password") -> str:
    """A password long enough to resist guessing and not a common one (length is what counts; no
    composition rules). The common ones are those of :mod:`custodes.accounts.breached`."""
    if not MIN_PASSWORD <= len(value) <= MAX_PASSWORD:
        raise InputError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters; got {len(value)}",
                         field=field)
    if is_common(value):
        raise InputError("this password is among the most common leaked passwords, which attackers try "
                         "first; choose a less common one (a few unrelated words work well)", field=field)
    return value


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    kind: OrgKind
    name: str
    created_at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, "name": self.name, "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    org: str
    role: Role
    enabled: bool
    created_at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "username": self.username, "org": self.org, "role": self.role.value,
                "enabled": self.enabled, "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A bearer token's record; the secret itself is never stored, only its SHA-256."""

    id: int
    account: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "account": self.account, "name": self.name, "created_at": self.created_at.isoformat(),
                "expires_at": self.expires_at.isoformat(),
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None}
