"""Import a real line list in one transaction, idempotently, journalled by batch.

Journal design: ``aid.consignments_imported`` entries, each holding the file's SHA-256, the batch's first
and last line, ``count``, ``columns`` and ``rows`` (:mod:`custodes.import_journal`): per row its
consignment id (``<source>:<ref>``), the SHA-256 hex of its canonical record, and its figure fields in
clear (:data:`JOURNAL_COLUMNS`: date, crossing, route, category, quantity and unit as given, trucks by the
format's row semantics under the entry's ``truck_rule`` (:data:`custodes.aid.lines.ROW_SEMANTICS`), tonnes
where the unit says so, state), so the report's figures can be recomputed from the public log alone. The rows
themselves are public data (see ``custodes aid export``): anyone can rebuild a row's canonical record from
an export (:func:`custodes.aid.lines.canonical_hash`) and find its hash in the log. Batches are sized to
the log's 65,535-byte entry limit (about 300 rows each); a field the profile marks sensitive for
``aid.consignments_imported`` or ``aid.consignment_registered`` is left out of the columns.

A re-import adds nothing: rows whose ``(source, ref)`` is present with the same hash are counted as
present; a row present with a different hash is a bad row (the source changed it since). Everything is
written in one transaction: a crash or Ctrl-C leaves nothing, and a rerun does it all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from custodes.aid import totals
from custodes.aid.lines import TRUCK_RULE, ParsedRow, canonical_hash, parse_file
from custodes.aid.model import CONSIGNMENT
from custodes.aid.store import consignments, import_runs
from custodes.csvguard import guarded_writer
from custodes.errors import InputError
from custodes.import_journal import public_columns, sized_batches
from custodes.ledger.disclosure import publishes
from custodes.storage.uow import Store

__all__ = ["JOURNAL_COLUMNS", "ImportResult", "import_file", "journal_cells"]

publishes("aid.consignments_imported", "source", "file", "file_sha256", "first_line", "last_line", "count",
          "columns", "rows", "truck_rule")
publishes("aid.import_checked", "source", "file", "file_sha256", "present", "refused")

#: the columns of an import entry's rows: id and record hash, then the figure fields
JOURNAL_COLUMNS = ("id", "sha256", "date", "crossing", "route", "category", "quantity", "unit", "trucks", "tonnes",
           "state")


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    file: str
    file_sha256: str
    rows: int
    added: int
    present: int
    refused: int
    entries: int
    report: str | None

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "file": self.file, "file_sha256": self.file_sha256, "rows": self.rows,
                "added": self.added, "present": self.present, "refused": self.refused,
                "journal_entries": self.entries, "report": self.report}


def _sha256(path: Path) -> tuple[str, int]:
    """The file's digest and its number of lines."""
    h = hashlib.sha256()
    lines = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            lines += chunk.count(b"\n")
    return "sha256:" + h.hexdigest(), lines


