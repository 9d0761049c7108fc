"""`custodes force`: contributing states, the command tree, areas, deployments, tasks, strength."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from custodes.cli.common import console, open_app, print_json
from custodes.errors import InputError
from custodes.force.model import Node, StrengthReport
from custodes.geo.io import read_features, to_geojson

__all__ = ["day", "force_app"]

force_app = typer.Typer(help="The stabilisation force: contributors, command, areas, deployments.",
                        no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="print JSON")]


def day(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=name) from None


@force_app.command("state-report")
def state_report(ctx: typer.Context, state: Annotated[str, typer.Argument(help="ISO 3166 alpha-3 code")],
                 pledged: Annotated[int, typer.Option(help="personnel pledged")],
                 deployed: Annotated[int, typer.Option(help="personnel deployed")],
                 on: Annotated[str | None, typer.Option(help="as of (YYYY-MM-DD); default today")] = None) -> None:
    """Record a contributing state's pledged and deployed strength as of a day."""
    app = open_app(ctx)
    r = StrengthReport(state.upper(), day(on, "on") or app.today(), pledged, deployed)
    app.force.report_strength(r, actor=app.settings.actor)
    console.print(f"{r.state} on {r.on}: pledged {r.pledged}, deployed {r.deployed}")


@force_app.command("node-add")
def node_add(ctx: typer.Context, id: Annotated[str, typer.Argument(help="node id")],
             kind: Annotated[str, typer.Option(help="hq, sector, contingent or unit")],
             name: Annotated[str, typer.Option(help="display name")],
             commander_role: Annotated[str, typer.Option(help="the commander's role (never a name)")],
             parent: Annotated[str | None, typer.Option(help="parent node id")] = None,
             state: Annotated[str | None, typer.Option(help="contributing state (contingents, units)")] = None,
             ) -> None:
    """Add a node to the unified command tree (force HQ, sector, contingent, unit)."""
    app = open_app(ctx)
    n = app.force.add_node(Node(id, kind, name, parent, state.upper() if state else None, commander_role),
                           actor=app.settings.actor)
    console.print(f"added {n.kind} {n.id} under {n.parent or '-'}")


@force_app.command("tree")
def tree(ctx: typer.Context, json_: Json = False) -> None:
    """The unified command as a tree, with commanders by role and assigned mandate tasks."""
    app = open_app(ctx)
    roots, tasks = app.force.tree(), app.force.tasks_by_unit()
    if json_:
        print_json({"tree": roots, "tasks": tasks})
        return

    def add(t: Tree, n: dict[str, Any]) -> None:
        extra = f" [{', '.join(tasks[n['id']])}]" if n["id"] in tasks else ""
        sub = t.add(escape(f"{n['kind']} {n['id']}: {n['name']} ({n['commander_role']}"
                           f"{', ' + n['state'] if n['state'] else ''}){extra}"))
        for k in n["children"]:
            add(sub, k)
    root = Tree("Unified command")
    for n in roots:
        add(root, n)
    console.print(root)


@force_app.command("area-add")
def area_add(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="GeoJSON FeatureCollection or lines")],
             id_field: Annotated[str, typer.Option(help="property holding the area id")] = "id",
             name_field: Annotated[str, typer.Option(help="property holding the area name")] = "name") -> None:
    """Add areas of responsibility (polygons) from a GeoJSON file, all or none."""
    app = open_app(ctx)
    found: list[tuple[int, str, str, Any]] = []
    for n, props, geom in read_features(file):
        if geom is None or not props.get(id_field):
            raise InputError(f"each feature needs a polygon and the property {id_field!r}", source=str(file), line=n)
        found.append((n, str(props[id_field]), str(props.get(name_field, props[id_field])), to_geojson(geom)))
    added = app.force.add_areas(found, source=str(file), actor=app.settings.actor)
    console.print(f"added {added} areas of responsibility")


