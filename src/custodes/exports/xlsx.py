"""Stream rows into an .xlsx workbook: a header row, an HXL hashtag row, then typed cells.

Written with XlsxWriter in constant-memory mode: each row goes to disk as it is written, so an export of a
million rows holds one row in memory (bench/xlsx.py measured it against openpyxl's write-only mode; see
docs/benchmarks.md). Cells keep their types: dates are Excel dates, numbers are numbers, text is text.

**Formula-safe.** Every text cell is written with ``write_string`` and the workbook is opened with
``strings_to_formulas`` (and ``strings_to_numbers``, ``strings_to_urls``) off, so a value such as ``=1+1``
is stored as the text ``=1+1``, never as a formula, without the leading quote the CSV guard adds.

>>> import io, openpyxl
>>> out = io.BytesIO()
>>> write_xlsx(out, ["Name", "Amount"], ["#item+name", "#value"], [["=1+1", 3]])
1
>>> [[c.value for c in r] for r in openpyxl.load_workbook(out).active.iter_rows()]
[['Name', 'Amount'], ['#item+name', '#value'], ['=1+1', 3]]
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from custodes.errors import InputError

__all__ = ["XLSX_MEDIA_TYPE", "Cell", "write_xlsx", "xlsx_pieces"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: what a cell may hold
Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None
#: Excel's limit on a text cell
_MAX_TEXT = 32767
_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}


def write_xlsx(target: str | Path | IO[bytes], headers: Sequence[str], tags: Sequence[str],
               rows: Iterable[Sequence[Cell]], *, sheet: str = "data") -> int:
    """Write ``headers``, the HXL ``tags`` and ``rows`` to an .xlsx file or binary stream; returns the rows written.

    The two head rows are frozen. Text longer than Excel allows (32,767 characters) is refused.
    """
    if len(headers) != len(tags):
        raise InputError(f"{len(headers)} headers but {len(tags)} hashtags", field="tags")
    import xlsxwriter  # here, not at the top: the commands that never export do not pay for its import

    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, _OPTIONS)
    try:
        ws = book.add_worksheet(sheet)
        head = book.add_format({"bold": True})
        ws.freeze_panes(2, 0)
        for col, header in enumerate(headers):
            ws.set_column(col, col, max(10, min(40, len(header) + 2)))
        for col, header in enumerate(headers):  # row by row: constant memory flushes a row once the next begins
            ws.write_string(0, col, header, head)
        for col, tag in enumerate(tags):
            ws.write_string(1, col, tag)
        n = _write_rows(ws, rows, book.add_format({"num_format": "yyyy-mm-dd"}),
                        book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}))
    finally:
        book.close()
    return n


def _write_rows(ws: Any, rows: Iterable[Sequence[Cell]], day: Any, moment: Any) -> int:
    """Write ``rows`` from the third row on, each cell by its type (text always as text, never a formula)."""
    write_string, write_number = ws.write_string, ws.write_number
    n = 0
    for n, row in enumerate(rows, 1):
        r = n + 1
        for col, value in enumerate(row):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if len(value) > _MAX_TEXT:  # type: ignore[arg-type]
                    raise InputError(f"a text cell is longer than Excel's {_MAX_TEXT} characters", field="rows")
                if value:
                    write_string(r, col, value)
            elif kind is int or kind is float or kind is Decimal:
                if math.isfinite(value):  # type: ignore[arg-type]
                    write_number(r, col, value)
                else:
                    write_string(r, col, str(value))
            else:
                _write_other(ws, r, col, value, day, moment)
    return n


def _write_other(ws: Any, row: int, col: int, value: Cell, day: Any, moment: Any) -> None:
    """A cell that is not plain text or a plain number: a bool, date, datetime, or a subclass of str or a number."""
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, dt.datetime):
        naive = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        ws.write_datetime(row, col, naive, moment)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, day)
    elif isinstance(value, str):
        if len(value) > _MAX_TEXT:
            raise InputError(f"a text cell is longer than Excel's {_MAX_TEXT} characters", field="rows")
        if value:
            ws.write_string(row, col, str(value))
    elif isinstance(value, int | float | Decimal) and math.isfinite(value):
        ws.write_number(row, col, value)
    else:
        ws.write_string(row, col, str(value))


def xlsx_pieces(headers: Sequence[str], tags: Sequence[str], rows: Iterable[Sequence[Cell]],
                chunk: int = 1 << 16) -> Iterator[bytes]:
    """The workbook of :func:`write_xlsx` as bytes in pieces, for an HTTP response.

    An .xlsx is a ZIP archive, complete only when closed: it is written to a temporary file first (one row in
    memory at a time), then read back ``chunk`` bytes at a time; the file is gone when the iterator ends.
    """
    with tempfile.TemporaryFile() as f:
        write_xlsx(f, headers, tags, rows)
        f.seek(0)
        yield from iter(lambda: f.read(chunk), b"")

