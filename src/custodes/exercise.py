"""Exercise data: each domain's deterministic generator, run by ``custodes exercise``.

Exercise records carry ``exercise = true`` in their tables and ``"ex": true`` in their journal entries.
Removing them writes new journal entries (``<domain>.exercise_withdrawn``) and never touches a real record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["ExerciseGenerator", "ExercisePeriod", "ExerciseResult"]


@dataclass(frozen=True, slots=True)
class ExercisePeriod:
    """The span the generators cover: the mandate's start to ``end`` (today by default)."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    domain: str
    records: int
    entries: int


class ExerciseGenerator(Protocol):
    """A domain's generator. The same seed and period give the same records."""

    domain: str

    def generate(self, app: Custodes, seed: int, period: ExercisePeriod) -> ExerciseResult: ...

    def remove(self, app: Custodes) -> ExerciseResult: ...