@force_app.command("areas")
def areas_cmd(ctx: typer.Context, json_: Json = False) -> None:
    """List the areas of responsibility (GeoJSON with --json)."""
    rows = open_app(ctx).force.areas()
    if json_:
        print_json({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": r["geometry"], "properties": {"id": r["id"], "name": r["name"],
                                                                          "exercise": r["exercise"]}}
            for r in rows]})
        return
    t = Table("id", "name", "exercise", title="Areas of responsibility")
    for r in rows:
        t.add_row(r["id"], r["name"], "yes" if r["exercise"] else "")
    console.print(t)


@force_app.command("deploy")
def deploy(ctx: typer.Context, unit: str, area: str,
           start: Annotated[str, typer.Option(help="first day (YYYY-MM-DD)")],
           strength: Annotated[int, typer.Option(help="personnel deployed")],
           end: Annotated[str | None, typer.Option(help="last day, if known")] = None) -> None:
    """Deploy a unit to an area of responsibility from a day (a unit is in one area at a time)."""
    app = open_app(ctx)
    d = app.force.deploy(unit, area, day(start, "start") or dt.date.min, strength, day(end, "end"),
                         actor=app.settings.actor)
    console.print(f"deployment {d.id}: {d.unit} to {d.area} from {d.start} ({d.strength} personnel)")


@force_app.command("end-deployment")
def end_deployment(ctx: typer.Context, deployment: int,
                   end: Annotated[str, typer.Option(help="last day (YYYY-MM-DD)")]) -> None:
    """End a deployment on its last day."""
    app = open_app(ctx)
    d = app.force.end_deployment(deployment, day(end, "end") or dt.date.min, actor=app.settings.actor)
    console.print(f"deployment {d.id} of {d.unit} in {d.area} ended on {d.end}")


@force_app.command("deployments")
def deployments_cmd(ctx: typer.Context, on: Annotated[str | None, typer.Option(help="only those active on")] = None,
                    unit: Annotated[str | None, typer.Option()] = None, limit: int = 100, offset: int = 0,
                    json_: Json = False) -> None:
    """List deployments (those active on a day with --on)."""
    ds = open_app(ctx).force.deployments(on=day(on, "on"), unit=unit, limit=limit, offset=offset)
    if json_:
        print_json([d.as_json() for d in ds])
        return
    t = Table("id", "unit", "area", "start", "end", "strength", title="Deployments")
    for d in ds:
        t.add_row(str(d.id), d.unit, d.area, str(d.start), str(d.end or "-"), str(d.strength))
    console.print(t)


@force_app.command("assign-task")
def assign_task(ctx: typer.Context, unit: str, task: Annotated[str, typer.Argument(help="a task of the ISF mandate")],
                on: Annotated[str | None, typer.Option(help="day assigned; default today")] = None) -> None:
    """Assign one of the mandate's tasks to a unit."""
    app = open_app(ctx)
    app.force.assign_task(unit, task, day(on, "on") or app.today(), actor=app.settings.actor)
    console.print(f"{unit}: {task}")


@force_app.command("strength")
def strength(ctx: typer.Context, on: Annotated[str | None, typer.Option(help="day; default today")] = None,
             json_: Json = False) -> None:
    """Strength by state (pledged, deployed) and by area on a day, and the areas without a unit."""
    s = open_app(ctx).force.strength(day(on, "on"))
    if json_:
        print_json(json.loads(json.dumps(s.as_json(), default=str)))
        return
    t = Table("state", "pledged", "deployed", title=f"Contributing states on {s.on}")
    for st, v in s.by_state.items():
        t.add_row(st, str(v["pledged"]), str(v["deployed"]))
    console.print(t)
    a = Table("area", "personnel by state", "total", title=f"Areas of responsibility on {s.on}")
    for area, v in s.by_area.items():
        a.add_row(area, ", ".join(f"{k} {n}" for k, n in v.items()) or "no unit", str(sum(v.values())))
    console.print(a)
    console.print("areas without a unit: " + (", ".join(s.uncovered) or "none"))
