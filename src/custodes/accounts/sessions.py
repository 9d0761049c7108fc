"""Browser sessions in the database, and signing in under the wrong-password lockout.

A session is a random id: the browser's cookie carries it, the ``sessions`` table only its SHA-256, so a
copy of the database opens no session. Every request makes one indexed lookup (session, account and
organisation joined); the last-seen time is written at most once a minute. Signing out, disabling the
account, or changing or resetting its password ends sessions on the server at once.

Signing in counts the attempt first, in its own committed transaction, and only then checks the password
(:mod:`custodes.accounts.lockout` has the rules): parallel guesses cannot slip past the count.
None of this is journalled: sessions and attempts are operational state, not the mission's record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from custodes.accounts import store as st
from custodes.accounts.lockout import ADDRESS_WIDE, Lockout, address_key
from custodes.accounts.model import OrgKind, Role
from custodes.accounts.passwords import token_digest, verify_password
from custodes.accounts.policy import Principal
from custodes.storage.uow import Store

__all__ = ["TOUCH_SECONDS", "OpenedSession", "SessionService", "SignIn", "end_sessions"]

#: the last-seen time of a session is written at most this often
TOUCH_SECONDS = 60


@dataclass(frozen=True, slots=True)
class OpenedSession:
    """A new session: its id (for the cookie only; never stored) and when it ends."""

    id: str
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in: the principal, or nothing, with the seconds to wait when locked out."""

    principal: Principal | None
    retry_after: int | None = None


def end_sessions(conn: Connection, account: int, now: dt.datetime, *, keep: str | None = None) -> int:
    """End every open session of ``account`` (but the one whose id is ``keep``) inside the caller's
    transaction; returns how many were ended."""
    q = (update(st.sessions).where(st.sessions.c.account == account, st.sessions.c.revoked_at.is_(None))
         .values(revoked_at=now))
    if keep is not None:
        q = q.where(st.sessions.c.digest != token_digest(keep))
    return int(conn.execute(q).rowcount)


