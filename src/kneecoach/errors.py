"""The one error family of kneecoach.

Every layer raises these; the web layer maps them to HTTP status codes in one handler, the CLI
prints ``str(error)`` on one line of stderr and exits non-zero. ``field`` names the input at fault
(a form field, a JSON path such as ``sets[2].pain``, a CLI option, or a file and key).
"""

from __future__ import annotations


class KneecoachError(Exception):
    """Base class. ``code`` is a stable machine-readable name; ``status`` the HTTP status."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def as_dict(self) -> dict[str, str | None]:
        """The one JSON error shape: ``{"error": code, "message": ..., "field": ...}``."""
        return {"error": self.code, "message": self.message, "field": self.field}


class InvalidInput(KneecoachError):
    """A value broke a rule (out of range, wrong format, unknown name)."""

    code = "invalid"
    status = 422


class NotFound(KneecoachError):
    """The thing asked for does not exist (or is not the caller's to see)."""

    code = "not_found"
    status = 404


class Conflict(KneecoachError):
    """The request clashes with saved state (already exists, already logged)."""

    code = "conflict"
    status = 409


class PermissionDenied(KneecoachError):
    """The caller may not do this."""

    code = "forbidden"
    status = 403


class ScreeningBlocked(KneecoachError):
    """Red flags were reported: self-management stops until a clinician has seen the person."""

    code = "screening_blocked"
    status = 409


class CatalogError(KneecoachError):
    """An exercise file is malformed. ``field`` holds ``file: key``."""

    code = "catalog_invalid"
    status = 500