def import_file(store: Store, actor: str, path: Path, fmt: str, *, skip_bad: bool = False,
                report: Path | None = None, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Import ``path``; bad rows stop it (naming line and field) unless ``skip_bad``, then go to ``report``."""
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    digest, total_lines = _sha256(path)
    parsed: list[ParsedRow] = []
    bad: list[InputError] = []
    seen: dict[tuple[str, str], int] = {}
    states = CONSIGNMENT.states()
    for n, item in enumerate(parse_file(path, fmt), start=1):
        if isinstance(item, InputError):
            if not skip_bad:
                raise item
            bad.append(item)
        else:
            key = (str(item.record["source"]), str(item.record["ref"]))
            if item.state not in states:
                err = InputError(f"unknown state {item.state!r}", source=str(path), line=item.line, field="#status")
            elif key in seen:
                err = InputError(f"the same row id {key[1]!r} appears on line {seen[key]} too", source=str(path),
                                 line=item.line, field="id")
            else:
                err = None
            if err is not None:
                if not skip_bad:
                    raise err
                bad.append(err)
            else:
                seen[key] = item.line
                parsed.append(item)
        if progress is not None and n % 2000 == 0:
            progress(n, total_lines)
    with store.write(actor) as uow:
        sources = {r.record["source"] for r in parsed}
        existing: dict[tuple[str, str], str | None] = {}
        for s in sources:
            for ref, h in uow.conn.execute(select(consignments.c.source_ref, consignments.c.row_hash)
                                           .where(consignments.c.source == s)):
                existing[(str(s), ref)] = h
        new: list[tuple[ParsedRow, str]] = []
        present = 0
        for r in parsed:
            h = canonical_hash(r.record)
            old = existing.get((str(r.record["source"]), str(r.record["ref"])), "")
            if old == "":
                new.append((r, h))
            elif old == h:
                present += 1
            else:
                err = InputError(f"row {r.record['ref']} was imported before with different content "
                                 "(the source changed it); not overwritten", source=str(path), line=r.line, field="id")
                if not skip_bad:
                    raise err
                bad.append(err)
        now = uow.now
        entries = 0
        pending = totals.Pending()
        columns = public_columns(JOURNAL_COLUMNS, store.sensitive, "aid.consignments_imported",
                                 "aid.consignment_registered")
        header = {"source": fmt, "file": path.name, "file_sha256": digest, "first_line": 0, "last_line": 0,
                  "count": 0, "columns": list(columns), "truck_rule": TRUCK_RULE}
        done = 0
        for batch in sized_batches(new, lambda rh: journal_cells(rh[0], rh[1], columns), header,
                                   line=lambda rh: rh[0].line, source=str(path), actor=actor):
            chunk = new[done:done + len(batch)]
            done += len(batch)
            insert_rows(uow.conn, [_row(r, h, now) for r, h in chunk], pending)
            uow.append("aid.consignments_imported", {**header, "first_line": chunk[0][0].line,
                                                     "last_line": chunk[-1][0].line, "count": len(batch),
                                                     "rows": batch})
            entries += 1
            if progress is not None:
                progress(max(total_lines * done // len(new), 1), total_lines)
        pending.flush(uow.conn)
        uow.conn.execute(insert(import_runs).values(
            source=fmt, file_sha256=digest, file_name=path.name, rows_added=len(new), rows_present=present,
            rows_refused=len(bad), at=now))
        if not new:
            uow.append("aid.import_checked", {"source": fmt, "file": path.name, "file_sha256": digest,
                                              "present": present, "refused": len(bad)})
            entries += 1
    report_name = None
    if bad:
        report = report or path.with_name(path.name + ".refused.csv")
        _write_report(report, bad)
        report_name = str(report)
    if progress is not None:
        progress(total_lines, total_lines)
    return ImportResult(fmt, path.name, digest, len(parsed) + len(bad), len(new), present, len(bad), entries,
                        report_name)


def journal_cells(r: ParsedRow, h: str, columns: tuple[str, ...]) -> list[Any]:
    """One row's cells for an import entry, in ``columns`` order (strings, whole numbers or null)."""
    rec = r.record
    values: dict[str, Any] = {
        "id": f"{rec['source']}:{rec['ref']}", "sha256": h[7:], "date": rec["date"], "crossing": rec["crossing"],
        "route": rec["route"], "category": rec["category"], "quantity": rec["quantity"], "unit": rec["unit"],
        "trucks": r.trucks, "tonnes": None if r.tonnes is None else rec["quantity"], "state": r.state}
    return [values[c] for c in columns]


def _row(r: ParsedRow, h: str, now: dt.datetime) -> dict[str, Any]:
    rec = r.record
    src, ref = str(rec["source"]), str(rec["ref"])
    return {"id": f"{src}:{ref}", "source": src, "source_ref": ref, "state": r.state,
            "date": dt.date.fromisoformat(str(rec["date"])), "crossing": rec["crossing"], "route": rec["route"],
            "category": rec["category"], "description": rec["description"] or "",
            "quantity": None if rec["quantity"] is None else float(rec["quantity"]), "unit": rec["unit"],
            "trucks": r.trucks, "tonnes": r.tonnes, "donor": rec["donor"] or "", "agency": rec["agency"] or "",
            "destination": rec["destination"] or "", "intercepted_by": None, "row_hash": h, "updated_at": now,
            "exercise": False}


def insert_rows(conn: Connection, rows: list[dict[str, Any]], pending: totals.Pending | None = None) -> None:
    """Bulk insert through the driver (the Core insert's per-row parameter work dominated the import).

    Values go through each column type's bind processor (dates on SQLite), so rows read back as usual.
    The running totals are added at once, or collected in ``pending`` for the caller to flush.
    """
    cols = list(consignments.c)
    dialect = conn.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO consignments ({', '.join(c.name for c in cols)}) "
           f"VALUES ({', '.join(mark for _ in cols)})")
    names = [c.name for c in cols]
    procs = [(i, p) for i, c in enumerate(cols)
             if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    # one timestamp for a whole import: convert it once
    cache: dict[int, Any] = {}
    data = []
    for r in rows:
        v = [r[n] for n in names]
        for i, p in procs:
            x = v[i]
            if x is not None:
                if isinstance(x, dt.datetime):
                    key = id(x)
                    if key not in cache:
                        cache[key] = p(x)
                    v[i] = cache[key]
                else:
                    v[i] = p(x)
        data.append(tuple(v))
    conn.exec_driver_sql(sql, data)
    if pending is None:
        totals.add_rows(conn, rows)
    else:
        pending.add(rows)


def _write_report(path: Path, bad: list[InputError]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = guarded_writer(f)
        w.writerow(["line", "field", "problem"])
        for e in bad:
            w.writerow([e.line, e.field or "", e.problem])
