"""Typed values of a profile's ``settings`` map, read once when the mission opens.

Each domain's settings (``custodes.<domain>.settings``) read their keys through these functions, so a bad value
is a :class:`~custodes.errors.ConfigError` at open that names the key and what it should be, not a failure at
first use.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from custodes.errors import ConfigError
from custodes.profiles.model import Profile

__all__ = ["choice", "integer", "number", "share"]


def _bad(key: str, value: Any, want: str) -> ConfigError:
    return ConfigError(f"profile setting {key} is {value!r}; it should be {want}")


def integer(profile: Profile, key: str, default: int, *, low: int = 0) -> int:
    """A whole number of at least ``low``."""
    value = profile.setting(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad(key, value, f"a whole number of at least {low}")
    return value


def number(profile: Profile, key: str, default: float, *, low: float = 0.0) -> float:
    """A number of at least ``low``."""
    value = profile.setting(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
        raise _bad(key, value, f"a number of at least {low:g}")
    return float(value)


def share(profile: Profile, key: str, default: str) -> Fraction:
    """A share in [0, 1), written as a decimal or a fraction ("0.5", "2/3")."""
    value = profile.setting(key, default)
    try:
        out = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise _bad(key, value, "a share such as 0.5 or 2/3") from None
    if not 0 <= out < 1:
        raise _bad(key, value, "a share from 0 up to (not including) 1")
    return out


def choice(profile: Profile, key: str, default: str, options: tuple[str, ...]) -> str:
    """One of ``options``."""
    value = profile.setting(key, default)
    if value not in options:
        raise _bad(key, value, " or ".join(options))
    return str(value)
