"""The XLSX writer (custodes.exports.xlsx): head rows, typed cells, no formula ever, streamed in pieces."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from custodes.errors import InputError
from custodes.exports.xlsx import write_xlsx, xlsx_pieces

TRIGGERS = ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")", "http://example.org"]


def test_cells_keep_their_types_and_text_is_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    rows = [[text, 7, Decimal("2.5"), dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC), True,
             None, ""] for text in TRIGGERS]
    headers = ["Text", "Int", "Decimal", "Day", "Moment", "Flag", "None", "Empty"]
    tags = ["#item", "#value+n", "#value", "#date", "#date+time", "#meta+flag", "#meta+none", "#meta+empty"]
    assert write_xlsx(path, headers, tags, iter(rows)) == len(TRIGGERS)
    ws = openpyxl.load_workbook(path).active
    assert ws is not None and ws.freeze_panes == "A3"
    got = list(ws.iter_rows(values_only=True))
    assert got[0] == tuple(headers) and got[1] == tuple(tags)  # the HXL row is the second row
    assert len(got) == 2 + len(TRIGGERS)
    for row, text in zip(got[2:], TRIGGERS, strict=True):
        # XlsxWriter stores CR as the OOXML escape _x000D_, which Excel reads back as CR and openpyxl leaves as is
        assert row[0] == text.replace("\r", "_x000D_")
        assert row[1:6] == (7, 2.5, dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4), True)
        assert row[6:] == (None, None)
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    assert ws.cell(3, 4).is_date and ws.cell(3, 4).number_format == "yyyy-mm-dd"


def test_pieces_make_the_same_workbook_and_bad_input_is_refused() -> None:
    pieces = list(xlsx_pieces(["A"], ["#a"], ([i] for i in range(5000)), chunk=4096))
    assert len(pieces) > 1 and all(isinstance(p, bytes) for p in pieces)
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(pieces))).active
    assert ws is not None and ws.max_row == 5002 and ws.cell(5002, 1).value == 4999
    with pytest.raises(InputError):
        write_xlsx(io.BytesIO(), ["A", "B"], ["#a"], [])
    with pytest.raises(InputError):
        write_xlsx(io.BytesIO(), ["A"], ["#a"], [["x" * 40000]])
    nan = openpyxl.load_workbook(_book([[float("nan")]])).active
    assert nan is not None and nan.cell(3, 1).value == "nan"


def _book(rows: list[list[float]]) -> io.BytesIO:
    out = io.BytesIO()
    write_xlsx(out, ["A"], ["#a"], rows)
    out.seek(0)
    return out
