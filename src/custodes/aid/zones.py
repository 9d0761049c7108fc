"""Use cases of hazard and no-go zones: declare, lift, list (geometry rules in custodes.geo.zones)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Row, Select, insert, or_, select, update

from custodes.aid.model import utc
from custodes.aid.store import hazard_zones
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.geo.io import parse_geometry, to_geojson
from custodes.geo.zones import ZONE_KINDS, Zone
from custodes.ledger.disclosure import publishes
from custodes.paging import Page
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store

__all__ = ["declare_zone", "lift_zone", "list_zones", "load_zones", "zone_page"]

publishes("aid.zone_declared", "id", "kind", "name", "reason", "geometry", "valid_from", "valid_to")
publishes("aid.zone_lifted", "id", "valid_to", "reason")


def _zones_query(*, at: dt.datetime | None = None, kind: str | None = None,
                 exercise: bool | None = None) -> Select[Any]:
    """Zones oldest first: all, or those active at ``at``, of ``kind``, real or exercise ones (None: both)."""
    c = hazard_zones.c
    q = select(hazard_zones).order_by(c.valid_from, c.id)
    if at is not None:
        q = q.where(c.valid_from <= utc(at), or_(c.valid_to.is_(None), c.valid_to > utc(at)))
    if kind is not None:
        q = q.where(c.kind == kind)
    if exercise is not None:
        q = q.where(c.exercise.is_(exercise))
    return q


def _zone(r: Row[Any]) -> Zone:
    return Zone(r.id, r.name, r.kind, parse_geometry(r.geometry, field=f"zone {r.id}"), utc(r.valid_from),
                utc(r.valid_to), r.reason)


def load_zones(conn: Connection, *, at: dt.datetime | None = None, exercise: bool | None = None) -> list[Zone]:
    """Zones oldest first: every one, or those active at ``at``; real, exercise or both (``exercise`` None)."""
    return [_zone(r) for r in conn.execute(_zones_query(at=at, exercise=exercise))]


def list_zones(store: Store, at: dt.datetime | None = None, *, exercise: bool | None = None) -> list[Zone]:
    """Every zone, or those active at ``at`` (the map's layer and the route planner: a bounded set of windows)."""
    with store.read() as conn:
        return load_zones(conn, at=at, exercise=exercise)


def zone_page(store: Store, *, at: dt.datetime | None = None, kind: str | None = None,
              exercise: bool | None = None, limit: int, offset: int) -> Page[Zone]:
    """A page of zones, oldest first: all, or those active at ``at``, of ``kind``, real or exercise ones."""
    with store.read() as conn:
        return fetch_page(conn, _zones_query(at=at, kind=kind, exercise=exercise), limit=limit,
                          offset=offset).map(_zone)


def declare_zone(store: Store, actor: str, *, name: str, kind: str, geometry: Mapping[str, Any] | str,
                 valid_from: dt.datetime, valid_to: dt.datetime | None, reason: str, id: str | None = None,
                 exercise: bool = False) -> Zone:
    """Declare a hazard or no-go polygon valid from ``valid_from`` until ``valid_to`` (open-ended if None)."""
    if kind not in ZONE_KINDS:
        raise InputError(f"kind should be {' or '.join(ZONE_KINDS)}, not {kind!r}", field="kind")
    geom = parse_geometry(geometry)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise InputError(f"a zone is a Polygon or MultiPolygon, not a {geom.geom_type}", field="geometry")
    if valid_to is not None and valid_to <= valid_from:
        raise InputError("dates out of order: the zone ends before it starts", field="valid_to")
    if not reason.strip():
        raise InputError("say why the zone is declared", field="reason")
    zid = id or f"zone-{uuid.uuid4().hex[:8]}"
    zone = Zone(zid, name, kind, geom, valid_from, valid_to, reason.strip())
    with store.write(actor, exercise=exercise) as uow:
        if uow.conn.execute(select(hazard_zones.c.id).where(hazard_zones.c.id == zid)).first():
            raise InputError(f"zone {zid} exists already", field="id")
        uow.conn.execute(insert(hazard_zones).values(
            id=zid, name=name, kind=kind, geometry=json.dumps(to_geojson(geom)), valid_from=utc(valid_from),
            valid_to=utc(valid_to), reason=zone.reason, exercise=exercise))
        uow.append("aid.zone_declared", zone.as_json())
    return zone


def lift_zone(store: Store, actor: str, zone_id: str, *, at: dt.datetime | None = None, reason: str = "") -> Zone:
    """End a zone's validity at ``at`` (now by default)."""
    with store.write(actor) as uow:
        row = uow.conn.execute(select(hazard_zones).where(hazard_zones.c.id == zone_id)).first()
        if row is None:
            raise NotFound(f"no zone {zone_id!r}")
        when = at or uow.now
        end = utc(row.valid_to)
        if end is not None and end <= when:
            raise IllegalTransition("zone.already_ended", f"zone {zone_id} ended at {end.isoformat()}")
        start = utc(row.valid_from)
        if when < start:
            raise InputError("a zone cannot be lifted before it starts", field="at")
        if row.exercise:
            uow.exercise = True
        uow.conn.execute(update(hazard_zones).where(hazard_zones.c.id == zone_id).values(valid_to=utc(when)))
        uow.append("aid.zone_lifted", {"id": zone_id, "valid_to": when, "reason": reason})
        zones = {z.id: z for z in load_zones(uow.conn)}
    return zones[zone_id]
