"""The one paging contract: every list use case takes ``limit`` and ``offset`` and returns a :class:`Page`.

The total is counted in the database (:func:`custodes.storage.paging.fetch_page`), not by fetching everything and
slicing (the Council's mandates, folded in memory from one record per body, are the one exception). A wrong
window is an :class:`~custodes.errors.InputError` naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from custodes.errors import InputError

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Page", "check_window"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000  # a use case's ceiling; the web allows less (custodes.web.pagination.MAX_LIMIT)
T = TypeVar("T")
U = TypeVar("U")


def check_window(limit: int, offset: int) -> None:
    """Refuse a page window the database would misread (a negative offset, no rows, too many)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be 1 to {MAX_LIMIT}, not {limit}", field="limit")
    if offset < 0:
        raise InputError(f"offset must be 0 or more, not {offset}", field="offset")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items, and how many match across all pages."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def map(self, f: Callable[[T], U]) -> Page[U]:
        """The same page with each item converted (a row to a domain record, a record to its output form)."""
        return Page(tuple(f(x) for x in self.items), self.total, self.limit, self.offset)
