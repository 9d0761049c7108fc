"""Shortest safe routes on a road graph (rustworkx A*), around the zones active at a time (shapely STRtree).

Lengths are geodesic metres on WGS 84 (pyproj ``Geod``); the A* estimate is a planar lower bound of
the geodesic distance, so the route found is the shortest. Blocking is per road segment: a segment that
touches an active zone is not used. Graphs without the blocked segments are cached per set of zones.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import rustworkx as rx
import shapely
from pyproj import Geod
from shapely import STRtree
from shapely.geometry import LineString, Point
from shapely.ops import nearest_points

from custodes.geo.zones import Zone

__all__ = ["GEOD", "RoadGraph", "Route", "geodesic_m"]

GEOD = Geod(ellps="WGS84")
#: a lower bound of metres per degree of latitude / of longitude at the equator (WGS 84)
_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LON = 111_320.0


def geodesic_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two (lon, lat) points on WGS 84.

    >>> round(geodesic_m((34.2723, 31.2238), (34.2590, 31.2466)))
    2828
    """
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


@dataclass(frozen=True, slots=True)
class Route:
    found: bool
    reason: str
    length_m: float = 0.0
    coords: tuple[tuple[float, float], ...] = ()
    avoided: tuple[str, ...] = ()  # active zones (ids) that the search kept out of
    skirted: tuple[tuple[str, float], ...] = ()  # (zone id, closest approach in metres)
    snap_m: tuple[float, float] = (0.0, 0.0)  # from the asked points to the road network
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"found": self.found, "reason": self.reason, "length_m": round(self.length_m, 1),
                "coords": [list(c) for c in self.coords], "avoided": list(self.avoided),
                "skirted": [{"zone": z, "distance_m": round(d, 1)} for z, d in self.skirted],
                "snap_m": [round(self.snap_m[0], 1), round(self.snap_m[1], 1)], **self.extra}


