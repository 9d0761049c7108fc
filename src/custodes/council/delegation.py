"""Which state a Council delegation speaks for: its organisation id ends with the state's ISO alpha-3 code."""

from __future__ import annotations

from custodes.errors import PermissionDenied

__all__ = ["delegation_state"]


def delegation_state(org: str | None) -> str:
    """The state a Council delegation speaks for: the last part of its organisation id, upper-cased.

    >>> delegation_state("delegation-fra")
    'FRA'
    """
    code = (org or "").rsplit("-", 1)[-1].upper()
    if len(code) != 3 or not code.isalpha():
        raise PermissionDenied(f"organisation {org!r} does not name a state: a Council delegation's id ends "
                               "with its state's ISO 3166 alpha-3 code (e.g. delegation-fra)")
    return code
