"""``custodes aid`` commands for cargo: crossings' status and consignments."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from custodes.cli.aid.group import Json, aid_app, parse_day, parse_time
from custodes.cli.common import console, open_app, print_json

__all__: list[str] = []


# -- crossings ---------------------------------------------------------------------------------
#: crossings' status is read from the real records unless the exercise ones are asked for (never both)
ExerciseStatus = Annotated[bool, typer.Option("--exercise", help="the exercise status records, not the real ones")]


@aid_app.command("crossings")
def crossings_cmd(ctx: typer.Context, at: Annotated[str | None, typer.Option(help="time (default now)")] = None,
                  exercise: ExerciseStatus = False, json_: Json = False) -> None:
    """Every crossing with its status, opening hours and capacity at a time."""
    app = open_app(ctx)
    views = app.aid.crossings(parse_time(app, at, "at"), exercise=exercise)
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
    rec = app.aid.set_crossing_status(crossing, status, reason, actor=app.settings.actor,
                                      since=parse_time(app, since, "since") if since else None, hours=hours,
                                      capacity_trucks=capacity)
    console.print(f"{crossing}: {rec.status.value} since {rec.since.isoformat()}")


@aid_app.command("crossing-history")
def crossing_history_cmd(ctx: typer.Context, crossing: str, exercise: ExerciseStatus = False,
                         json_: Json = False) -> None:
    """A crossing's status history."""
    hist = open_app(ctx).aid.crossing_history(crossing, exercise=exercise)
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
    c = app.aid.register_consignment(actor=app.settings.actor, agency=agency, crossing=crossing,
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
    c = app.aid.move_consignment(consignment, action, actor=app.settings.actor, by=by, note=note)
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
    rows = open_app(ctx).aid.consignments(limit=limit, offset=offset, source=source, crossing=crossing,
                                          state=state, agency=agency, start=parse_day(from_, "from"),
                                          end=parse_day(to, "to"), exercise=None)
    total = rows.total
    if json_:
        print_json({"total": total, "consignments": [c.as_json() for c in rows]})
        return
    t = Table("id", "date", "state", "crossing", "category", "quantity", "unit", "agency",
              title=f"{total} consignments")
    for c in rows:
        t.add_row(c.id, c.date.isoformat(), c.state, c.crossing or "-", c.category, c.quantity or "", c.unit or "",
                  c.agency)
    console.print(t)