class RoadGraph:
    """An undirected road graph: nodes at shared vertices, edges weighted by geodesic length."""

    def __init__(self, lon: np.ndarray, lat: np.ndarray, u: np.ndarray, v: np.ndarray) -> None:
        self.lon = np.asarray(lon, dtype=float)
        self.lat = np.asarray(lat, dtype=float)
        self.u = np.asarray(u, dtype=np.int64)
        self.v = np.asarray(v, dtype=np.int64)
        self.length = np.asarray(GEOD.inv(self.lon[self.u], self.lat[self.u], self.lon[self.v], self.lat[self.v])[2],
                                 dtype=float)
        self.graph: rx.PyGraph = rx.PyGraph(multigraph=False)
        self.graph.add_nodes_from(range(len(self.lon)))
        self.graph.add_edges_from(list(zip(self.u.tolist(), self.v.tolist(), self.length.tolist(), strict=True)))
        self._xs = self.lon.tolist()
        self._ys = self.lat.tolist()
        lat_max = float(np.abs(self.lat).max()) if len(self.lat) else 0.0
        # metres per degree, scaled down a little so that the estimate never exceeds the geodesic distance
        self._kx = _M_PER_DEG_LON * math.cos(math.radians(min(lat_max + 0.01, 89.0))) * 0.995
        self._ky = _M_PER_DEG_LAT * 0.995
        self._segments = shapely.linestrings(np.stack([
            np.stack([self.lon[self.u], self.lat[self.u]], axis=1),
            np.stack([self.lon[self.v], self.lat[self.v]], axis=1)], axis=1))
        self._edge_tree = STRtree(self._segments)
        self._node_tree = STRtree(shapely.points(self.lon, self.lat))
        self._cache: dict[tuple[str, ...], tuple[rx.PyGraph, frozenset[int]]] = {}

    @classmethod
    def from_lines(cls, lines: Sequence[Sequence[tuple[float, float]]]) -> RoadGraph:
        """Nodes where lines share a vertex (to 1e-7 degree, about 1 cm); each vertex pair is an edge."""
        index: dict[tuple[float, float], int] = {}
        us: list[int] = []
        vs: list[int] = []
        for line in lines:
            prev = None
            for x, y in line:
                key = (round(x, 7), round(y, 7))
                n = index.setdefault(key, len(index))
                if prev is not None and prev != n:
                    us.append(prev)
                    vs.append(n)
                prev = n
        coords = np.array(list(index), dtype=float).reshape(-1, 2)
        return cls(coords[:, 0], coords[:, 1], np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64))

    @property
    def nodes(self) -> int:
        return len(self.lon)

    @property
    def edges(self) -> int:
        return len(self.u)

    # -- zones -----------------------------------------------------------------------------------
    def _without(self, zones: Sequence[Zone]) -> tuple[rx.PyGraph, frozenset[int]]:
        """The graph without the segments the zones touch, and the nodes inside them (cached)."""
        key = tuple(sorted(z.id for z in zones))
        if key in self._cache:
            return self._cache[key]
        if not zones:
            out = (self.graph, frozenset[int]())
        else:
            geoms = [z.geometry for z in zones]
            _, hit = self._edge_tree.query(geoms, predicate="intersects")
            blocked = np.unique(hit)
            _, inside = self._node_tree.query(geoms, predicate="intersects")
            g = self.graph.copy()
            pairs = list(zip(self.u[blocked].tolist(), self.v[blocked].tolist(), strict=True))
            for a, b in pairs:
                if g.has_edge(a, b):
                    g.remove_edge(a, b)
            out = (g, frozenset(np.unique(inside).tolist()))
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[key] = out
        return out

    def nearest_node(self, lon: float, lat: float, exclude: frozenset[int] = frozenset()) -> tuple[int, float]:
        """The nearest node (not in ``exclude``) and its distance in metres."""
        p = Point(lon, lat)
        i = int(self._node_tree.nearest(p))
        if i in exclude:
            # widen the search until a node outside the zones is found
            for radius in (0.005, 0.02, 0.1, 1.0):
                cand = [int(c) for c in self._node_tree.query(p.buffer(radius)) if int(c) not in exclude]
                if cand:
                    i = min(cand, key=lambda c: (self._xs[c] - lon) ** 2 + (self._ys[c] - lat) ** 2)
                    break
        return i, geodesic_m((lon, lat), (self._xs[i], self._ys[i]))

    # -- routing ---------------------------------------------------------------------------------
    def node_path(self, src: int, dst: int, zones: Sequence[Zone] = ()) -> list[int] | None:
        """Node ids of the shortest path avoiding ``zones``, or None when there is none."""
        g, _ = self._without(zones)
        if src == dst:
            return [src]
        # the A* estimate for every node at once (vectorised); rustworkx then calls only C-level functions
        estimate = np.hypot((self.lon - self._xs[dst]) * self._kx, (self.lat - self._ys[dst]) * self._ky)
        try:
            return list(rx.graph_astar_shortest_path(g, src, dst.__eq__, float, estimate.__getitem__))
        except rx.NoPathFound:
            return None

    def route(self, a: tuple[float, float], b: tuple[float, float], zones: Sequence[Zone] = (),
              *, skirt_m: float = 500.0) -> Route:
        """The shortest route from ``a`` to ``b`` (lon, lat) that keeps out of ``zones``, or why there is none."""
        for label, p in (("start", a), ("end", b)):
            inside = [z for z in zones if z.geometry.intersects(Point(p))]
            if inside:
                return Route(False, f"the {label} lies inside active zone(s) {', '.join(z.id for z in inside)}",
                             avoided=tuple(z.id for z in zones))
        _, inside_nodes = self._without(zones)
        s, ds = self.nearest_node(*a, exclude=inside_nodes)
        t, dt_ = self.nearest_node(*b, exclude=inside_nodes)
        path = self.node_path(s, t, zones)
        ids = tuple(z.id for z in zones)
        if path is None:
            free = self.node_path(s, t, ())
            if free is None:
                why = "the two points are on parts of the road network that are not connected"
            else:
                line = self._line(free)
                cut = [z.id for z in zones if z.geometry.intersects(line)]
                why = (f"every road between them passes through active zone(s): {', '.join(cut or ids)}; "
                       "the shortest road route without zones would cross them")
            return Route(False, why, avoided=ids, snap_m=(ds, dt_))
        coords = tuple((self._xs[n], self._ys[n]) for n in path)
        length = sum(float(self.graph.get_edge_data(x, y)) for x, y in itertools.pairwise(path))
        skirted: list[tuple[str, float]] = []
        if len(coords) >= 2:
            line = LineString(coords)
            for z in zones:
                near, far = nearest_points(line, z.geometry)
                d = geodesic_m((near.x, near.y), (far.x, far.y))
                if d <= skirt_m:
                    skirted.append((z.id, d))
        return Route(True, "ok", length, coords, ids, tuple(sorted(skirted, key=lambda t: t[1])), (ds, dt_))

    def _line(self, path: list[int]) -> LineString:
        pts = [(self._xs[n], self._ys[n]) for n in path]
        return LineString(pts if len(pts) > 1 else pts * 2)
