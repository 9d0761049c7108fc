"""Browser sessions in signed cookies (HMAC-SHA256), each bound to a CSRF token (synchroniser pattern).

The cookie holds the account number, an expiry and a random CSRF token, signed with the session key;
the server keeps no session state. Every request re-reads the account, so disabling it ends its sessions.
A state-changing request authenticated by the cookie must carry the session's CSRF token in the
``X-CSRF-Token`` header (the login answer returns it, and a readable ``custodes_csrf`` cookie holds it).

>>> s = SessionSigner(b"k" * 32)
>>> value = s.sign(Session(7, 2_000_000_000, "c"))
>>> s.verify(value, now=1_900_000_000)
Session(account=7, expires=2000000000, csrf='c')
>>> s.verify(value[:-1] + "A", now=1_900_000_000) is None
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

__all__ = ["CSRF_COOKIE", "CSRF_HEADER", "SESSION_COOKIE", "Session", "SessionSigner", "new_csrf"]

SESSION_COOKIE = "custodes_session"
CSRF_COOKIE = "custodes_csrf"
CSRF_HEADER = "X-CSRF-Token"
_MAX_COOKIE = 1024


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True, slots=True)
class Session:
    account: int
    expires: int  # POSIX seconds
    csrf: str


class SessionSigner:
    def __init__(self, key: bytes) -> None:
        # a key of its own for cookies, derived so the configured secret is never used directly
        self._key = hmac.new(key, b"custodes session cookie v1", hashlib.sha256).digest()

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def sign(self, session: Session) -> str:
        payload = _b64(json.dumps([session.account, session.expires, session.csrf], separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def verify(self, value: str, *, now: float) -> Session | None:
        """The session in a cookie value, or None if it is forged, malformed or expired."""
        if len(value) > _MAX_COOKIE or value.count(".") != 1:
            return None
        payload, mac = value.split(".")
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            account, expires, csrf = json.loads(_unb64(payload))
        except (ValueError, TypeError):
            return None
        if not (isinstance(account, int) and isinstance(expires, int) and isinstance(csrf, str)) or expires <= now:
            return None
        return Session(account, expires, csrf)
