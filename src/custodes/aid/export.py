"""Export a selection of consignments as CSV with HXL hashtags (libhxl), as GeoJSON (at their crossing) or as XLSX.

:class:`ExportStream` yields the text export in pieces (the web service streams them), :func:`xlsx_stream` the
workbook's bytes; :func:`export_consignments` writes either to a file.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select

from custodes.aid.cargo import consignment_filter
from custodes.aid.lines import HXL_TAGS, KEYS
from custodes.aid.store import consignments, crossings
from custodes.csvguard import guarded_writer
from custodes.errors import InputError
from custodes.exports.xlsx import Cell, write_xlsx, xlsx_pieces
from custodes.i18n import t
from custodes.storage.uow import Store

__all__ = ["EXPORT_FORMATS", "GEOJSON_NOTE", "ExportStream", "canonical_record", "export_consignments",
           "xlsx_stream"]

EXPORT_FORMATS = ("hxl", "geojson", "xlsx")
_COLUMNS = (*KEYS, "state")
GEOJSON_NOTE = "points are the crossings the consignments passed (approximate, not for navigation)"
#: rows per yielded piece
CHUNK_ROWS = 500

_HEADERS = {"source": "Source", "ref": "Source row", "date": "Date", "crossing": "Crossing", "route": "Route",
            "category": "Cargo category", "description": "Description", "quantity": "Quantity", "unit": "Unit",
            "donor": "Donor", "agency": "Agency", "destination": "Destination", "state": "State"}


def _num(x: float | None) -> str | None:
    if x is None:
        return None
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def canonical_record(r: Row[Any]) -> dict[str, str | None]:
    """The canonical record of a stored row, as hashed when it was imported (see custodes.aid.imports)."""
    return {"source": r.source, "ref": r.source_ref, "date": r.date.isoformat(), "crossing": r.crossing,
            "route": r.route, "category": r.category, "description": r.description, "quantity": _num(r.quantity),
            "unit": r.unit, "donor": r.donor, "agency": r.agency, "destination": r.destination}


def _rows(store: Store, filters: dict[str, Any]) -> Iterator[Row[Any]]:
    where = consignment_filter(**filters)
    q = select(consignments).order_by(consignments.c.source, consignments.c.date, consignments.c.source_ref)
    if where is not None:
        q = q.where(where)
    with store.read() as conn:
        yield from conn.execute(q)


def _hxl_head(cols: list[str]) -> str:
    """The header and hashtag rows, through libhxl (which checks the hashtags)."""
    import hxl  # libhxl

    return "".join(hxl.data([[_HEADERS[k] for k in cols], [HXL_TAGS[k] for k in cols]]).gen_csv(
        show_headers=True, show_tags=True))


class ExportStream:
    """The selected consignments as ``hxl`` (CSV + hashtags) or ``geojson`` text, iterated in pieces of rows.

    The format is checked when the stream is made, so a bad format fails the call, not the stream. The
    rows are read in one transaction (one consistent snapshot), ordered by source, date and source row;
    ``rows`` counts those written so far.
    """

    def __init__(self, store: Store, fmt: str, **filters: Any) -> None:
        if fmt not in ("hxl", "geojson"):
            raise InputError(f"format should be hxl or geojson, not {fmt!r}", field="format")
        self.store, self.fmt, self.filters, self.rows = store, fmt, filters, 0

    def __iter__(self) -> Iterator[str]:
        return self._hxl() if self.fmt == "hxl" else self._geojson()

    def _hxl(self) -> Iterator[str]:
        cols = list(_COLUMNS)
        yield _hxl_head(cols)
        buf = io.StringIO()
        w = guarded_writer(buf)  # the dialect libhxl's gen_csv writes
        for r in _rows(self.store, self.filters):
            rec = canonical_record(r)
            w.writerow([rec.get(k, r.state) for k in cols])
            self.rows += 1
            if self.rows % CHUNK_ROWS == 0:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        if buf.tell():
            yield buf.getvalue()

    def _geojson(self) -> Iterator[str]:
        with self.store.read() as conn:
            where_x = {r.id: [r.lon, r.lat] for r in conn.execute(select(crossings))}
        yield '{"type": "FeatureCollection", "note": ' + json.dumps(GEOJSON_NOTE) + ', "features": ['
        parts: list[str] = []
        for r in _rows(self.store, self.filters):
            props: dict[str, Any] = {**canonical_record(r), "state": r.state, "trucks": r.trucks,
                                     "tonnes": r.tonnes, "exercise": bool(r.exercise)}
            at = where_x.get(r.crossing or "")
            geom = None if at is None else {"type": "Point", "coordinates": at}
            parts.append(("" if self.rows == 0 else ", ") + json.dumps(
                {"type": "Feature", "geometry": geom, "properties": props}, ensure_ascii=False))
            self.rows += 1
            if len(parts) == CHUNK_ROWS:
                yield "".join(parts)
                parts.clear()
        yield "".join(parts) + "]}"


def _cells(store: Store, filters: dict[str, Any]) -> Iterator[list[Cell]]:
    """The XLSX rows: the CSV's columns, with the date a date and the quantity a number."""
    for r in _rows(store, filters):
        yield [r.source, r.source_ref, r.date, r.crossing, r.route, r.category, r.description, r.quantity, r.unit,
               r.donor, r.agency, r.destination, r.state]


def _xlsx_head(lang: str) -> tuple[list[str], list[str]]:
    return [t(f"column.consignment.{k}", lang) for k in _COLUMNS], [HXL_TAGS[k] for k in _COLUMNS]


def xlsx_stream(store: Store, lang: str, **filters: Any) -> Iterator[bytes]:
    """The selected consignments as an XLSX workbook (headers in ``lang``, then the HXL row), in pieces."""
    headers, tags = _xlsx_head(lang)
    return xlsx_pieces(headers, tags, _cells(store, filters))


def export_consignments(store: Store, path: Path, fmt: str, lang: str = "en", **filters: Any) -> int:
    """Write the selected consignments to ``path`` as ``hxl`` (CSV + hashtags), ``geojson`` or ``xlsx`` (headers in
    ``lang``); returns rows."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"format should be hxl, geojson or xlsx, not {fmt!r}", field="format")
    if fmt == "xlsx":
        headers, tags = _xlsx_head(lang)
        return write_xlsx(path, headers, tags, _cells(store, filters))
    stream = ExportStream(store, fmt, **filters)
    with path.open("w", encoding="utf-8", newline="") as f:
        for piece in stream:
            f.write(piece)
    return stream.rows
