"""Password hashing with argon2id (argon2-cffi), and the digests of bearer-token secrets."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = ["hash_password", "new_token_secret", "token_digest", "verify_password"]

# argon2-cffi's defaults follow RFC 9106's second recommended option (argon2id, 64 MiB, t=3, p=4)
_hasher = PasswordHasher()
#: verified against when the account does not exist, so a missing user takes as long as a wrong password
_DUMMY = _hasher.hash("custodes-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token_secret() -> str:
    return secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    """SHA-256 of a token secret: the secret has 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()
