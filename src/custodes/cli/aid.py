"""``custodes aid``: crossings, consignments, notifications, zones, safe routes, imports, throughput."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from custodes.aid import service
from custodes.aid.export import export_consignments
from custodes.aid.imports import import_file
from custodes.aid.lines import FORMATS, TRUCK_RULE
from custodes.aid.model import Notification
from custodes.aid.sources import label
from custodes.aid.summary import DIMENSIONS, plot_summary, summarise
from custodes.aid.zones import declare_zone, lift_zone, list_zones
from custodes.app import Custodes
from custodes.cli.common import console, open_app, print_json
from custodes.errors import InputError

__all__ = ["aid_app"]

aid_app = typer.Typer(help="Humanitarian corridors: crossings, consignments, notifications, safe routes.",
                      no_args_is_help=True)
roads_app = typer.Typer(help="The road network used for safe routes.", no_args_is_help=True)
aid_app.add_typer(roads_app, name="roads")

Json = Annotated[bool, typer.Option("--json", help="print JSON")]


def _time(app: Custodes, text: str | None, field: str) -> dt.datetime:
    """ISO date-time; without a zone it is read in the mission's time zone."""
    if text is None:
        return app.clock()
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date-time like 2026-11-28T08:00", field=field) from None
    return t if t.tzinfo else t.replace(tzinfo=ZoneInfo(app.profile.timezone))


def _date(text: str | None, field: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from None


# -- crossings ---------------------------------------------------------------------------------
#: crossings' status is read from the real records unless the exercise ones are asked for (never both)
ExerciseStatus = Annotated[bool, typer.Option("--exercise", help="the exercise status records, not the real ones")]


@aid_app.command("crossings")
def crossings_cmd(ctx: typer.Context, at: Annotated[str | None, typer.Option(help="time (default now)")] = None,
                  exercise: ExerciseStatus = False, json_: Json = False) -> None:
    """Every crossing with its status, opening hours and capacity at a time."""
    app = open_app(ctx)
    views = service.list_crossings(app.store, _time(app, at, "at"), exercise=exercise)
    if json_:
        print_json([v.as_json() for v in views])
        return
    t = Table("crossing", "governorate", "status", "since", "reason", "hours", "trucks/day")
    for v in views:
        s = v.status
        t.add_row(f"{v.name_en} ({v.id})", v.pcode, s.status.value if s else "unrecorded",
                  s.since.strftime("%Y-%m-%d %H:%M") if s else "", s.reason if s else "", (s.hours or "") if s else "",
                  "" if s is None or s.capacity_trucks is None else str(s.capacity_trucks))
    console.print(t)


@aid_app.command("crossing-status")
def crossing_status_cmd(
    ctx: typer.Context, crossing: Annotated[str, typer.Argument(help="crossing id")],
    status: Annotated[str, typer.Option(help="open, restricted or closed")],
    reason: Annotated[str, typer.Option(help="why (required unless open)")] = "",
    hours: Annotated[str | None, typer.Option(help="opening hours, e.g. 08:00-16:00")] = None,
    capacity: Annotated[int | None, typer.Option(help="capacity in trucks a day")] = None,
    since: Annotated[str | None, typer.Option(help="from when (default now)")] = None,
) -> None:
    """Record a crossing's new status with its reason, opening hours and capacity."""
    app = open_app(ctx)
    rec = service.set_crossing_status(app.store, app.settings.actor, crossing, status, reason,
                                      since=_time(app, since, "since") if since else None, hours=hours,
                                      capacity_trucks=capacity)
    console.print(f"{crossing}: {rec.status.value} since {rec.since.isoformat()}")


@aid_app.command("crossing-history")
def crossing_history_cmd(ctx: typer.Context, crossing: str, exercise: ExerciseStatus = False,
                         json_: Json = False) -> None:
    """A crossing's status history."""
    hist = service.crossing_history(open_app(ctx).store, crossing, exercise=exercise)
    if json_:
        print_json([h.as_json() for h in hist])
        return
    t = Table("since", "status", "reason", "hours", "trucks/day", title=crossing)
    for h in hist:
        t.add_row(h.since.isoformat(), h.status.value, h.reason, h.hours or "",
                  "" if h.capacity_trucks is None else str(h.capacity_trucks))
    console.print(t)


# -- consignments ------------------------------------------------------------------------------
@aid_app.command("register")
def register_cmd(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option(help="the agency that owns the consignment")],
    crossing: Annotated[str, typer.Option(help="crossing id")],
    category: Annotated[str, typer.Option(help="food, medical, shelter, wash, fuel...")],
    trucks: Annotated[int, typer.Option(help="number of trucks")],
    tonnes: Annotated[str | None, typer.Option(help="weight in tonnes, if known")] = None,
    donor: Annotated[str, typer.Option()] = "",
    destination: Annotated[str, typer.Option()] = "",
    description: Annotated[str, typer.Option()] = "",
    id: Annotated[str | None, typer.Option(help="an id of your own (default generated)")] = None,
    json_: Json = False,
) -> None:
    """Register a consignment (state registered)."""
    app = open_app(ctx)
    c = service.register_consignment(app.store, app.settings.actor, agency=agency, crossing=crossing,
                                     category=category, trucks=trucks, tonnes=tonnes, donor=donor,
                                     destination=destination, description=description, id=id)
    print_json(c.as_json()) if json_ else console.print(f"registered {c.id} ({c.trucks} trucks via {c.crossing})")


