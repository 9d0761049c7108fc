"""Helpers shared by the report folds: entry dates, labels, exercise records and their withdrawal."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

__all__ = ["ExerciseAware", "day_of", "label"]


def label(en: str, ar: str) -> dict[str, str]:
    return {"en": en, "ar": ar}


def day_of(value: Any) -> dt.date:
    """The date of an ISO date or UTC timestamp string (``2026-11-27`` or ``2026-11-27T10:00:00Z``)."""
    return dt.date.fromisoformat(str(value)[:10])


class ExerciseAware(ABC):
    """Keeps records by id with their exercise flag; ``<domain>.exercise_withdrawn`` drops the exercise ones.

    ``exercise_counted`` tells the report whether any figure rests on an exercise record.
    """

    domain = ""

    def __init__(self) -> None:
        self.exercise: set[str] = set()
        self.exercise_counted = False

    @property
    def domains(self) -> tuple[str, ...]:
        """The kinds' domains this fold reads (``compute`` feeds it only those)."""
        return (self.domain,)

    def withdrawn(self, entry: Mapping[str, Any]) -> bool:
        """True (and forget the exercise records) when ``entry`` withdraws this domain's exercise data."""
        if entry["kind"] != f"{self.domain}.exercise_withdrawn":
            return False
        self.drop(set(self.exercise))
        self.exercise.clear()
        return True

    def note(self, key: str, entry: Mapping[str, Any]) -> None:
        if entry.get("ex"):
            self.exercise.add(key)

    def counted(self, key: str) -> None:
        if key in self.exercise:
            self.exercise_counted = True

    @abstractmethod
    def drop(self, keys: set[str]) -> None:
        """Forget the records ``keys`` (exercise records being withdrawn)."""
