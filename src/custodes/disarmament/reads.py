"""What the disarmament records show, read over an open connection: weapons, certificates, sites, documents, totals.

Each list and total takes ``exercise``: False for the real records only, True for the exercise ones, None for both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Column, Connection, Select, func, select

from custodes.disarmament.model import Custody, Status, Weapon
from custodes.disarmament.results import Certificate, Summary, WeaponView
from custodes.disarmament.store import custody_steps, documents, sites, weapons
from custodes.errors import NotFound
from custodes.jsonable import plain_dict
from custodes.paging import Page
from custodes.storage.paging import fetch_page

__all__ = ["certificate", "certificate_page", "custody_counts", "depots", "document_list", "document_type",
           "months", "open_weapons", "site_counts", "site_page", "site_record", "subject_unit", "summary",
           "weapon_of", "weapon_page", "weapon_view"]


def _only(q: Select[Any], flag: Column[bool], exercise: bool | None) -> Select[Any]:
    return q if exercise is None else q.where(flag.is_(exercise))


def weapon_of(row: Any) -> Weapon:
    return Weapon(row.id, row.type, row.model, row.calibre, row.manufacturer, row.country_of_manufacture,
                  row.year_of_manufacture, row.serial, row.markings, row.marking_place, row.import_mark,
                  row.zone, row.unit, row.mark, row.duplicate_of)


def custody_of(row: Any) -> Custody:
    return Custody(row.id, Status(row.status), row.place, row.last_on, row.steps)


def _view(r: Any) -> WeaponView:
    return WeaponView(weapon_of(r), custody_of(r), r.destroyed_on, r.certificate, r.exercise)


# -- weapons --------------------------------------------------------------------------------------------
def weapon_view(conn: Connection, wid: int, *, history: bool) -> WeaponView:
    """One weapon with its custody state and (``history``) its custody steps."""
    row = conn.execute(select(weapons).where(weapons.c.id == wid)).first()
    if row is None:
        raise NotFound(f"no weapon {wid} in the registry")
    hist: tuple[dict[str, Any], ...] = ()
    if history:
        hist = tuple({"seq": s.seq, "kind": s.kind, "on": s.on, "unit": s.unit, **json.loads(s.detail)}
                     for s in conn.execute(select(custody_steps).where(custody_steps.c.weapon == wid)
                                           .order_by(custody_steps.c.seq)))
    return WeaponView(weapon_of(row), custody_of(row), row.destroyed_on, row.certificate, row.exercise, hist)


def weapon_page(conn: Connection, *, status: str | None, zone: str | None, type: str | None, duplicates: bool,
                exercise: bool | None, limit: int, offset: int) -> Page[WeaponView]:
    """Weapons by id, filtered by status, zone, type, duplicates only."""
    q = _only(select(weapons), weapons.c.exercise, exercise).order_by(weapons.c.id)
    if status:
        q = q.where(weapons.c.status == Status(status).value)
    if zone:
        q = q.where(weapons.c.zone == zone)
    if type:
        q = q.where(weapons.c.type == type)
    if duplicates:
        q = q.where(weapons.c.duplicate_of.is_not(None))
    return fetch_page(conn, q, limit=limit, offset=offset).map(_view)


def certificate_page(conn: Connection, *, zone: str | None, exercise: bool | None, limit: int,
                     offset: int) -> Page[tuple[int, str]]:
    """(weapon, certificate hash) of each destroyed weapon, by weapon."""
    q = _only(select(weapons.c.id, weapons.c.certificate), weapons.c.exercise, exercise).where(
        weapons.c.certificate.is_not(None)).order_by(weapons.c.id)
    if zone:
        q = q.where(weapons.c.zone == zone)
    return fetch_page(conn, q, limit=limit, offset=offset).map(lambda r: (int(r.id), str(r.certificate)))


def certificate(conn: Connection, wid: int) -> Certificate:
    """A destroyed weapon's certificate with the fields its hash covers, so that anyone can recompute it."""
    v = weapon_view(conn, wid, history=True)
    if v.certificate is None:
        raise NotFound(f"weapon {wid} has not been destroyed; it has no certificate")
    step = next(h for h in reversed(v.history) if h["kind"] == "destroyed")
    destruction = {k: (x.isoformat() if isinstance(x, dt.date) else x) for k, x in step.items() if k != "seq"}
    return Certificate(v.certificate, v.weapon, destruction)


def open_weapons(conn: Connection, *, limit: int) -> list[tuple[int, str, str, str, str]]:
    """(id, mark, type, unit, status) of the newest weapons not yet destroyed."""
    w = weapons.c
    return [(r.id, r.mark, r.type, r.unit, r.status) for r in conn.execute(
        select(w.id, w.mark, w.type, w.unit, w.status).where(w.status != "destroyed").order_by(w.id.desc())
        .limit(limit))]


def depots(conn: Connection, *, limit: int) -> list[str]:
    """The places weapons were stored in, by name."""
    return [r.place for r in conn.execute(select(custody_steps.c.place).where(custody_steps.c.kind == "stored")
                                          .distinct().order_by(custody_steps.c.place).limit(limit))]


# -- totals ---------------------------------------------------------------------------------------------
def custody_counts(conn: Connection, *, exercise: bool | None) -> dict[str, int]:
    """Weapons per custody status."""
    q = _only(select(weapons.c.status, func.count()), weapons.c.exercise, exercise).group_by(weapons.c.status)
    return {str(s): int(n) for s, n in conn.execute(q)}