@aid_app.command("move")
def move_cmd(
    ctx: typer.Context, consignment: str,
    action: Annotated[str, typer.Argument(help="clear, reject, stage, offload, enter, collect, deliver, "
                                               "intercept, return")],
    by: Annotated[str | None, typer.Option(help="for intercept: crowds or armed_actors")] = None,
    note: Annotated[str, typer.Option()] = "",
) -> None:
    """Move a consignment one step in its lifecycle (illegal steps are refused by name)."""
    app = open_app(ctx)
    c = service.move_consignment(app.store, app.settings.actor, consignment, action, by=by, note=note)
    console.print(f"{c.id}: {c.state}")


@aid_app.command("consignments")
def consignments_cmd(
    ctx: typer.Context, source: Annotated[str | None, typer.Option()] = None,
    crossing: Annotated[str | None, typer.Option()] = None, state: Annotated[str | None, typer.Option()] = None,
    agency: Annotated[str | None, typer.Option()] = None,
    from_: Annotated[str | None, typer.Option("--from", help="first day")] = None,
    to: Annotated[str | None, typer.Option(help="last day")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 20, offset: Annotated[int, typer.Option(min=0)] = 0,
    json_: Json = False,
) -> None:
    """List consignments, newest first."""
    total, rows = service.list_consignments(open_app(ctx).store, limit=limit, offset=offset, source=source,
                                            crossing=crossing, state=state, agency=agency,
                                            start=_date(from_, "from"), end=_date(to, "to"))
    if json_:
        print_json({"total": total, "consignments": [c.as_json() for c in rows]})
        return
    t = Table("id", "date", "state", "crossing", "category", "quantity", "unit", "agency",
              title=f"{total} consignments")
    for c in rows:
        t.add_row(c.id, c.date.isoformat(), c.state, c.crossing or "-", c.category, c.quantity or "", c.unit or "",
                  c.agency)
    console.print(t)


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
    z = declare_zone(app.store, app.settings.actor, name=name, kind=kind, geometry=obj,
                     valid_from=_time(app, from_, "from"), valid_to=_time(app, to, "to") if to else None,
                     reason=reason, id=id)
    console.print(f"declared {z.id} ({z.kind}) from {z.valid_from.isoformat()}"
                  + (f" to {z.valid_to.isoformat()}" if z.valid_to else ""))


@aid_app.command("zone-lift")
def zone_lift_cmd(ctx: typer.Context, zone: str, at: Annotated[str | None, typer.Option()] = None,
                  reason: Annotated[str, typer.Option()] = "") -> None:
    """End a zone's validity (now, or at a time)."""
    app = open_app(ctx)
    z = lift_zone(app.store, app.settings.actor, zone, at=_time(app, at, "at") if at else None, reason=reason)
    console.print(f"{z.id} valid until {z.valid_to.isoformat() if z.valid_to else '-'}")


@aid_app.command("zones")
def zones_cmd(ctx: typer.Context, at: Annotated[str | None, typer.Option(help="only zones active then")] = None,
              json_: Json = False) -> None:
    """Hazard and no-go zones (all, or those active at a time)."""
    app = open_app(ctx)
    zones = list_zones(app.store, _time(app, at, "at") if at else None)
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
    r = app.aid.planner.route(origin, destination, _time(app, at, "at"))
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
    res = app.aid.planner.import_roads(app.settings.actor, file)
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
    n = app.aid.notifier.notify_site(app.settings.actor, agency=agency, name=name, category=category, place=place,
                                     start=_time(app, start, "start"), end=_time(app, end, "end") if end else None,
                                     contact=contact)
    _show(n, True, json_)


@aid_app.command("check-movement")
def check_movement_cmd(
    ctx: typer.Context, origin: Annotated[str, typer.Argument(metavar="FROM")],
    destination: Annotated[str, typer.Argument(metavar="TO")], start: Annotated[str, typer.Option()],
    end: Annotated[str, typer.Option()], json_: Json = False,
) -> None:
    """Before sending: the planned route and the zones active in the window that it crosses."""
    app = open_app(ctx)
    chk = app.aid.notifier.check_movement(origin, destination, _time(app, start, "start"), _time(app, end, "end"))
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
    n = app.aid.notifier.notify_movement(app.settings.actor, agency=agency, origin=origin, destination=destination,
                                         start=_time(app, start, "start"), end=_time(app, end, "end"),
                                         vehicles=vehicles, contact=contact, accept_hazards=accept_hazards)
    _show(n, True, json_)


def _decide(ctx: typer.Context, notification: str, action: str, reason: str) -> None:
    app = open_app(ctx)
    n = app.aid.notifier.decide(app.settings.actor, notification, action, reason)
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
    total, rows = open_app(ctx).aid.notifier.list(kind=kind, state=state, limit=limit)
    if json_:
        print_json({"total": total, "notifications": [n.full() if full else n.public() for n in rows]})
        return
    t = Table("id", "kind", "state", "agency", "governorate", "place", "start", "hazards",
              title=f"{total} notifications")
    for n in rows:
        place = f"{n.lon:.5f},{n.lat:.5f}" if full and n.lon is not None else ""
        t.add_row(n.id, n.kind, n.state, n.agency, n.pcode or "", place, n.start.isoformat(), ", ".join(n.hazards))
    console.print(t)


# -- real data, throughput, export --------------------------------------------------------------
@aid_app.command("import")
def import_cmd(
    ctx: typer.Context, file: Path,
    format: Annotated[str, typer.Option("--format", help=" | ".join(FORMATS))],
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="import good rows, report refused ones")] = False,
    report: Annotated[Path | None, typer.Option(help="where refused rows go (default FILE.refused.csv)")] = None,
    json_: Json = False,
) -> None:
    """Import a consignment line list (one transaction; a re-import adds nothing)."""
    app = open_app(ctx)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True, disable=json_) as bar:
        task = bar.add_task(f"importing {file.name}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        res = import_file(app.store, app.settings.actor, file, format, skip_bad=skip_bad, report=report,
                          progress=progress)
    if json_:
        print_json(res.as_json())
        return
    console.print(f"{res.file}: {res.rows} rows; {res.added} added, {res.present} already present, "
                  f"{res.refused} refused; {res.entries} journal entries")
    if res.report:
        console.print(f"refused rows and their reasons: {res.report}")


