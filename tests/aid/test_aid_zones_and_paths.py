"""Safe routes: around zones active at a time, why there is none, against networkx; road imports."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, Point, mapping

from custodes.aid.zones import declare_zone, lift_zone
from custodes.app import Custodes
from custodes.errors import InputError, NotFound
from custodes.geo.pathfinding import RoadGraph
from custodes.geo.zones import Zone

T0 = dt.datetime(2026, 11, 28, 8, tzinfo=dt.UTC)


def _axis_band(centre: tuple[float, float], half_width: float = 0.004) -> dict[str, object]:
    """A band across the strip (perpendicular to its SW-NE axis) through ``centre``."""
    ax, ay = 0.27, 0.30
    px, py = ay, -ax
    a = (centre[0] - px * 0.4, centre[1] - py * 0.4)
    b = (centre[0] + px * 0.4, centre[1] + py * 0.4)
    return dict(mapping(LineString([a, b]).buffer(half_width)))


def test_schematic_route_is_labelled_and_measured(app: Custodes) -> None:
    r = app.aid.planner.route("kerem-shalom", "erez", T0)
    assert r.found and 40_000 < r.length_m < 60_000
    assert "NOT FOR NAVIGATION" in r.extra["network"] and "NOT for navigation" in r.extra["attribution"]
    assert r.coords[0] == pytest.approx((34.2723, 31.2238)) and r.coords[-1] == pytest.approx((34.535, 31.5602))


def test_route_goes_around_an_active_zone_and_reports_what_it_skirts(app: Custodes) -> None:
    free = app.aid.planner.route("kerem-shalom", "erez", T0)
    zone = Point(34.355, 31.405).buffer(0.01)  # on Salah al-Din Road at Deir al-Balah
    assert LineString(free.coords).intersects(zone)
    declare_zone(app.store, "force", name="Deir al-Balah junction", kind="hazard", geometry=dict(mapping(zone)),
                 valid_from=T0 - dt.timedelta(hours=1), valid_to=T0 + dt.timedelta(days=1), reason="shelling",
                 id="z-deir")
    around = app.aid.planner.route("kerem-shalom", "erez", T0)
    assert around.found and around.avoided == ("z-deir",)
    assert not LineString(around.coords).intersects(zone)
    assert around.length_m > free.length_m
    assert [z for z, _ in around.skirted] == ["z-deir"] or around.skirted == ()
    # not active any more two days later: the direct road again
    later = app.aid.planner.route("kerem-shalom", "erez", T0 + dt.timedelta(days=2))
    assert later.avoided == () and later.length_m == pytest.approx(free.length_m)
    # and not before it started
    assert app.aid.planner.route("kerem-shalom", "erez", T0 - dt.timedelta(days=1)).avoided == ()


def test_no_route_says_why(app: Custodes) -> None:
    declare_zone(app.store, "force", name="front line", kind="no_go", geometry=_axis_band((34.37, 31.41)),
                 valid_from=T0 - dt.timedelta(hours=1), valid_to=None, reason="hostilities", id="z-band")
    r = app.aid.planner.route("kerem-shalom", "erez", T0)
    assert not r.found and "z-band" in r.reason and "passes through" in r.reason
    inside = app.aid.planner.route("34.37,31.41", "erez", T0)
    assert not inside.found and "start lies inside" in inside.reason
    lift_zone(app.store, "force", "z-band", at=T0 + dt.timedelta(hours=1))
    assert app.aid.planner.route("kerem-shalom", "erez", T0 + dt.timedelta(hours=2)).found


def test_endpoints(app: Custodes) -> None:
    p = app.aid.planner
    assert p.endpoint("rafah").label == "crossing Rafah"
    site = next(iter(p.sites().values()))
    assert p.endpoint(site.id).lon == site.lon
    with pytest.raises(NotFound):
        p.endpoint("atlantis")
    with pytest.raises(InputError, match="out of range"):
        p.endpoint("200,31")


def _grid(n: int, seed: int) -> RoadGraph:
    rnd = random.Random(seed)
    lon = np.array([34.2 + (i % n) * 0.002 + rnd.uniform(-0.0005, 0.0005) for i in range(n * n)])
    lat = np.array([31.2 + (i // n) * 0.002 + rnd.uniform(-0.0005, 0.0005) for i in range(n * n)])
    us, vs = [], []
    for i in range(n * n):
        for j in ((i + 1) if i % n < n - 1 else None, (i + n) if i + n < n * n else None):
            if j is not None and rnd.random() < 0.85:
                us.append(i)
                vs.append(j)
    return RoadGraph(lon, lat, np.array(us), np.array(vs))


def test_astar_matches_networkx_with_and_without_zones() -> None:
    g = _grid(30, 1)
    zone = Zone("z", "z", "hazard", Point(34.23, 31.23).buffer(0.008), T0, None, "test")
    blocked = {i for i in range(g.edges)
               if LineString([(g.lon[g.u[i]], g.lat[g.u[i]]), (g.lon[g.v[i]], g.lat[g.v[i]])])
               .intersects(zone.geometry)}
    for zones, skip in (([], set()), ([zone], blocked)):
        nxg = nx.Graph()
        nxg.add_weighted_edges_from((int(g.u[i]), int(g.v[i]), float(g.length[i])) for i in range(g.edges)
                                    if i not in skip)
        rnd = random.Random(2)
        for _ in range(25):
            s, t = rnd.randrange(g.nodes), rnd.randrange(g.nodes)
            path = g.node_path(s, t, zones)
            try:
                want = nx.shortest_path_length(nxg, s, t, weight="weight")
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                assert path is None or path == [s]
                continue
            assert path is not None
            got = sum(float(g.graph.get_edge_data(a, b)) for a, b in itertools.pairwise(path))
            assert got == pytest.approx(want, rel=1e-9)


def test_import_roads_from_geojson_and_pbf(app: Custodes, tmp_path: Path) -> None:
    fc = {"type": "FeatureCollection", "attribution": "HOT export hotosm_pse_roads", "features": [
        {"type": "Feature", "properties": {"highway": "primary", "name": "A", "osm_id": 1},
         "geometry": {"type": "LineString", "coordinates": [[34.2723, 31.2238], [34.30, 31.30], [34.535, 31.5602]]}},
        {"type": "Feature", "properties": {"building": "yes"},
         "geometry": {"type": "LineString", "coordinates": [[34.3, 31.3], [34.31, 31.31]]}},
    ]}
    f = tmp_path / "roads.geojson"
    f.write_text(json.dumps(fc), encoding="utf-8")
    res = app.aid.planner.import_roads(f, actor="importer")
    assert res.lines == 1 and "ODbL" in res.attribution and "hotosm_pse_roads" in res.attribution
    graph, rs = app.aid.planner.network()
    assert graph.nodes == 3 and not rs.schematic
    r = app.aid.planner.route("kerem-shalom", "erez", T0)
    assert r.found and "OpenStreetMap" in r.extra["network"] and "ODbL" in r.extra["attribution"]

    osmium = pytest.importorskip("osmium")
    pbf = tmp_path / "gaza.osm.pbf"
    w = osmium.SimpleWriter(str(pbf))
    for i, (x, y) in enumerate([(34.2723, 31.2238), (34.40, 31.40), (34.535, 31.5602)], start=1):
        w.add_node(osmium.osm.mutable.Node(id=i, location=(x, y), tags={}))
    w.add_way(osmium.osm.mutable.Way(id=10, nodes=[1, 2, 3], tags={"highway": "trunk", "name": "B"}))
    w.close()
    assert app.aid.planner.import_roads(pbf, actor="importer").lines == 1
    assert app.aid.planner.network()[0].nodes == 3

    lines = tmp_path / "roads.geojsonl"
    lines.write_text(json.dumps(fc["features"][0]) + "\n" + "{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        app.aid.planner.import_roads(lines, actor="importer")
    empty = tmp_path / "empty.geojson"
    empty.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")
    with pytest.raises(InputError, match="no road lines"):
        app.aid.planner.import_roads(empty, actor="importer")
    assert app.aid.planner.network()[0].nodes == 3  # the failed imports changed nothing
