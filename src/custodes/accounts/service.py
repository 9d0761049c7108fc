"""Use cases of accounts: organisations, accounts, passwords, bearer tokens. Every change is journalled.

The journal never holds a password (hash or clear) or a token (secret or digest); a user name enters it
only as a salted commitment. A password change or reset is journalled with the account's number only.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import insert, select, update

from custodes.accounts import store as st
from custodes.accounts.model import (
    Account,
    ApiToken,
    Organisation,
    OrgKind,
    Role,
    check_org_id,
    check_password,
    check_username,
    roles_for,
)
from custodes.accounts.passwords import hash_password, new_token_secret, token_digest, verify_password
from custodes.accounts.policy import Principal
from custodes.accounts.sessions import end_sessions
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.ledger.disclosure import publishes
from custodes.paging import Page
from custodes.storage.uow import Store

__all__ = ["TOKEN_PREFIX", "AccountService", "IssuedToken", "actor_of", "new_password"]

publishes("accounts.organisation_added", "id", "kind", "name")
publishes("accounts.account_created", "id", "org", "role")  # the user name stays sealed
publishes("accounts.account_disabled", "id", "org")
publishes("accounts.token_issued", "id", "account", "expires_at")
publishes("accounts.token_revoked", "id", "account")
publishes("accounts.password_changed", "id")  # never the hash
publishes("accounts.password_reset", "id")

TOKEN_PREFIX = "cst_"
MAX_TOKEN_DAYS = 366


def new_password() -> str:
    """A random password for a reset: 20 characters from 120 random bits, to be changed by its owner."""
    return secrets.token_urlsafe(15)


def actor_of(who: Principal) -> str:
    """How a principal appears in the journal: its organisation and account number, never a name."""
    return f"{who.org}#{who.account}" if who.authenticated else "public"


class IssuedToken:
    """A freshly issued token: its record, and the secret shown this once."""

    def __init__(self, token: ApiToken, secret: str) -> None:
        self.token, self.secret = token, secret


class AccountService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- organisations --------------------------------------------------------------------------
    def add_org(self, org_id: str, kind: OrgKind | str, name: str, *, actor: str) -> Organisation:
        """Register an organisation of a kind under a unique id."""
        check_org_id(org_id)
        try:
            kind = OrgKind(kind)
        except ValueError:
            raise InputError(f"unknown organisation kind {kind!r}; one of {', '.join(OrgKind)}",
                             field="kind") from None
        name = name.strip()
        if not 1 <= len(name) <= 200:
            raise InputError("an organisation's name has 1 to 200 characters", field="name")
        with self.store.write(actor) as uow:
            if st.get_org(uow.conn, org_id) is not None:
                raise IllegalTransition("organisation_exists", f"an organisation {org_id!r} already exists")
            uow.conn.execute(insert(st.organisations).values(id=org_id, kind=kind.value, name=name,
                                                              created_at=uow.now))
            uow.append("accounts.organisation_added", {"id": org_id, "kind": kind.value, "name": name})
            return Organisation(org_id, kind, name, uow.now)

    def org(self, org_id: str) -> Organisation:
        """One organisation by id."""
        with self.store.read() as conn:
            found = st.get_org(conn, org_id)
        if found is None:
            raise NotFound(f"no organisation {org_id!r}; see `custodes org list`")
        return found

    def orgs(self, *, limit: int, offset: int, kind: OrgKind | None = None) -> Page[Organisation]:
        """Organisations (optionally of one kind) by id, a page of them and how many match."""
        with self.store.read() as conn:
            return st.list_orgs(conn, kind=kind, limit=limit, offset=offset)

    # -- accounts -------------------------------------------------------------------------------
    def create_account(self, username: str, org_id: str, password: str, role: Role | str | None = None, *,
                       actor: str) -> Account:
        """Create an account in an organisation, with a checked password and a role."""
        check_username(username)
        check_password(password)
        digest = hash_password(password)  # slow on purpose: outside the writer's lock
        with self.store.write(actor) as uow:
            org = st.get_org(uow.conn, org_id)
            if org is None:
                raise NotFound(f"no organisation {org_id!r}; add it first with `custodes org add`")
            allowed = roles_for(org.kind)
            try:
                chosen = allowed[0] if role is None else Role(role)
            except ValueError:
                raise InputError(f"unknown role {role!r}; one of {', '.join(r.value for r in allowed)}",
                                 field="role") from None
            if chosen not in allowed:
                raise InputError(f"an account of a {org.kind.value} organisation has the role "
                                 f"{' or '.join(r.value for r in allowed)}, not {chosen.value}", field="role")
            if st.get_account(uow.conn, username=username) is not None:
                raise IllegalTransition("username_taken", f"the user name {username!r} is taken")
            res = uow.conn.execute(insert(st.accounts).values(
                username=username, org=org_id, role=chosen.value, password_hash=digest, enabled=True,
                created_at=uow.now))
            account_id = int(res.inserted_primary_key[0])  # type: ignore[index]
            uow.append("accounts.account_created", {"id": account_id, "org": org_id, "role": chosen.value,
                                                    "username": username}, sensitive=["username"])
            return Account(account_id, username, org_id, chosen, True, uow.now)

    def account(self, account_id: int) -> Account:
        """One account by id."""
        with self.store.read() as conn:
            row = st.get_account(conn, id=account_id)
        if row is None:
            raise NotFound(f"no account {account_id}; see `custodes accounts list`")
        return st.account_of(row)

    def account_named(self, username: str) -> Account:
        """One account by username."""
        with self.store.read() as conn:
            row = st.get_account(conn, username=username)
        if row is None:
            raise NotFound(f"no account named {username!r}; see `custodes accounts list`")
        return st.account_of(row)

    def accounts(self, *, limit: int, offset: int, org: str | None = None, role: Role | None = None,
                 enabled: bool | None = None) -> Page[Account]:
        """Accounts by id, filtered by organisation, role or enabled state, a page of them and how many match."""
        with self.store.read() as conn:
            return st.list_accounts(conn, org=org, role=role, enabled=enabled, limit=limit, offset=offset)

    def disable_account(self, account_id: int, *, actor: str) -> Account:
        """Disable an account: its sessions end and its tokens stop working at once (every request checks)."""
        with self.store.write(actor) as uow:
            row = st.get_account(uow.conn, id=account_id)
            if row is None:
                raise NotFound(f"no account {account_id}; see `custodes accounts list`")
            if not row.enabled:
                raise IllegalTransition("account_already_disabled", f"account {account_id} is already disabled")
            uow.conn.execute(update(st.accounts).where(st.accounts.c.id == account_id).values(enabled=False))
            end_sessions(uow.conn, account_id, uow.now)
            uow.append("accounts.account_disabled", {"id": account_id, "org": row.org})
            return Account(int(row.id), row.username, row.org, Role(row.role), False, st.aware(row.created_at))

    # -- passwords ------------------------------------------------------------------------------
    def change_password(self, account_id: int, new: str, *, actor: str, keep_session: str | None = None) -> None:
        """Set one's own new password, once the caller has confirmed the current one through
        :meth:`SessionService.sign_in` (so the attempt counted against the lockout); every other session
        of the account ends (``keep_session``: the caller's own session id)."""
        check_password(new, field="new_password")
        self._set_password(actor, account_id, hash_password(new), "accounts.password_changed", keep_session)

    def reset_password(self, account_id: int, new: str | None = None, *, actor: str) -> str:
        """An administrator sets a new password (random when ``new`` is None) and gets it back to hand over;
        every session of the account ends."""
        password = check_password(new, field="password") if new is not None else new_password()
        with self.store.read() as conn:
            if st.get_account(conn, id=account_id) is None:
                raise NotFound(f"no account {account_id}; see `custodes accounts list`")
        self._set_password(actor, account_id, hash_password(password), "accounts.password_reset", None)
        return password

    def _set_password(self, actor: str, account_id: int, digest: str, kind: str, keep: str | None) -> None:
        with self.store.write(actor) as uow:  # the hash was computed outside the writer's lock
            if st.get_account(uow.conn, id=account_id) is None:
                raise NotFound(f"no account {account_id}; see `custodes accounts list`")
            uow.conn.execute(update(st.accounts).where(st.accounts.c.id == account_id).values(password_hash=digest))
            end_sessions(uow.conn, account_id, uow.now, keep=keep)
            uow.append(kind, {"id": account_id})

    # -- signing in -----------------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Principal | None:
        """The principal for a user name and password, or None (unknown, wrong or disabled alike).

        No lockout here: the web signs in through :meth:`SessionService.sign_in`, which counts attempts."""
        with self.store.read() as conn:
            row = st.get_account(conn, username=username)
        ok = verify_password(row.password_hash if row is not None else None, password)
        if not ok or row is None or not row.enabled:
            return None
        return self.principal(int(row.id), via="session")

    def principal(self, account_id: int, *, via: str) -> Principal | None:
        """The principal of an enabled account, or None."""
        with self.store.read() as conn:
            row = conn.execute(
                select(st.accounts.c.id, st.accounts.c.username, st.accounts.c.role, st.accounts.c.enabled,
                       st.organisations.c.id.label("org"), st.organisations.c.kind)
                .join(st.organisations, st.organisations.c.id == st.accounts.c.org)
                .where(st.accounts.c.id == account_id)).first()
        if row is None or not row.enabled:
            return None
        return Principal(Role(row.role), int(row.id), row.username, row.org, OrgKind(row.kind), via)

    # -- bearer tokens --------------------------------------------------------------------------
    def issue_token(self, account_id: int, name: str, days: int = 90, *, actor: str) -> IssuedToken:
        """Issue a named bearer token for an account, valid for ``days``; the secret is shown once."""
        if not 1 <= days <= MAX_TOKEN_DAYS:
            raise InputError(f"a token lives 1 to {MAX_TOKEN_DAYS} days; got {days}", field="days")
        name = name.strip()
        if not 1 <= len(name) <= 80:
            raise InputError("a token's name has 1 to 80 characters", field="name")
        secret = new_token_secret()
        with self.store.write(actor) as uow:
            row = st.get_account(uow.conn, id=account_id)
            if row is None:
                raise NotFound(f"no account {account_id}; see `custodes accounts list`")
            if not row.enabled:
                raise IllegalTransition("account_disabled", f"account {account_id} is disabled")
            expires = uow.now + dt.timedelta(days=days)
            res = uow.conn.execute(insert(st.api_tokens).values(
                account=account_id, name=name, digest=token_digest(secret), created_at=uow.now,
                expires_at=expires))
            token_id = int(res.inserted_primary_key[0])  # type: ignore[index]
            uow.append("accounts.token_issued", {"id": token_id, "account": account_id, "expires_at": expires})
            return IssuedToken(ApiToken(token_id, account_id, name, uow.now, expires, None),
                               f"{TOKEN_PREFIX}{secret}")

    def tokens(self, account_id: int) -> list[ApiToken]:
        """An account's tokens (their digests only), by id."""
        with self.store.read() as conn:
            rows = conn.execute(select(st.api_tokens).where(st.api_tokens.c.account == account_id)
                                .order_by(st.api_tokens.c.id)).all()
        return [st.token_of(r) for r in rows]

    def token(self, token_id: int) -> ApiToken:
        """One token by id."""
        with self.store.read() as conn:
            row = conn.execute(select(st.api_tokens).where(st.api_tokens.c.id == token_id)).first()
        if row is None:
            raise NotFound(f"no token {token_id}")
        return st.token_of(row)

    def revoke_token(self, token_id: int, *, actor: str, owner: int | None = None) -> ApiToken:
        """Revoke a token (only ``owner``'s when given); it stops working at once."""
        with self.store.write(actor) as uow:
            row = uow.conn.execute(select(st.api_tokens).where(st.api_tokens.c.id == token_id)).first()
            if row is None or (owner is not None and row.account != owner):
                raise NotFound(f"no token {token_id}" + ("" if owner is None else " of yours"))
            if row.revoked_at is not None:
                raise IllegalTransition("token_already_revoked", f"token {token_id} is already revoked")
            uow.conn.execute(update(st.api_tokens).where(st.api_tokens.c.id == token_id).values(revoked_at=uow.now))
            uow.append("accounts.token_revoked", {"id": token_id, "account": int(row.account)})
            return ApiToken(int(row.id), int(row.account), row.name, st.aware(row.created_at), st.aware(row.expires_at),
                            uow.now)

    def authenticate_token(self, raw: str, now: dt.datetime) -> Principal | None:
        """The principal a bearer token stands for, or None (unknown, expired, revoked, disabled)."""
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
            return None
        with self.store.read() as conn:
            row = conn.execute(select(st.api_tokens).where(
                st.api_tokens.c.digest == token_digest(raw[len(TOKEN_PREFIX):]))).first()
        if row is None or not st.token_of(row).active(now):
            return None
        return self.principal(int(row.account), via="token")