@aid_app.command("summary")
def summary_cmd(
    ctx: typer.Context,
    by: Annotated[str, typer.Option(help=f"comma-separated: {', '.join(DIMENSIONS)}")] = "crossing,unit",
    from_: Annotated[str | None, typer.Option("--from", help="first day")] = None,
    to: Annotated[str | None, typer.Option(help="last day")] = None,
    source: Annotated[str | None, typer.Option(help="unrwa, cogat, manual, exercise...")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    plot: Annotated[Path | None, typer.Option(help="also draw a bar chart (.png or .svg)")] = None,
) -> None:
    """Throughput: consignments, quantities in their own units, trucks and tonnes, against the daily target."""
    app = open_app(ctx)
    dims = [b.strip() for b in by.split(",") if b.strip()]
    s = summarise(app.store, dims, start=_date(from_, "from"), end=_date(to, "to"),
                  target=app.aid.daily_truck_target, source=source, prefer=app.aid.source_preference)
    if plot is not None:
        plot_summary(s, plot)
    if format == "json":
        print_json(s.as_json())
    elif format == "csv":
        import sys

        from custodes.csvguard import guarded_writer

        w = guarded_writer(sys.stdout, lineterminator="\n")
        w.writerow(s.columns)
        for r in s.as_json()["groups"]:
            w.writerow([r[c] for c in s.columns])
    elif format == "table":
        t = Table(*s.columns, title=f"aid by {', '.join(dims)}")
        for r in s.as_json()["groups"]:
            t.add_row(*["" if r[c] is None else str(r[c]) for c in s.columns])
        console.print(t)
        rate = s.interception_rate
        console.print(f"{s.days} days: {s.trucks_per_day:.1f} trucks a day, target {s.target_per_day} (met on "
                      f"{s.days_at_target} days), one source a day: "
                      + (", ".join(f"{label(k, 'en')} ({n} days)" for k, n in s.chosen.items()) or "none")
                      + f"; truck rule {TRUCK_RULE}; interception rate "
                      + ("n/a" if rate is None else f"{rate:.1%} ({s.intercepted} of {s.intercepted + s.delivered})"))
        for f in s.sources:
            console.print(f"  {label(f.source, 'en')}: {f.trucks} trucks over {f.days} days ({f.first} to "
                          f"{f.last}), {f.per_day:.1f} a day")
    else:
        raise InputError("format should be table, csv or json", field="format")
    if plot is not None and format == "table":
        console.print(f"plot: {plot}")


@aid_app.command("truck-rule")
def truck_rule_cmd(
    ctx: typer.Context,
    apply: Annotated[bool, typer.Option("--apply", help="correct the stored rows and journal the correction")] = False,
    json_: Json = False,
) -> None:
    """Bring rows imported under an older truck rule to the current one (without --apply: what would change)."""
    from custodes.aid.truck_rule import apply_truck_rule

    app = open_app(ctx)
    res = apply_truck_rule(app.store, app.settings.actor, apply=apply)
    if json_:
        print_json(res.as_json())
        return
    if not res.rows:
        console.print(f"every stored row already counts its trucks under truck rule {res.rule}")
        return
    verb = "corrected" if res.applied else "would correct (run again with --apply)"
    console.print(f"truck rule {res.rule}: {verb} {res.rows} rows, {res.trucks_before} trucks before, "
                  f"{res.trucks_after} after")
    for src, n in res.by_source.items():
        console.print(f"  {src}: {n['rows']} rows, {n['trucks_before']} -> {n['trucks_after']} trucks")


@aid_app.command("export")
def export_cmd(
    ctx: typer.Context, file: Path,
    format: Annotated[str, typer.Option("--format", help="hxl (CSV with HXL hashtags) or geojson")] = "hxl",
    source: Annotated[str | None, typer.Option()] = None, crossing: Annotated[str | None, typer.Option()] = None,
    from_: Annotated[str | None, typer.Option("--from")] = None, to: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Export a selection of consignments as CSV with HXL hashtags or as GeoJSON."""
    n = export_consignments(open_app(ctx).store, file, format, source=source, crossing=crossing,
                            start=_date(from_, "from"), end=_date(to, "to"))
    console.print(f"wrote {n} consignments to {file}")


@aid_app.command("sites")
def sites_cmd(ctx: typer.Context, category: Annotated[str | None, typer.Option()] = None,
              limit: Annotated[int, typer.Option(min=1)] = 20, json_: Json = False) -> None:
    """The profile's static sites (hospitals, clinics, schools; OpenStreetMap, ODbL 1.0)."""
    sites = [s for s in open_app(ctx).aid.planner.sites().values() if category in (None, s.category)]
    if json_:
        print_json([s.as_json() for s in sites[:limit]])
        return
    t = Table("id", "category", "name", "governorate",
              title=f"{len(sites)} sites; (c) OpenStreetMap contributors, ODbL 1.0")
    for s in sites[:limit]:
        t.add_row(s.id, s.category, s.name, s.pcode or "")
    console.print(t)