def months(conn: Connection, *, exercise: bool | None) -> dict[str, tuple[int, int]]:
    """(collected, destroyed) weapons per month (YYYY-MM), from the custody steps."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    q = _only(select(custody_steps.c.on, custody_steps.c.kind, func.count()), custody_steps.c.exercise, exercise)
    for on, kind, n in conn.execute(q.where(custody_steps.c.kind.in_(("collected", "destroyed")))
                                    .group_by(custody_steps.c.on, custody_steps.c.kind)):
        out[on.strftime("%Y-%m")][0 if kind == "collected" else 1] += int(n)
    return {m: (c, d) for m, (c, d) in sorted(out.items())}


def site_counts(conn: Connection, *, exercise: bool | None) -> dict[str, int]:
    """Military infrastructure sites per status (found, destroyed, verified)."""
    q = _only(select(sites.c.status, func.count()), sites.c.exercise, exercise).group_by(sites.c.status)
    return {str(s): int(n) for s, n in conn.execute(q)}


def summary(conn: Connection, *, exercise: bool | None) -> Summary:
    """Totals by type, zone and month (collections and destructions), and sites by status."""
    def counts(col: Any) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for key, status, n in conn.execute(_only(select(col, weapons.c.status, func.count()), weapons.c.exercise,
                                                 exercise).group_by(col, weapons.c.status)):
            d = out.setdefault(key or "unknown", {"registered": 0, "in_custody": 0, "destroyed": 0})
            d["registered"] += n
            if status in (Status.COLLECTED, Status.STORED):
                d["in_custody"] += n
            elif status == Status.DESTROYED:
                d["destroyed"] += n
        return dict(sorted(out.items()))

    by_type = counts(weapons.c.type)
    tot = {k: sum(d[k] for d in by_type.values()) for k in ("registered", "in_custody", "destroyed")}
    by_month = {m: {"collected": c, "destroyed": d} for m, (c, d) in months(conn, exercise=exercise).items()}
    dups = conn.execute(_only(select(func.count()).select_from(weapons), weapons.c.exercise, exercise)
                        .where(weapons.c.duplicate_of.is_not(None))).scalar_one()
    ex = conn.execute(_only(select(func.count()).select_from(weapons), weapons.c.exercise, exercise)
                      .where(weapons.c.exercise.is_(True))).scalar_one()
    return Summary(tot["registered"], tot["in_custody"], tot["destroyed"],
                   tot["registered"] - tot["in_custody"] - tot["destroyed"], dups, ex, by_type,
                   counts(weapons.c.zone), by_month, site_counts(conn, exercise=exercise))


# -- sites and documents --------------------------------------------------------------------------------
def _site_dict(r: Any) -> dict[str, Any]:
    return plain_dict({k: (json.loads(v) if k == "geometry" else v) for k, v in r._mapping.items()})


def site_page(conn: Connection, *, zone: str | None, status: str | None, exercise: bool | None, limit: int,
              offset: int) -> Page[dict[str, Any]]:
    """Infrastructure sites by id, filtered by zone or status, with their GeoJSON geometry."""
    q = _only(select(sites), sites.c.exercise, exercise).order_by(sites.c.id)
    if zone:
        q = q.where(sites.c.zone == zone)
    if status:
        q = q.where(sites.c.status == status)
    return fetch_page(conn, q, limit=limit, offset=offset).map(_site_dict)


def site_record(conn: Connection, site_id: str) -> dict[str, Any]:
    """One site as :func:`site_page` lists it."""
    row = conn.execute(select(sites).where(sites.c.id == site_id)).first()
    if row is None:
        raise NotFound(f"no infrastructure site {site_id!r}")
    return {k: (json.loads(v) if k == "geometry" else v) for k, v in row._mapping.items()}


def subject_unit(conn: Connection, subject: str, subject_id: str) -> str:
    """The unit that recorded a weapon or a site (NotFound when there is none)."""
    if subject == "site":
        r = conn.execute(select(sites.c.unit).where(sites.c.id == subject_id)).first()
        if r is None:
            raise NotFound(f"no infrastructure site {subject_id!r}")
        return str(r.unit)
    if not subject_id.isdigit() or len(subject_id) > 10:
        raise NotFound(f"no weapon {subject_id!r}")
    r = conn.execute(select(weapons.c.unit).where(weapons.c.id == int(subject_id))).first()
    if r is None:
        raise NotFound(f"no weapon {subject_id!r}")
    return str(r.unit)


def document_list(conn: Connection, subject: str, subject_id: str, digest: str | None = None) -> list[dict[str, Any]]:
    """The documents attached to a weapon or a site (or the one with hash ``digest``), by hash."""
    q = select(documents).where(documents.c.subject == subject, documents.c.subject_id == subject_id)
    if digest:
        q = q.where(documents.c.sha256 == digest)
    return [dict(r._mapping) for r in conn.execute(q.order_by(documents.c.sha256))]


def document_type(conn: Connection, sha256: str) -> str:
    """The media type a document was attached with (NotFound when no record names the hash)."""
    row = conn.execute(select(documents.c.media_type).where(documents.c.sha256 == sha256)).first()
    if row is None:
        raise NotFound(f"no document {sha256}")
    return str(row.media_type)
