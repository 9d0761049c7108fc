"""CSV in and out, safely: the formula guard on every CSV/HXL export, and the refusal of non-CSV imports.

**Formula injection.** A spreadsheet opening an export runs a cell that begins with ``=``, ``+``, ``-``, ``@``,
TAB or CR as a formula. :func:`guard_cell` prefixes such a text cell with a single quote ``'``; plain numbers
(``-12.5``, ``+3``, ``1e-3``) are left alone. :func:`unguard_cell` undoes it on import, so an export
re-imports to the same values (and row hashes, which importers compute over the unguarded values). A value
that itself begins with quotes before such a character gets one more quote, so the round trip is exact:

>>> guard_cell("=SUM(A1)"), guard_cell("-12.5"), guard_cell("'=x"), guard_cell("a=b")
("'=SUM(A1)", '-12.5', "''=x", 'a=b')
>>> all(unguard_cell(guard_cell(v)) == v for v in ["=1", "-", "'-x", "''@", "\\tx", "-3", "'plain"])
True

Every writer goes through :func:`guarded_writer` (or :func:`guard_row`); every importer through
:func:`unguard_row`. Unlike ``defusedcsv``, TAB and CR are guarded and ``|`` and ``%`` are left alone.

**Import formats.** :func:`refuse_non_csv` refuses ZIP (and so XLSX), OLE (old Excel), gzip and XML content
by its first bytes, before any parser sees it (libhxl sniffs formats and would unzip a decompression bomb).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from custodes.errors import InputError

__all__ = ["TRIGGERS", "GuardedWriter", "guard_cell", "guard_row", "guarded_writer", "refuse_non_csv",
           "refuse_non_csv_file", "sniff_non_csv", "unguard_cell", "unguard_row"]

#: the first characters that make a spreadsheet read a cell as a formula
TRIGGERS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _needs_quote(text: str) -> bool:
    """Whether ``text``, after any leading quotes, begins with a formula trigger."""
    return text.lstrip("'")[:1] in TRIGGERS


def guard_cell(value: Any) -> Any:
    """``value`` as it may be written to a CSV cell: text that a spreadsheet would run gets a leading ``'``.

    Non-text values (numbers, None) are returned as they are; so is text that is a plain number.
    """
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in TRIGGERS:
        return value if _NUMBER.fullmatch(value) else "'" + value
    if first == "'" and _needs_quote(value):
        return "'" + value
    return value


def unguard_cell(value: str) -> str:
    """The value :func:`guard_cell` was given: one leading quote before quotes and a trigger is removed."""
    if value[:1] == "'" and _needs_quote(value):
        return value[1:]
    return value


def guard_row(row: Iterable[Any]) -> list[Any]:
    return [guard_cell(v) for v in row]


def unguard_row(row: Iterable[str]) -> list[str]:
    return [unguard_cell(v) for v in row]


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class GuardedWriter:
    """A ``csv.writer`` whose every cell goes through :func:`guard_cell`."""

    def __init__(self, writer: _Writer) -> None:
        self._w = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow(guard_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def guarded_writer(f: Any, **kwargs: Any) -> GuardedWriter:
    """``csv.writer(f, **kwargs)``, guarded against formula injection."""
    return GuardedWriter(csv.writer(f, **kwargs))


#: first bytes of formats that are not CSV, and what they are
_MAGIC: Sequence[tuple[bytes, str]] = (
    (b"PK\x03\x04", "a ZIP archive (an XLSX or ODS spreadsheet is one)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE compound file (an old .xls workbook)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"%PDF", "a PDF document"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_non_csv(head: bytes) -> str | None:
    """What the bytes ``head`` (a file's first bytes) are, when they are clearly not CSV text; else None."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    text = head
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom):]
            break
    text = text.lstrip(b" \t\r\n\x00")
    if text.startswith(b"<"):
        return "XML or HTML markup"
    return None


def refuse_non_csv(head: bytes, source: str) -> None:
    """Refuse (InputError) a file whose first bytes say it is a spreadsheet, archive or XML, not CSV.

    Called by every CSV importer before any parser reads the file.
    """
    what = sniff_non_csv(head[:64])
    if what is not None:
        raise InputError(f"the file is {what}, not CSV; save the sheet as CSV (UTF-8, comma-separated) and "
                         "import that file", source=source, line=1)


def refuse_non_csv_file(path: Path, source: str | None = None) -> None:
    """:func:`refuse_non_csv` on the first bytes of the file at ``path``."""
    with path.open("rb") as f:
        head = f.read(64)
    refuse_non_csv(head, source or str(path))
