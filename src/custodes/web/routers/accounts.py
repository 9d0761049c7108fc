"""``/api/v1/organisations`` and ``/api/v1/accounts``: administration of who has an account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from custodes.accounts.model import OrgKind, Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.schemas import AccountOut, OrganisationOut

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["accounts"])
OrgId = Annotated[str, Path(min_length=2, max_length=63, pattern=r"^[a-z0-9][a-z0-9-]+$")]
AccountId = Annotated[int, Path(ge=1, le=2**62)]


class OrganisationIn(BaseModel):
    id: str = Field(min_length=2, max_length=63, pattern=r"^[a-z0-9][a-z0-9-]+$", examples=["unrwa-gaza"])
    kind: OrgKind
    name: str = Field(min_length=1, max_length=200)


class AccountIn(BaseModel):
    username: str = Field(min_length=3, max_length=80, pattern=r"^[a-z0-9][a-z0-9._@-]+$")
    org: str = Field(min_length=2, max_length=63, pattern=r"^[a-z0-9][a-z0-9-]+$")
    password: str = Field(min_length=12, max_length=1024)
    role: Role | None = Field(default=None, description="default: the role of the organisation's kind")


@router.get("/organisations", tags=["accounts"], responses=responses(401, 403, 422))
def organisations(app: AppDep, who: Annotated[Principal, authorize("orgs.read")], page: Paged,
                  kind: Annotated[OrgKind | None, Query(description="only organisations of this kind")] = None,
                  ) -> Page[OrganisationOut]:
    """Organisations that hold accounts."""
    found = app.accounts.orgs(kind=kind, limit=page.limit, offset=page.offset)
    return Page.of([OrganisationOut.of(o) for o in found], found.total, page)


@router.get("/organisations/{org_id}", responses=responses(401, 403, 404, 422))
def organisation(app: AppDep, who: Annotated[Principal, authorize("orgs.read")], org_id: OrgId) -> OrganisationOut:
    return OrganisationOut.of(app.accounts.org(org_id))


@router.post("/organisations", status_code=201, responses=responses(401, 403, 409, 422))
def add_organisation(body: OrganisationIn, app: AppDep,
                     who: Annotated[Principal, authorize("orgs.write")]) -> OrganisationOut:
    """Add an organisation (administrators)."""
    return OrganisationOut.of(app.accounts.add_org(body.id, body.kind, body.name, actor=actor_of(who)))


@router.get("/accounts", responses=responses(401, 403, 422))
def accounts(app: AppDep, who: Annotated[Principal, authorize("accounts.read")], page: Paged,
             org: Annotated[str | None, Query(max_length=63, description="only this organisation's")] = None,
             role: Annotated[Role | None, Query(description="only accounts with this role")] = None,
             enabled: Annotated[bool | None, Query(description="only enabled (or disabled) accounts")] = None,
             ) -> Page[AccountOut]:
    """Accounts (administrators)."""
    found = app.accounts.accounts(org=org, role=role, enabled=enabled, limit=page.limit, offset=page.offset)
    return Page.of([AccountOut.of(a) for a in found], found.total, page)


@router.get("/accounts/{account_id}", responses=responses(401, 403, 404, 422))
def account(app: AppDep, who: Annotated[Principal, authorize("accounts.read")], account_id: AccountId) -> AccountOut:
    return AccountOut.of(app.accounts.account(account_id))


@router.post("/accounts", status_code=201, responses=responses(401, 403, 404, 409, 422))
def create_account(body: AccountIn, app: AppDep,
                   who: Annotated[Principal, authorize("accounts.write")]) -> AccountOut:
    """Create an account in an organisation (administrators)."""
    return AccountOut.of(app.accounts.create_account(body.username, body.org, body.password, body.role,
                                                     actor=actor_of(who)))


@router.post("/accounts/{account_id}/disable", responses=responses(401, 403, 404, 409, 422))
def disable_account(app: AppDep, who: Annotated[Principal, authorize("accounts.write")],
                    account_id: AccountId) -> AccountOut:
    """Disable an account: its sessions and tokens stop working at once."""
    return AccountOut.of(app.accounts.disable_account(account_id, actor=actor_of(who)))


class PasswordResetIn(BaseModel):
    password: str | None = Field(default=None, min_length=12, max_length=1024,
                                 description="the new password; default: a random one, returned once")


class PasswordResetOut(BaseModel):
    account: int
    password: str = Field(description="the new password, to hand to the account's holder; shown this once")


@router.post("/accounts/{account_id}/password", responses=responses(401, 403, 404, 422))
def reset_password(body: PasswordResetIn, app: AppDep, who: Annotated[Principal, authorize("accounts.write")],
                   account_id: AccountId) -> PasswordResetOut:
    """Reset an account's password (administrators): every session of the account ends."""
    return PasswordResetOut(account=account_id,
                            password=app.accounts.reset_password(account_id, body.password, actor=actor_of(who)))
