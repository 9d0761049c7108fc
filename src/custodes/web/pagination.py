"""Pagination and filtering, the same on every list endpoint.

Conventions:

- ``limit`` (1 to :data:`MAX_LIMIT`, default :data:`DEFAULT_LIMIT`) and ``offset`` (0 or more) as query
  parameters; the answer is a :class:`Page`: ``items``, ``total`` (matching records, all pages), ``limit``,
  ``offset`` and ``next_offset`` (None on the last page).
- Filters are query parameters named after the output field they match exactly (``kind=...``,
  ``org=...``, ``exercise=true``); ranges use ``since``/``until`` (dates, inclusive); an absent filter
  does not filter. Order is stable (by the record's key) so pages do not overlap.

A list endpoint takes ``page: Paged`` and returns ``Page[ItemOut].of(items, total, page)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "MAX_OFFSET", "Page", "PageParams", "Paged"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 2**53 - 1
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page (at most {MAX_LIMIT})")]
    = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
) -> PageParams:
    return PageParams(limit, offset)


#: the dependency every list endpoint takes
Paged = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int = Field(ge=0, description="matching records across all pages")
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    next_offset: int | None = Field(description="the offset of the next page, or null on the last page")

    @classmethod
    def of(cls, items: Sequence[T], total: int, page: PageParams) -> Page[T]:
        end = page.offset + len(items)
        return cls(items=list(items), total=total, limit=page.limit, offset=page.offset,
                   next_offset=end if end < total and items else None)
