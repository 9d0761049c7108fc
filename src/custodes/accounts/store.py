"""Tables of organisations, accounts, bearer tokens, browser sessions and sign-in attempts, and their queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    select,
)

from custodes.accounts.model import Account, ApiToken, Organisation, OrgKind, Role
from custodes.paging import Page
from custodes.storage.paging import fetch_page
from custodes.storage.schema import metadata

__all__ = ["accounts", "api_tokens", "login_attempts", "organisations", "sessions"]

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(63), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("org", ForeignKey("organisations.id"), nullable=False, index=True),
    Column("role", String(40), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", ForeignKey("accounts.id"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

#: browser sessions: the cookie carries a random id, the table only its SHA-256 (a stolen table opens nothing)
sessions = Table(
    "sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("account", ForeignKey("accounts.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

#: sign-in attempts per (user name, client address), and per address alone (user name ""), for the lockout
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("username", String(80), primary_key=True),
    Column("address", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("last_at", DateTime(timezone=True), nullable=False, index=True),
)


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def org_of(row: Any) -> Organisation:
    return Organisation(row.id, OrgKind(row.kind), row.name, aware(row.created_at))


def account_of(row: Any) -> Account:
    return Account(int(row.id), row.username, row.org, Role(row.role), bool(row.enabled), aware(row.created_at))


def token_of(row: Any) -> ApiToken:
    return ApiToken(int(row.id), int(row.account), row.name, aware(row.created_at), aware(row.expires_at),
                    None if row.revoked_at is None else aware(row.revoked_at))


def get_org(conn: Connection, org_id: str) -> Organisation | None:
    row = conn.execute(select(organisations).where(organisations.c.id == org_id)).first()
    return None if row is None else org_of(row)


def list_orgs(conn: Connection, *, kind: OrgKind | None, limit: int, offset: int) -> Page[Organisation]:
    q = select(organisations).order_by(organisations.c.id)
    if kind is not None:
        q = q.where(organisations.c.kind == kind.value)
    return fetch_page(conn, q, limit=limit, offset=offset).map(org_of)


def get_account(conn: Connection, *, id: int | None = None, username: str | None = None) -> Any:
    """The account's full row (with its password hash) by id or user name, or None."""
    q = select(accounts)
    q = q.where(accounts.c.id == id) if id is not None else q.where(accounts.c.username == username)
    return conn.execute(q).first()


def list_accounts(conn: Connection, *, org: str | None, role: Role | None, enabled: bool | None,
                  limit: int, offset: int) -> Page[Account]:
    q = select(accounts).order_by(accounts.c.id)
    if org is not None:
        q = q.where(accounts.c.org == org)
    if role is not None:
        q = q.where(accounts.c.role == role.value)
    if enabled is not None:
        q = q.where(accounts.c.enabled.is_(enabled))
    return fetch_page(conn, q, limit=limit, offset=offset).map(account_of)
