"""Common (breached) passwords, refused by the password policy.

The list is zxcvbn's ``passwords`` frequency list (package ``zxcvbn``, MIT licence): the 30,000 most
common passwords of leaked password dumps, as ranked by Dropbox's zxcvbn project. It is loaded once, on
first use, and compared case-insensitively.

>>> is_common("Password123"), is_common("QWERTY123456"), is_common("a long test password")
(True, True, False)
"""

from __future__ import annotations

import functools
import importlib

__all__ = ["LIST_NAME", "is_common"]

LIST_NAME = "zxcvbn's `passwords` frequency list (30,000 most common leaked passwords, MIT licence)"


@functools.cache
def _common() -> frozenset[str]:
    lists = importlib.import_module("zxcvbn.frequency_lists").FREQUENCY_LISTS
    return frozenset(p.lower() for p in lists["passwords"])


def is_common(password: str) -> bool:
    """Whether ``password`` (any case) is on the list of common passwords."""
    return password.lower() in _common()
