"""One error root for Custodes; every error says what the caller should do next.

::

    CustodesError
    ├── ConfigError            settings or keys missing or wrong
    ├── ProfileError           a mission profile file is malformed or inconsistent (file, field, problem)
    ├── InputError             bad input from a user or a file (line, field, problem)
    ├── NotFound               a record that was named does not exist
    ├── IllegalTransition      a state change the rules forbid, refused by name
    ├── PermissionDenied       the actor's role may not do this
    ├── EncodingError          a record cannot be encoded canonically for the journal
    └── IntegrityError         stored or published data fails a check (tampering, corruption)

The CLI prints ``str(error)`` on one line and exits 2; the web layer turns errors into RFC 9457 problems.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "CustodesError",
    "EncodingError",
    "FetchError",
    "IllegalTransition",
    "InputError",
    "IntegrityError",
    "NotFound",
    "PermissionDenied",
    "ProfileError",
]


class CustodesError(Exception):
    """The root of every error Custodes raises on purpose."""

    #: a short machine-readable name, used as the problem type in HTTP answers
    code: str = "custodes-error"


class ConfigError(CustodesError):
    code = "config"


class ProfileError(CustodesError):
    """A profile file is wrong; the message names the file, the field and what is wrong."""

    code = "profile"

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file, self.field, self.problem = file, field, problem
        super().__init__(f"{file}: {field}: {problem}")


class InputError(CustodesError):
    """Bad input; for files the message names the line and the field."""

    code = "input"

    def __init__(self, problem: str, *, source: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.problem, self.source, self.line, self.field = problem, source, line, field
        where = ":".join(p for p in (source, None if line is None else f"line {line}") if p)
        prefix = ", ".join(p for p in (where, None if field is None else f"field {field!r}") if p)
        super().__init__(f"{prefix}: {problem}" if prefix else problem)


class NotFound(CustodesError):
    code = "not-found"


class IllegalTransition(CustodesError):
    """A state change the rules forbid. ``name`` is the refusal's stable name."""

    code = "illegal-transition"

    def __init__(self, name: str, detail: str) -> None:
        self.name, self.detail = name, detail
        super().__init__(f"refused ({name}): {detail}")


class PermissionDenied(CustodesError):
    code = "permission-denied"


class EncodingError(CustodesError):
    code = "encoding"


class FetchError(CustodesError):
    """A network fetch failed: no answer, an HTTP error, a cross-origin redirect or an answer over its cap."""

    code = "fetch"


class IntegrityError(CustodesError):
    code = "integrity"
