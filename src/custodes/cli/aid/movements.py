"""``custodes aid`` commands for safe movement: hazard zones, safe routes, the road network, notifications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from custodes.aid.model import Notification
from custodes.cli.aid.group import Json, aid_app, parse_time, roads_app
from custodes.cli.common import console, open_app, print_json

__all__: list[str] = []


# -- zones and routes ----------------------------------------------------------------------------
@aid_app.command("zone-add")
def zone_add_cmd(
    ctx: typer.Context, name: Annotated[str, typer.Option()],
    geometry: Annotated[str, typer.Option(help="GeoJSON Polygon: a file or the JSON itself")],
    reason: Annotated[str, typer.Option()],
    kind: Annotated[str, typer.Option(help="hazard or no_go")] = "hazard",
    from_: Annotated[str | None, typer.Option("--from", help="valid from (default now)")] = None,
    to: Annotated[str | None, typer.Option(help="valid until (default open-ended)")] = None,
    id: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Declare a hazard or no-go zone valid for a time window."""
    app = open_app(ctx)
    p = Path(geometry)
    text = p.read_text(encoding="utf-8") if not geometry.lstrip().startswith("{") and p.is_file() else geometry
    obj: Any = json.loads(text) if text.lstrip().startswith("{") else text
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        obj = obj.get("geometry")
    z = app.aid.declare_zone(actor=app.settings.actor, name=name, kind=kind, geometry=obj,
                     valid_from=parse_time(app, from_, "from"), valid_to=parse_time(app, to, "to") if to else None,
                     reason=reason, id=id)
    console.print(f"declared {z.id} ({z.kind}) from {z.valid_from.isoformat()}"
                  + (f" to {z.valid_to.isoformat()}" if z.valid_to else ""))


@aid_app.command("zone-lift")
def zone_lift_cmd(ctx: typer.Context, zone: str, at: Annotated[str | None, typer.Option()] = None,
                  reason: Annotated[str, typer.Option()] = "") -> None:
    """End a zone's validity (now, or at a time)."""
    app = open_app(ctx)
    z = app.aid.lift_zone(zone, actor=app.settings.actor, at=parse_time(app, at, "at") if at else None,
                          reason=reason)
    console.print(f"{z.id} valid until {z.valid_to.isoformat() if z.valid_to else '-'}")


@aid_app.command("zones")
def zones_cmd(ctx: typer.Context, at: Annotated[str | None, typer.Option(help="only zones active then")] = None,
              json_: Json = False) -> None:
    """Hazard and no-go zones (all, or those active at a time)."""
    app = open_app(ctx)
    zones = app.aid.zones_in_force(parse_time(app, at, "at") if at else None, exercise=None)
    if json_:
        print_json([z.as_json() for z in zones])
        return
    t = Table("id", "name", "kind", "from", "to", "reason")
    for z in zones:
        t.add_row(z.id, z.name, z.kind, z.valid_from.isoformat(), z.valid_to.isoformat() if z.valid_to else "open",
                  z.reason)
    console.print(t)


@aid_app.command("route")
def route_cmd(
    ctx: typer.Context,
    origin: Annotated[str, typer.Argument(metavar="FROM", help="crossing id, site id, or lon,lat")],
    destination: Annotated[str, typer.Argument(metavar="TO", help="crossing id, site id, or lon,lat")],
    at: Annotated[str | None, typer.Option(help="time (default now)")] = None,
    json_: Json = False,
) -> None:
    """The shortest route avoiding the zones active at a time, its length and the zones it skirts."""
    app = open_app(ctx)
    r = app.aid.planner.route(origin, destination, parse_time(app, at, "at"))
    if json_:
        print_json(r.as_json())
    else:
        console.print(f"[bold]{r.extra['network']}[/]")
        console.print(f"{r.extra['from']} -> {r.extra['to']} at {r.extra['at']}")
        if r.found:
            console.print(f"route: {r.length_m / 1000:.2f} km over {len(r.coords)} points; avoided zones: "
                          f"{', '.join(r.avoided) or 'none active'}")
            for z, d in r.skirted:
                console.print(f"  skirts {z} at {d:.0f} m")
        else:
            console.print(f"no route: {r.reason}")
        console.print(f"roads: {r.extra['attribution']}")
    if not r.found:
        raise typer.Exit(1)


@roads_app.command("import")
def roads_import_cmd(ctx: typer.Context, file: Path) -> None:
    """Load an OpenStreetMap road network (HOT export GeoJSON or GeoJSON lines, or .osm.pbf)."""
    app = open_app(ctx)
    res = app.aid.planner.import_roads(file, actor=app.settings.actor)
    console.print(f"imported {res.lines} road lines ({res.file_sha256}); {res.attribution}")


@roads_app.command("info")
def roads_info_cmd(ctx: typer.Context, json_: Json = False) -> None:
    """The road network in use: size, source and attribution."""
    graph, rs = open_app(ctx).aid.planner.network()
    info = {"nodes": graph.nodes, "edges": graph.edges, "schematic": rs.schematic, "attribution": rs.attribution}
    print_json(info) if json_ else console.print(
        f"{graph.nodes} nodes, {graph.edges} edges; "
        + ("SCHEMATIC, NOT FOR NAVIGATION; " if rs.schematic else "") + rs.attribution)


