"""Imports of weapons and infrastructure sites from CSV with HXL hashtags (read by libhxl).

Every row is checked before anything is written. A bad row stops the import with an error naming its
line and field, unless ``skip_bad`` is given: then the good rows go in (in one unit of work) and each bad
one is listed in a report file (line, field, problem). Nothing is ever half-written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hxl
from sqlalchemy import Connection, select

from custodes.accounts.policy import Principal
from custodes.csvguard import guarded_writer, refuse_non_csv_file, unguard_cell
from custodes.disarmament.model import WEAPON_TYPES, Collected
from custodes.disarmament.service import DisarmamentService, NewSite, NewWeapon
from custodes.disarmament.sites import SITE_KINDS
from custodes.disarmament.store import sites
from custodes.errors import CustodesError, InputError
from custodes.force.ownership import CommandTree
from custodes.geo.io import parse_geometry

__all__ = ["SITE_TAGS", "WEAPON_TAGS", "ImportResult", "import_sites", "import_weapons"]

#: hashtag -> (field, required)
WEAPON_TAGS: dict[str, tuple[str, bool]] = {
    "#item+type": ("type", True), "#item+model": ("model", False), "#item+calibre": ("calibre", False),
    "#org+manufacturer": ("manufacturer", False), "#country+code+manufacture": ("country_of_manufacture", False),
    "#date+manufacture+year": ("year_of_manufacture", False), "#item+serial": ("serial", False),
    "#item+marking": ("markings", False), "#item+marking+place": ("marking_place", False),
    "#item+import": ("import_mark", False), "#adm1+code": ("zone", False), "#geo+lat": ("lat", False),
    "#geo+lon": ("lon", False), "#org+unit": ("unit", True), "#date+collected": ("collected_on", False),
    "#loc+site": ("site", False), "#meta+receipt": ("receipt", False), "#org+handover": ("handed_over_by", False),
}
SITE_TAGS: dict[str, tuple[str, bool]] = {
    "#loc+code": ("id", True), "#loc+type": ("kind", True), "#loc+name": ("name", False),
    "#geo+lat": ("lat", False), "#geo+lon": ("lon", False), "#geo+geojson": ("geometry", False),
    "#date+found": ("found_on", True), "#org+unit": ("unit", True),
}


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    skipped: int
    report: Path | None
    ids: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"imported": self.imported, "skipped": self.skipped,
                "report": None if self.report is None else str(self.report), "ids": list(self.ids)}


def _norm(tag: str) -> str:
    parts = tag.strip().lower().split("+")
    return "+".join([parts[0], *sorted(p for p in parts[1:] if p)])


def _rows(path: Path, tags: dict[str, tuple[str, bool]]) -> list[tuple[int, dict[str, str]]]:
    """(line, {field: text}) for each data row; refuses a file without the required hashtags."""
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    refuse_non_csv_file(path)
    try:
        with path.open("rb") as fh:  # opened here so that it is closed here (libhxl leaves files open)
            src = hxl.data(hxl.make_input(fh, hxl.InputOptions(encoding="utf-8")))
            columns = list(src.columns)
            rows = [(int(r.source_row_number) + 1, list(r.values)) for r in src]
    except hxl.input.HXLTagsNotFoundException:
        raise InputError("no HXL hashtag row found; add a row of hashtags under the headers (for example "
                         + ", ".join(t for t, (_, req) in tags.items() if req) + ")", source=str(path)) from None
    except (hxl.HXLException, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read as HXL CSV: {exc}", source=str(path)) from None
    wanted = {_norm(t): f for t, (f, _) in tags.items()}
    index: dict[str, int] = {}
    for i, c in enumerate(columns):
        key = _norm(c.display_tag or "") if c.display_tag else ""
        if key in wanted and wanted[key] not in index:
            index[wanted[key]] = i
    missing = [t for t, (f, req) in tags.items() if req and f not in index]
    if missing:
        raise InputError(f"missing required hashtag column(s): {', '.join(missing)}", source=str(path), line=2)
    out = []
    for line, values in rows:
        rec = {f: (unguard_cell(str(values[i])).strip() if i < len(values) and values[i] is not None else "")
               for f, i in index.items()}
        if any(rec.values()):
            out.append((line, rec))
    return out


def _date(rec: dict[str, str], f: str) -> dt.date | None:
    if not rec.get(f):
        return None
    try:
        return dt.date.fromisoformat(rec[f])
    except ValueError:
        raise InputError(f"{rec[f]!r} is not a date (YYYY-MM-DD)", field=f) from None


def _float(rec: dict[str, str], f: str) -> float | None:
    if not rec.get(f):
        return None
    try:
        return float(rec[f])
    except ValueError:
        raise InputError(f"{rec[f]!r} is not a number", field=f) from None


def _parse_weapon(svc: DisarmamentService, rec: dict[str, str]) -> tuple[NewWeapon, Collected | None]:
    if rec["type"] not in WEAPON_TYPES:
        raise InputError(f"unknown weapon type {rec['type']!r}; use one of: {', '.join(WEAPON_TYPES)}", field="type")
    if not rec.get("unit"):
        raise InputError("the unit or body is required", field="unit")
    year = None
    if rec.get("year_of_manufacture"):
        if not rec["year_of_manufacture"].isdigit():
            raise InputError(f"{rec['year_of_manufacture']!r} is not a year", field="year_of_manufacture")
        year = int(rec["year_of_manufacture"])
        if not 1850 <= year <= 2100:
            raise InputError(f"year {year} is not plausible", field="year_of_manufacture")
    zone = rec.get("zone") or None
    lat, lon = _float(rec, "lat"), _float(rec, "lon")
    if zone is None and lat is not None and lon is not None:
        zone = svc.zone_at(lon, lat)
        if zone is None:
            raise InputError(f"{lat}, {lon} lies outside every governorate of the mission", field="lat")
    if zone is not None and zone not in svc.zones:
        raise InputError(f"zone {zone!r} is not a governorate P-code ({', '.join(sorted(svc.zones))})", field="zone")
    on = _date(rec, "collected_on")
    step = None
    if on is not None:
        for f in ("site", "receipt"):
            if not rec.get(f):
                raise InputError(f"a collected weapon needs its collection {f}", field=f)
        step = Collected(on, rec["site"], rec["unit"], rec["receipt"], rec.get("handed_over_by", ""))
    w = NewWeapon(rec["type"], rec.get("model", ""), rec.get("calibre", ""), rec.get("manufacturer", ""),
                  rec.get("country_of_manufacture", ""), year, rec.get("serial", ""), rec.get("markings", ""),
                  rec.get("marking_place", ""), rec.get("import_mark", ""), zone, rec["unit"], on)
    return w, step


def _parse_site(rec: dict[str, str]) -> NewSite:
    if rec["kind"] not in SITE_KINDS:
        raise InputError(f"unknown site kind {rec['kind']!r}; use one of: {', '.join(SITE_KINDS)}", field="kind")
    found = _date(rec, "found_on")
    if found is None:
        raise InputError("a site needs the day it was found (YYYY-MM-DD)", field="found_on")
    geometry: Any
    if rec.get("geometry"):
        geometry = rec["geometry"]
    else:
        lat, lon = _float(rec, "lat"), _float(rec, "lon")
        if lat is None or lon is None:
            raise InputError("give the site's #geo+lat and #geo+lon, or its #geo+geojson", field="lat")
        geometry = json.dumps({"type": "Point", "coordinates": [lon, lat]})
    parse_geometry(geometry, field="geometry")
    return NewSite(rec["id"], rec["kind"], rec.get("name", ""), geometry, found, rec["unit"])


def _check(rows: list[tuple[int, dict[str, str]]], parse: Callable[[dict[str, str]], Any], src: str,
           required: Sequence[str]) -> tuple[list[tuple[int, Any]], list[tuple[int, str, str]]]:
    good: list[tuple[int, Any]] = []
    bad: list[tuple[int, str, str]] = []
    for line, rec in rows:
        try:
            for f in required:
                if not rec.get(f):
                    raise InputError("required value is empty", field=f)
            good.append((line, parse(rec)))
        except InputError as exc:
            bad.append((line, exc.field or "", exc.problem))
    return good, bad


def _finish(path: Path, bad: list[tuple[int, str, str]], skip_bad: bool, report: Path | None) -> Path | None:
    if bad and not skip_bad:
        line, f, problem = bad[0]
        more = f" ({len(bad) - 1} more bad rows; fix them or use --skip-bad with a report)" if len(bad) > 1 else ""
        raise InputError(problem + more, source=str(path), line=line, field=f or None)
    if not bad:
        return None
    report = report or path.with_suffix(".rejected.csv")
    with report.open("w", newline="", encoding="utf-8") as fh:
        w = guarded_writer(fh)
        w.writerow(["line", "field", "problem"])
        w.writerows(bad)
    return report


def _require_units(conn: Connection, acting: Principal | None, rows: list[tuple[int, dict[str, str]]]) -> None:
    """Refuse unless ``acting`` acts for every unit the file names (None, at the command line, acts for all)."""
    if acting is not None:
        tree = CommandTree(conn)
        for unit in sorted({rec["unit"] for _, rec in rows if rec.get("unit")}):
            tree.require(acting, unit, f"import records of unit {unit}")


def import_weapons(svc: DisarmamentService, path: Path, *, actor: str, exercise: bool = False,
                   skip_bad: bool = False, report: Path | None = None,
                   acting: Principal | None = None) -> ImportResult:
    """Register (and where dated, collect) each weapon of an HXL CSV, all in one unit of work; ``acting`` (the
    signed-in principal, None at the command line) must act for every unit the file names."""
    rows = _rows(path, WEAPON_TAGS)
    good, bad = _check(rows, lambda r: _parse_weapon(svc, r), str(path), ("type", "unit"))
    with svc.store.write(actor, exercise=exercise) as uow:
        _require_units(uow.conn, acting, rows)
        rep = _finish(path, bad, skip_bad, report)
        try:
            regs = svc.register_in(uow, [w for _, (w, _) in good])
            svc.record_in(uow, [(r.id, s) for r, (_, (_, s)) in zip(regs, good, strict=True) if s is not None])
        except CustodesError as exc:  # a rule the row checks missed: still name a line, still write nothing
            raise InputError(str(exc), source=str(path)) from None
    return ImportResult(len(good), len(bad), rep, tuple(str(r.id) for r in regs))


def import_sites(svc: DisarmamentService, path: Path, *, actor: str, exercise: bool = False, skip_bad: bool = False,
                 report: Path | None = None, acting: Principal | None = None) -> ImportResult:
    """Register each infrastructure site of an HXL CSV, all in one unit of work; ``acting`` (the signed-in
    principal, None at the command line) must act for every unit the file names."""
    rows = _rows(path, SITE_TAGS)
    good, bad = _check(rows, _parse_site, str(path), ("id", "kind", "found_on", "unit"))
    seen: dict[str, int] = {}
    for line, s in list(good):
        if s.id in seen:
            bad.append((line, "id", f"site {s.id} appears again (first on line {seen[s.id]})"))
            good.remove((line, s))
        seen.setdefault(s.id, line)
    with svc.store.write(actor, exercise=exercise) as uow:
        _require_units(uow.conn, acting, rows)
        known = {r[0] for r in uow.conn.execute(select(sites.c.id).where(sites.c.id.in_(list(seen))))}
        for line, s in list(good):
            if s.id in known:
                bad.append((line, "id", f"site {s.id} is already registered"))
                good.remove((line, s))
        bad.sort()
        rep = _finish(path, bad, skip_bad, report)
        for line, s in good:
            try:
                svc.register_site_in(uow, s)
            except InputError as exc:
                raise InputError(exc.problem, source=str(path), line=line, field=exc.field) from None
    return ImportResult(len(good), len(bad), rep, tuple(s.id for _, s in good))
