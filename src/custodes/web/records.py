"""Whose records a list answers for: ``records=real`` (the default), ``exercise`` or ``all``.

A list endpoint takes ``records: Records = "real"`` and hands ``exercise_of(records)`` to its use case, whose
``exercise`` keyword is True (exercise only), False (real only) or None (both). A real view never shows exercise
data unless someone asks for it by name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

__all__ = ["Records", "exercise_of"]

Records = Annotated[Literal["real", "exercise", "all"],
                    Query(description="the real records (default), the exercise ones, or all of both kinds")]


def exercise_of(records: str) -> bool | None:
    """The use cases' ``exercise`` filter for a ``records`` value."""
    return {"real": False, "exercise": True}.get(records)