class SessionService:
    def __init__(self, store: Store, lockout: Lockout | None = None) -> None:
        self.store = store
        self.lockout = lockout or Lockout()

    # -- the lockout ------------------------------------------------------------------------------
    def _count(self, conn: Connection, username: str, address: str, threshold: int, now: dt.datetime) -> int:
        """Count one attempt for the key, or return the seconds still to wait (nothing counted)."""
        t = st.login_attempts
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(t).values(username=username, address=address, failures=0, last_at=now)
                     .on_conflict_do_nothing())
        row = conn.execute(select(t.c.failures, t.c.locked_until, t.c.last_at)
                           .where(t.c.username == username, t.c.address == address).with_for_update()).one()
        failures = int(row.failures)
        if st.aware(row.last_at) <= now - dt.timedelta(seconds=self.lockout.forget_seconds):
            failures = 0  # forgotten
        elif row.locked_until is not None and st.aware(row.locked_until) > now:
            return max(1, int((st.aware(row.locked_until) - now).total_seconds() + 0.999))
        failures += 1
        wait = self.lockout.delay(failures, threshold=threshold)
        conn.execute(update(t).where(t.c.username == username, t.c.address == address).values(
            failures=failures, last_at=now, locked_until=now + dt.timedelta(seconds=wait) if wait else None))
        return 0

    def count_attempt(self, username: str, address: str) -> int | None:
        """Count a password attempt for ``username`` from ``address`` before it is checked; or, while
        either count is locked, the seconds to wait (then nothing is counted and nothing may be checked)."""
        name, where = username.lower()[:80], address_key(address)
        now = self.store.clock()
        with self.store.side_write() as conn:
            conn.execute(delete(st.login_attempts).where(
                st.login_attempts.c.last_at < now - dt.timedelta(seconds=self.lockout.forget_seconds)))
            wait = self._count(conn, ADDRESS_WIDE, where, self.lockout.per_address, now)
            if not wait:
                wait = self._count(conn, name, where, self.lockout.threshold, now)
                if wait:  # the address's count went up for an attempt that is refused after all
                    self._uncount(conn, where)
        return wait or None

    def _uncount(self, conn: Connection, where: str) -> None:
        t = st.login_attempts
        conn.execute(update(t).where(t.c.username == ADDRESS_WIDE, t.c.address == where, t.c.failures > 0)
                     .values(failures=t.c.failures - 1))

    def _succeeded(self, username: str, address: str) -> None:
        """A right password: the name's count from that address starts again; the address's loses this one."""
        t, where = st.login_attempts, address_key(address)
        with self.store.side_write() as conn:
            conn.execute(delete(t).where(t.c.username == username.lower()[:80], t.c.address == where))
            self._uncount(conn, where)

    def sign_in(self, username: str, password: str, address: str) -> SignIn:
        """Check a user name and password under the lockout. Unknown names, wrong passwords and disabled
        accounts look alike (and take as long); a locked-out key is refused before any check."""
        wait = self.count_attempt(username, address)
        if wait is not None:
            return SignIn(None, wait)
        with self.store.read() as conn:
            row = st.get_account(conn, username=username)
        ok = verify_password(row.password_hash if row is not None else None, password)
        if not ok or row is None or not row.enabled:
            return SignIn(None)
        self._succeeded(username, address)
        return SignIn(self._principal(int(row.id)))

    def _principal(self, account: int) -> Principal | None:
        with self.store.read() as conn:
            row = conn.execute(_PRINCIPAL.where(st.accounts.c.id == account)).first()
        return None if row is None or not row.enabled else _principal_of(row, "session")

    # -- sessions ---------------------------------------------------------------------------------
    def open(self, account: int, hours: int) -> OpenedSession:
        """Start a session for ``account``, lasting ``hours``; expired sessions are cleared on the way."""
        raw = secrets.token_urlsafe(32)
        now = self.store.clock()
        expires = now + dt.timedelta(hours=hours)
        with self.store.side_write() as conn:
            conn.execute(delete(st.sessions).where(st.sessions.c.expires_at < now - dt.timedelta(days=1)))
            conn.execute(insert(st.sessions).values(digest=token_digest(raw), account=account, created_at=now,
                                                    last_seen_at=now, expires_at=expires))
        return OpenedSession(raw, expires)

    def principal(self, session_id: str) -> Principal | None:
        """The principal of an open session (not ended, not expired, its account enabled), or None."""
        if not 20 <= len(session_id) <= 100:
            return None
        now = self.store.clock()
        digest = token_digest(session_id)
        with self.store.read() as conn:
            row = conn.execute(
                _PRINCIPAL.add_columns(st.sessions.c.last_seen_at)
                .join(st.sessions, st.sessions.c.account == st.accounts.c.id)
                .where(st.sessions.c.digest == digest, st.sessions.c.revoked_at.is_(None),
                       st.sessions.c.expires_at > now)).first()
        if row is None or not row.enabled:
            return None
        if st.aware(row.last_seen_at) <= now - dt.timedelta(seconds=TOUCH_SECONDS):
            with self.store.side_write() as conn:
                conn.execute(update(st.sessions).where(st.sessions.c.digest == digest).values(last_seen_at=now))
        return _principal_of(row, "session")

    def close(self, session_id: str) -> None:
        """End a session (signing out): its cookie no longer works, even replayed."""
        with self.store.side_write() as conn:
            conn.execute(update(st.sessions).where(st.sessions.c.digest == token_digest(session_id),
                                                   st.sessions.c.revoked_at.is_(None))
                         .values(revoked_at=self.store.clock()))


_PRINCIPAL = (select(st.accounts.c.id, st.accounts.c.username, st.accounts.c.role, st.accounts.c.enabled,
                     st.organisations.c.id.label("org"), st.organisations.c.kind)
              .join(st.organisations, st.organisations.c.id == st.accounts.c.org))


def _principal_of(row: Any, via: str) -> Principal:
    """The principal of a row of :data:`_PRINCIPAL`'s columns."""
    return Principal(Role(row.role), int(row.id), row.username, row.org, OrgKind(row.kind), via)
