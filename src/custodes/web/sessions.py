"""The session cookie: a random session id (kept server-side as its SHA-256), signed with HMAC-SHA256.

The server holds the session (:mod:`custodes.accounts.sessions`); the cookie only names it. The signature
lets a forged or foreign cookie be dropped without a database lookup. Each session's CSRF token
(synchroniser pattern) is derived from its id with the key, so nothing more is stored: a state-changing
request authenticated by the cookie must carry it in the ``X-CSRF-Token`` header (the login answer returns
it, and a readable ``custodes_csrf`` cookie holds it) or an HTML form's ``csrf_token`` field.

>>> s = SessionSigner(b"k" * 32)
>>> value = s.sign("a-random-session-id-of-43-characters-xxxxxx")
>>> s.verify(value)
'a-random-session-id-of-43-characters-xxxxxx'
>>> s.verify(value[:-1] + "A") is None, s.verify("no dot") is None
(True, True)
>>> s.csrf("one id") != s.csrf("another id")
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["CSRF_COOKIE", "CSRF_HEADER", "SESSION_COOKIE", "SessionSigner"]

SESSION_COOKIE = "custodes_session"
CSRF_COOKIE = "custodes_csrf"
CSRF_HEADER = "X-CSRF-Token"
_MAX_COOKIE = 256


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SessionSigner:
    def __init__(self, key: bytes) -> None:
        # keys of their own, derived so the configured secret is never used directly
        self._key = hmac.new(key, b"custodes session cookie v2", hashlib.sha256).digest()
        self._csrf_key = hmac.new(key, b"custodes csrf token v2", hashlib.sha256).digest()

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def sign(self, session_id: str) -> str:
        """The cookie value naming ``session_id`` (URL-safe characters, no dot)."""
        return f"{session_id}.{self._mac(session_id)}"

    def verify(self, value: str) -> str | None:
        """The session id a cookie value names, or None if it is forged or malformed."""
        if len(value) > _MAX_COOKIE or value.count(".") != 1:
            return None
        session_id, mac = value.split(".")
        if not session_id or not hmac.compare_digest(mac.encode(), self._mac(session_id).encode()):
            return None
        return session_id

    def csrf(self, session_id: str) -> str:
        """The session's CSRF token."""
        return _b64(hmac.new(self._csrf_key, session_id.encode(), hashlib.sha256).digest())