# -- notifications -------------------------------------------------------------------------------
def _show(n: Notification, full: bool, json_: bool) -> None:
    view = n.full() if full else n.public()
    if json_:
        print_json(view)
    else:
        console.print(" ".join(f"{k}={v}" for k, v in view.items() if k not in ("route",) and v not in (None, [], "")))


@aid_app.command("notify-site")
def notify_site_cmd(
    ctx: typer.Context, agency: Annotated[str, typer.Option()], name: Annotated[str, typer.Option()],
    category: Annotated[str, typer.Option(help="warehouse, clinic, distribution_point...")],
    place: Annotated[str, typer.Option(help="lon,lat or a profile site id")],
    start: Annotated[str, typer.Option(help="in use from")],
    end: Annotated[str | None, typer.Option()] = None, contact: Annotated[str, typer.Option()] = "",
    json_: Json = False,
) -> None:
    """Notify a static site (at least the lead time ahead); prints the full view for the notifier."""
    app = open_app(ctx)
    n = app.aid.notifier.notify_site(actor=app.settings.actor, agency=agency, name=name, category=category,
                                     place=place, start=parse_time(app, start, "start"),
                                     end=parse_time(app, end, "end") if end else None, contact=contact)
    _show(n, True, json_)


@aid_app.command("check-movement")
def check_movement_cmd(
    ctx: typer.Context, origin: Annotated[str, typer.Argument(metavar="FROM")],
    destination: Annotated[str, typer.Argument(metavar="TO")], start: Annotated[str, typer.Option()],
    end: Annotated[str, typer.Option()], json_: Json = False,
) -> None:
    """Before sending: the planned route and the zones active in the window that it crosses."""
    app = open_app(ctx)
    chk = app.aid.notifier.check_movement(origin, destination, parse_time(app, start, "start"),
                                          parse_time(app, end, "end"))
    if json_:
        print_json(chk.as_json())
        return
    console.print(f"route {chk.length_m / 1000:.2f} km; crosses: "
                  + (", ".join(f"{z.id} ({z.name})" for z in chk.hazards) or "no active zone"))


@aid_app.command("notify-movement")
def notify_movement_cmd(
    ctx: typer.Context, agency: Annotated[str, typer.Option()],
    origin: Annotated[str, typer.Option("--from", help="crossing id, site id, or lon,lat")],
    destination: Annotated[str, typer.Option("--to")], start: Annotated[str, typer.Option()],
    end: Annotated[str, typer.Option()], vehicles: Annotated[int, typer.Option()],
    contact: Annotated[str, typer.Option()],
    accept_hazards: Annotated[bool, typer.Option("--accept-hazards", help="send even if flagged")] = False,
    json_: Json = False,
) -> None:
    """Notify a convoy movement; a route crossing an active zone is flagged and not sent without --accept-hazards."""
    app = open_app(ctx)
    n = app.aid.notifier.notify_movement(actor=app.settings.actor, agency=agency, origin=origin,
                                         destination=destination, start=parse_time(app, start, "start"),
                                         end=parse_time(app, end, "end"), vehicles=vehicles, contact=contact,
                                         accept_hazards=accept_hazards)
    _show(n, True, json_)


def _decide(ctx: typer.Context, notification: str, action: str, reason: str) -> None:
    app = open_app(ctx)
    n = app.aid.notifier.decide(notification, action, reason, actor=app.settings.actor)
    console.print(f"{n.id}: {n.state}" + (f" ({n.reason})" if n.reason else ""))


@aid_app.command("deconflict")
def deconflict_cmd(ctx: typer.Context, notification: str) -> None:
    """The force acknowledges a notification as deconflicted."""
    _decide(ctx, notification, "deconflict", "")


@aid_app.command("refuse")
def refuse_cmd(ctx: typer.Context, notification: str, reason: Annotated[str, typer.Option()]) -> None:
    """The force refuses a notification, with its reason."""
    _decide(ctx, notification, "refuse", reason)


@aid_app.command("withdraw")
def withdraw_cmd(ctx: typer.Context, notification: str) -> None:
    """The agency withdraws its notification."""
    _decide(ctx, notification, "withdraw", "")


@aid_app.command("notifications")
def notifications_cmd(
    ctx: typer.Context, kind: Annotated[str | None, typer.Option(help="site or movement")] = None,
    state: Annotated[str | None, typer.Option()] = None,
    full: Annotated[bool, typer.Option("--full", help="exact places and contacts (for roles that need them)")] = False,
    limit: Annotated[int, typer.Option(min=1)] = 20, json_: Json = False,
) -> None:
    """Notifications; the public view shows a site's governorate only, never its exact place or contact."""
    rows = open_app(ctx).aid.notifier.list(kind=kind, state=state, limit=limit, offset=0)
    total = rows.total
    if json_:
        print_json({"total": total, "notifications": [n.full() if full else n.public() for n in rows]})
        return
    t = Table("id", "kind", "state", "agency", "governorate", "place", "start", "hazards",
              title=f"{total} notifications")
    for n in rows:
        place = f"{n.lon:.5f},{n.lat:.5f}" if full and n.lon is not None else ""
        t.add_row(n.id, n.kind, n.state, n.agency, n.pcode or "", place, n.start.isoformat(), ", ".join(n.hazards))
    console.print(t)
