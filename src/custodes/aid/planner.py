"""Safe routes: the road network (imported, or the profile's schematic one), endpoints, and route queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from custodes.aid.settings import SCHEMATIC_FILE
from custodes.aid.sites import Site, load_sites
from custodes.aid.store import crossings, notifications, roads
from custodes.aid.zones import load_zones
from custodes.errors import InputError, NotFound
from custodes.geo.pathfinding import RoadGraph, Route
from custodes.geo.roads import RoadSet, read_roads, read_schematic
from custodes.ledger.disclosure import publishes
from custodes.storage.uow import Store

__all__ = ["SCHEMATIC_FILE", "Endpoint", "Planner", "RoadsImport"]

publishes("aid.roads_imported", "file", "file_sha256", "lines", "attribution")

SCHEMATIC_LABEL = "SCHEMATIC network (not a survey of roads): NOT FOR NAVIGATION"


@dataclass(frozen=True, slots=True)
class Endpoint:
    ref: str
    lon: float
    lat: float
    label: str


@dataclass(frozen=True, slots=True)
class RoadsImport:
    lines: int
    file_sha256: str
    attribution: str

    def as_json(self) -> dict[str, Any]:
        return {"lines": self.lines, "file_sha256": self.file_sha256, "attribution": self.attribution}


class Planner:
    """Routes over the current road network, around the zones active at a time."""

    def __init__(self, store: Store, *, schematic: Path, sites_file: Path) -> None:
        self.store = store
        #: the road network used until real roads are imported (the profile's :data:`SCHEMATIC_FILE`)
        self.schematic = schematic
        self.sites_file = sites_file
        self._graph: tuple[int, RoadGraph, RoadSet] | None = None
        self._sites: dict[str, Site] | None = None

    # -- the network -----------------------------------------------------------------------------
    def network(self) -> tuple[RoadGraph, RoadSet]:
        """The road graph in use (the imported roads, else the schematic network), cached until roads change."""
        with self.store.read() as conn:
            n = int(conn.execute(select(func.count()).select_from(roads)).scalar_one())
            if self._graph is not None and self._graph[0] == n:
                return self._graph[1], self._graph[2]
            if n:
                rows = conn.execute(select(roads.c.geometry, roads.c.attribution)).all()
                lines = [tuple(tuple(c) for c in json.loads(g)["coordinates"]) for g, _ in rows]
                rs = RoadSet((), rows[0].attribution)
            else:
                if not self.schematic.is_file():
                    raise NotFound("no road network: import one with `custodes aid roads import FILE`")
                rs = read_schematic(self.schematic)
                lines = [ln.coords for ln in rs.lines]
        graph = RoadGraph.from_lines(lines)
        self._graph = (n, graph, rs)
        return graph, rs

    def import_roads(self, path: Path, *, actor: str) -> RoadsImport:
        """Replace the road network by the OpenStreetMap roads in ``path`` (one transaction, journalled)."""
        rs = read_roads(path)
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        with self.store.write(actor) as uow:
            uow.conn.execute(delete(roads))
            uow.conn.execute(insert(roads), [
                {"osm_id": ln.osm_id, "name": ln.name, "highway": ln.highway,
                 "geometry": json.dumps(ln.geojson()), "attribution": rs.attribution} for ln in rs.lines])
            uow.append("aid.roads_imported", {"file": path.name, "file_sha256": digest, "lines": len(rs.lines),
                                              "attribution": rs.attribution})
        self._graph = None
        return RoadsImport(len(rs.lines), digest, rs.attribution)

    # -- endpoints ------------------------------------------------------------------------------
    def sites(self) -> dict[str, Site]:
        """The profile's static sites by id."""
        if self._sites is None:
            self._sites = {s.id: s for s in load_sites(self.sites_file)}
        return self._sites

    def endpoint(self, ref: str) -> Endpoint:
        """A crossing id, a notified site id, a profile (OpenStreetMap) site id, or ``lon,lat``."""
        ref = ref.strip()
        if "," in ref:
            try:
                lon, lat = (float(x) for x in ref.split(","))
            except ValueError:
                raise InputError(f"{ref!r} is not lon,lat", field="point") from None
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise InputError(f"{ref!r} is out of range (lon,lat in degrees)", field="point")
            return Endpoint(ref, lon, lat, f"point {lon:.5f},{lat:.5f}")
        with self.store.read() as conn:
            found = _lookup(conn, ref)
        if found is not None:
            return found
        site = self.sites().get(ref)
        if site is not None:
            return Endpoint(ref, site.lon, site.lat, f"{site.category} {site.name}")
        raise NotFound(f"{ref!r} is neither a crossing, a notified site, a profile site nor lon,lat")

    # -- queries ----------------------------------------------------------------------------------
    def route(self, origin: str, destination: str, at: dt.datetime) -> Route:
        """The shortest route between two ends avoiding the zones active at ``at``, or why there is none."""
        a, b = self.endpoint(origin), self.endpoint(destination)
        graph, rs = self.network()
        with self.store.read() as conn:
            zones = [z for z in load_zones(conn) if z.active_at(at)]
        r = graph.route((a.lon, a.lat), (b.lon, b.lat), zones)
        extra = {"from": a.label, "to": b.label, "at": at.isoformat(),
                 "network": SCHEMATIC_LABEL if rs.schematic else "imported OpenStreetMap roads",
                 "attribution": rs.attribution}
        return replace(r, extra=extra)


def _lookup(conn: Connection, ref: str) -> Endpoint | None:
    row = conn.execute(select(crossings.c.lon, crossings.c.lat, crossings.c.name_en)
                       .where(crossings.c.id == ref)).first()
    if row is not None:
        return Endpoint(ref, row.lon, row.lat, f"crossing {row.name_en}")
    n = conn.execute(select(notifications.c.lon, notifications.c.lat, notifications.c.name)
                     .where(notifications.c.id == ref, notifications.c.kind == "site")).first()
    if n is not None and n.lon is not None:
        return Endpoint(ref, n.lon, n.lat, f"site {n.name}")
    return None
