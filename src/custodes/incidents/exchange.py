"""ACLED-format CSV and HXL import; ACLED CSV, HXL CSV and GeoJSON export (public view by default).

Import rules: every row is checked before anything is written; a bad row refuses the whole file, naming
its line and field, unless ``skip_bad`` is given, in which case the refused rows and reasons go to a
report file and the good rows are written. All rows are written in one unit of work, journalled in
batches (``incidents.imported``, :mod:`custodes.import_journal`): per event its id, the SHA-256 of its
record, and the fields the report's figures need in clear (:data:`JOURNAL_COLUMNS`: event date, event and
sub-event type, governorate P-code, fatalities); never the reporter or an exact place. Batches are sized
to the log's entry limit. A row whose id is already stored with the same content is left alone, so a
second import of a file adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, func, select

from custodes.csvguard import guarded_writer, refuse_non_csv, unguard_row
from custodes.errors import InputError
from custodes.exports.xlsx import Cell, xlsx_pieces
from custodes.import_journal import public_columns, sized_batches
from custodes.incidents.acled import COLUMNS, EXTRA_COLUMNS, HXL_TAGS, export_row, export_values, header_index
from custodes.incidents.bulk import parse_block
from custodes.incidents.model import Confirmation, Status
from custodes.incidents.records import Filters, incident_from_row
from custodes.incidents.service import IncidentService
from custodes.incidents.store import incident_confirmations, incidents
from custodes.ledger.disclosure import publishes

__all__ = ["JOURNAL_COLUMNS", "ImportResult", "Refusal", "export_incidents", "export_pieces", "export_xlsx",
           "import_incidents"]

publishes("incidents.imported", "source", "source_sha256", "format", "status", "batch", "of", "columns", "rows")

#: the columns of an ``incidents.imported`` entry's rows: id and record hash, then the figure fields
JOURNAL_COLUMNS = ("id", "sha256", "event_date", "event_type", "sub_event_type", "pcode", "fatalities")
INSERT_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class Refusal:
    line: int
    event_id: str
    field: str
    problem: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    sha256: str
    rows: int
    added: int
    unchanged: int
    refused: tuple[Refusal, ...]
    entries: int
    report: str | None

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "sha256": self.sha256, "rows": self.rows, "added": self.added,
                "unchanged": self.unchanged, "refused": len(self.refused), "entries": self.entries,
                "report": self.report}


# column index, rows, their line numbers, rows refused while reading (line, event id, error)
Table_ = tuple[dict[str, int], list[list[str]], list[int], list[tuple[int, str, InputError]]]
BLOCK = 10_000


def _read_acled(data: bytes, source: str) -> Table_:
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = unguard_row(next(reader))
    except StopIteration:
        raise InputError("the file is empty; expected an ACLED header line", source=source, line=1) from None
    index = header_index(header, source)
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    broken: list[tuple[int, str, InputError]] = []
    idcol = index["event_id_cnty"]
    names = list(index)
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        line = reader.line_num
        if line == 2 and row[0].startswith("#"):  # an HXL hashtag row under the header
            continue
        if len(row) != width:
            broken.append((line, row[idcol].strip() if idcol < len(row) else "", InputError(
                f"{len(row)} fields where the header has {width}", source=source, line=line,
                field=names[min(len(row), width - 1)])))
            continue
        rows.append(unguard_row(row))
        lines.append(line)
    return index, rows, lines, broken


def _read_hxl(data: bytes, source: str) -> Table_:
    import hxl

    by_tag = {tag: col for col, tag in HXL_TAGS.items()}
    try:
        dataset = hxl.data(io.BytesIO(data))
        columns = dataset.columns
        values = [unguard_row("" if v is None else str(v) for v in r.values) for r in dataset]
    except Exception as exc:  # libhxl raises its own error types for a file without a hashtag row
        raise InputError(f"not an HXL-tagged file: {exc}", source=source, line=1) from None
    names = [by_tag.get(c.display_tag, (c.header or "").strip()) for c in columns]
    missing = [c for c in ("event_id_cnty", "event_date", "event_type") if c not in names]
    if missing:
        raise InputError(f"no column tagged {HXL_TAGS[missing[0]]} ({missing[0]})", source=source, line=2,
                         field=missing[0])
    index = {name: i for i, name in enumerate(names) if name}
    width = len(names)
    rows = [(r + [""] * width)[:width] for r in values]
    return index, rows, list(range(3, 3 + len(rows))), []


def import_incidents(svc: IncidentService, path: Path, actor: str, *, fmt: str = "acled", skip_bad: bool = False,
                     report_path: Path | None = None, exercise: bool = False) -> ImportResult:
    """Import an ACLED-format (or HXL-tagged) CSV file; see the module notes for the rules."""
    source = str(path)
    data = path.read_bytes()
    refuse_non_csv(data[:64], source)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "acled":
        index, rows, lines, broken = _read_acled(data, source)
    elif fmt == "hxl":
        index, rows, lines, broken = _read_hxl(data, source)
    else:
        raise InputError(f"unknown import format {fmt!r}; use acled or hxl", field="format")
    idcol = index.get("event_id_cnty")
    good: list[tuple[int, dict[str, Any], str]] = []
    failed = list(broken)
    seen: dict[str, int] = {}
    for start in range(0, len(rows), BLOCK):
        block_rows, block_lines = rows[start:start + BLOCK], lines[start:start + BLOCK]
        block, errors = parse_block(index, block_rows, block_lines, source, svc.gazetteer.locate)
        for line, values, h in block:
            first = seen.setdefault(values["id"], line)
            if first != line:
                errors.append(InputError(f"event id {values['id']} already appears on line {first}",
                                         source=source, line=line, field="event_id_cnty"))
            else:
                good.append((line, values, h))
        by_line = dict(zip(block_lines, block_rows, strict=True))
        failed.extend((e.line or 0, by_line[e.line or 0][idcol].strip() if idcol is not None else "", e)
                      for e in errors)
    failed.sort(key=lambda f: f[0])
    if failed and not skip_bad:
        raise failed[0][2]
    refused = [Refusal(line, eid, e.field or "", e.problem) for line, eid, e in failed]
    added = unchanged = entries = 0
    with svc.store.write(actor, exercise=exercise) as uow:
        existing = dict(uow.conn.execute(select(incidents.c.id, incidents.c.row_hash)).all())
        seq = int(uow.conn.execute(select(func.coalesce(func.max(incidents.c.seq), 0))).scalar_one())
        new: list[dict[str, Any]] = []
        line_of: dict[str, int] = {}
        for line, values, h in good:
            old = existing.get(values["id"])
            if old == h:
                unchanged += 1
                continue
            if old is not None:
                conflict = InputError(f"event {values['id']} is already stored with different content; "
                                      "corrections are not imported over existing records", source=source,
                                      line=line, field="event_id_cnty")
                if not skip_bad:
                    raise conflict
                refused.append(Refusal(line, values["id"], "event_id_cnty", conflict.problem))
                continue
            seq += 1
            values["seq"], values["row_hash"] = seq, h
            new.append(values)
            line_of[values["id"]] = line
        _insert_many(uow.conn, new, {
            "status": Status.REPORTED.value, "location_hidden": False, "reporter": None, "organisation": None,
            "origin": "import", "reported_at": uow.now, "updated_at": uow.now, "exercise": uow.exercise})
        columns = public_columns(JOURNAL_COLUMNS, svc.store.sensitive, "incidents.imported", "incidents.reported")
        header = {"source": path.name, "source_sha256": digest, "format": fmt, "status": Status.REPORTED.value,
                  "batch": 0, "of": 0, "columns": list(columns)}

        def cells(r: dict[str, Any]) -> list[Any]:
            return [r["row_hash"] if c == "sha256" else r["event_date"].isoformat() if c == "event_date" else r[c]
                    for c in columns]

        batches = list(sized_batches(new, cells, header, line=lambda r: line_of[r["id"]], source=source, actor=actor))
        for b, batch in enumerate(batches, start=1):
            uow.append("incidents.imported", {**header, "batch": b, "of": len(batches), "rows": batch})
            entries += 1
        added = len(new)
    report = None
    if refused:
        refused.sort(key=lambda r: r.line)
        report_path = report_path or path.with_name(path.name + ".refused.csv")
        with report_path.open("w", newline="", encoding="utf-8") as f:
            w = guarded_writer(f)
            w.writerow(["line", "event_id_cnty", "field", "problem"])
            w.writerows([r.line, r.event_id, r.field, r.problem] for r in refused)
        report = str(report_path)
    return ImportResult(source, digest, len(good) + len(failed), added, unchanged, tuple(refused), entries, report)


def _insert_many(conn: Connection, rows: list[dict[str, Any]], constants: dict[str, Any]) -> None:
    """Insert many incident rows through the driver's executemany (the ORM-free fast path).

    ``rows`` hold the varying columns, ``constants`` the columns equal for every row. Values go through
    each column type's own bind processor, so dates and times are stored as SQLAlchemy stores them.
    """
    if not rows:
        return
    dialect = conn.dialect
    var = [c for c in incidents.columns if c.name not in constants]
    fixed = [c for c in incidents.columns if c.name in constants]

    def bind(c: Any, v: Any) -> Any:
        p = c.type._cached_bind_processor(dialect)
        return v if p is None else p(v)

    const = tuple(bind(c, constants[c.name]) for c in fixed)
    procs = [(j, p) for j, c in enumerate(var) if (p := c.type._cached_bind_processor(dialect)) is not None]
    getter = operator.itemgetter(*(c.name for c in var))
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names = [c.name for c in var + fixed]
    sql = f"INSERT INTO incidents ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    for i in range(0, len(rows), INSERT_CHUNK):
        columns = [list(col) for col in zip(*map(getter, rows[i:i + INSERT_CHUNK]), strict=True)]
        for j, p in procs:
            columns[j] = list(map(p, columns[j]))
        conn.exec_driver_sql(sql, [t + const for t in zip(*columns, strict=True)])


def _records(svc: IncidentService, *, full: bool, filters: Filters) -> Iterator[tuple[dict[str, Any], int]]:
    q = filters.where(select(incidents).order_by(incidents.c.event_date, incidents.c.seq))
    with svc.store.read() as conn:
        confs: dict[str, list[Any]] = {}
        for r in conn.execute(select(incident_confirmations)):
            confs.setdefault(r.incident_id, []).append(r)
        for row in conn.execute(q):
            inc = incident_from_row(row, tuple(Confirmation(c.monitor, c.organisation, c.at)
                                               for c in confs.get(row.id, ())))
            if full:
                inc = replace(inc, location_hidden=False)
            up = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=dt.UTC)
            pub = svc.public(inc)
            if full:  # the restricted view names the reporting organisation too
                pub["organisation"] = inc.organisation
            yield pub, int(up.timestamp())


def export_incidents(svc: IncidentService, out: IO[str], *, fmt: str = "acled", full: bool = False,
                     status: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                     exercise: bool | None = None) -> int:
    """Write incidents in ``fmt`` (acled, hxl, geojson) to ``out``; returns the number written.

    The public view coarsens hidden places to their governorate and never holds a reporter's identity.
    ``full`` writes exact places too, and marks every row and the collection as ``restricted``. ``exercise``:
    False real records only, True exercise ones only, None both.
    """
    counted = [0]
    for piece in export_pieces(svc, fmt=fmt, full=full, status=status, since=since, until=until, exercise=exercise,
                               counted=counted):
        out.write(piece)
    return counted[0]


def export_pieces(svc: IncidentService, *, fmt: str = "acled", full: bool = False, status: str | None = None,
                  since: dt.date | None = None, until: dt.date | None = None, exercise: bool | None = None,
                  counted: list[int] | None = None, rows_per_piece: int = 500) -> Iterator[str]:
    """The export of :func:`export_incidents` in pieces of rows (for streaming); ``counted[0]`` counts rows.

    The format is checked at the call, before the first piece.
    """
    if fmt not in ("acled", "hxl", "geojson"):
        raise InputError(f"unknown export format {fmt!r}; use acled, hxl or geojson", field="format")
    filters = Filters(status=status, since=since, until=until, exercise=exercise)
    return _pieces(svc, fmt, "restricted" if full else "public", filters, counted if counted is not None else [0],
                   rows_per_piece)


def _pieces(svc: IncidentService, fmt: str, view: str, filters: Filters, counted: list[int],
            per: int) -> Iterator[str]:
    records = _records(svc, full=view == "restricted", filters=filters)
    buf = io.StringIO()
    if fmt in ("acled", "hxl"):
        w = guarded_writer(buf, lineterminator="\n")
        w.writerow(COLUMNS + EXTRA_COLUMNS)
        if fmt == "hxl":
            w.writerow([HXL_TAGS[c] for c in COLUMNS + EXTRA_COLUMNS])
        for pub, ts in records:
            w.writerow(export_row(pub, ts, view))
            counted[0] += 1
            if counted[0] % per == 0:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
        return
    buf.write('{"type":"FeatureCollection","custodes_view":' + json.dumps(view) + ',"features":[')
    for pub, ts in records:
        props = {k: v for k, v in pub.items() if k not in ("lat", "lon")}
        props["timestamp"] = ts
        props["custodes_view"] = view
        feat = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [pub["lon"], pub["lat"]]},
                "properties": props}
        buf.write(("," if counted[0] else "") + "\n" + json.dumps(feat, ensure_ascii=False, default=str))
        counted[0] += 1
        if counted[0] % per == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    buf.write("\n]}\n")
    yield buf.getvalue()


def export_xlsx(svc: IncidentService, *, full: bool = False, status: str | None = None,
                since: dt.date | None = None, until: dt.date | None = None, exercise: bool | None = None,
                counted: list[int] | None = None) -> Iterator[bytes]:
    """The ACLED export's rows and views as an XLSX workbook in pieces: ACLED's column names, the HXL row, typed
    cells (the event date a date, counts and coordinates numbers); ``counted[0]`` counts rows."""
    view, cols, n = "restricted" if full else "public", COLUMNS + EXTRA_COLUMNS, counted if counted is not None else [0]

    def cells() -> Iterator[list[Cell]]:
        for pub, ts in _records(svc, full=full, filters=Filters(status=status, since=since, until=until,
                                                                   exercise=exercise)):
            vals = export_values(pub, ts, view)
            n[0] += 1
            yield [_cell(vals[c]) for c in cols]

    return xlsx_pieces(list(cols), [HXL_TAGS[c] for c in cols], cells())


def _cell(value: Any) -> Cell:
    return value if value is None or isinstance(value, str | int | float | dt.date) else str(value)


def check_hxl(text: str) -> Sequence[str]:
    """The hashtags libhxl reads from an exported HXL CSV (a check that the export is valid HXL)."""
    import hxl

    data = hxl.data(io.BytesIO(text.encode("utf-8")))
    return [c.display_tag for c in data.columns]
