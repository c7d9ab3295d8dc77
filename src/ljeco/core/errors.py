"""One exception hierarchy for the whole platform.

Every error has a stable ``code`` (machine readable, used in JSON errors and CLI exit messages) and a message a
person can act on. Modules subclass :class:`LjecoError` (or one of the families below) and set ``code``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class LjecoError(Exception):
    """Base class of every error the platform raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong and, where possible, what to do about it.
    code : str, optional
        Overrides the class's stable code for this instance.
    details : dict, optional
        Structured context (row, column, position …) returned to API clients as ``details``.
    """

    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 500

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.instance_code = code or self.code
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.instance_code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class ConfigError(LjecoError):
    """The settings are unusable (a default secret in production, an unreachable data directory …)."""

    code = "config"


class ValidationError(LjecoError):
    """Input that does not satisfy its contract (a bad value, an unknown column, a malformed file)."""

    code = "invalid"
    http_status = 422


class NotFoundError(LjecoError):
    code = "not_found"
    http_status = 404


class ConflictError(LjecoError):
    code = "conflict"
    http_status = 409


class AuthenticationError(LjecoError):
    code = "unauthenticated"
    http_status = 401


class PermissionDeniedError(LjecoError):
    code = "forbidden"
    http_status = 403


class RateLimitedError(LjecoError):
    code = "rate_limited"
    http_status = 429


class StandardError(LjecoError):
    """A standard cannot judge this input (no edition for the date, a value outside every table …)."""

    code = "standard"
    http_status = 422


__all__ = [
    "AuthenticationError",
    "ConfigError",
    "ConflictError",
    "LjecoError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "StandardError",
    "ValidationError",
]
