"""Output schemas shared by several routers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from custodes.accounts.model import Account, ApiToken, Organisation, OrgKind, Role

__all__ = ["AccountOut", "OrganisationOut", "TokenOut"]


class TokenOut(BaseModel):
    id: int
    account: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> TokenOut:
        return cls(id=t.id, account=t.account, name=t.name, created_at=t.created_at, expires_at=t.expires_at,
                   revoked_at=t.revoked_at)


class OrganisationOut(BaseModel):
    id: str
    kind: OrgKind
    name: str
    created_at: dt.datetime

    @classmethod
    def of(cls, o: Organisation) -> OrganisationOut:
        return cls(id=o.id, kind=o.kind, name=o.name, created_at=o.created_at)


class AccountOut(BaseModel):
    id: int
    username: str
    org: str
    role: Role
    enabled: bool
    created_at: dt.datetime

    @classmethod
    def of(cls, a: Account) -> AccountOut:
        return cls(id=a.id, username=a.username, org=a.org, role=a.role, enabled=a.enabled, created_at=a.created_at)
