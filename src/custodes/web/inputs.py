"""Constrained input types the domain routers share (lengths, no control characters, identifiers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import StringConstraints

__all__ = ["Id", "IdPath", "LongText", "ShortText"]

_NO_NUL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"

#: a name, a title, a short note (no control characters)
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
#: a grievance's or a note's text
LongText = Annotated[str, StringConstraints(max_length=8000, pattern=_NO_NUL)]
#: a record's identifier: letters, digits and . _ : -
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
