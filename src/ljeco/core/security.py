"""Password hashing (argon2id), API token secrets, and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters (RFC 9106 low-memory)

#: API tokens look like ``lje_<prefix>_<secret>``; the prefix identifies the token in lists and logs.
TOKEN_PREFIX = "lje"
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A random password for first-run admin accounts (shown once)."""
    return secrets.token_urlsafe(15)


def new_api_token() -> tuple[str, str, str]:
    """A fresh token: ``(full token shown once, public prefix, sha256 hex stored)``."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    full = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    return full, prefix, hash_token(full)


def hash_token(token: str) -> str:
    # Tokens are long random secrets, so a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret_key: str, session_id: str) -> str:
    """The CSRF token bound to one login session (HMAC of the session id)."""
    return hmac.new(secret_key.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret_key: str, session_id: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(secret_key, session_id), token or "")


__all__ = [
    "MIN_PASSWORD_LENGTH",
    "csrf_token",
    "csrf_valid",
    "generate_password",
    "hash_password",
    "hash_token",
    "new_api_token",
    "verify_password",
]
