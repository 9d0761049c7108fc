"""Plain JSON values for ``as_json()``: dates and times become ISO 8601 strings, tuples become lists.

>>> import datetime as dt
>>> plain({"on": dt.date(2026, 1, 2), "xs": (1, 2.5)})
{'on': '2026-01-02', 'xs': [1, 2.5]}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

__all__ = ["plain", "plain_dict"]


def plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def plain_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`plain` for a record, typed as one."""
    return {str(k): plain(v) for k, v in value.items()}
