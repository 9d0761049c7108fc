"""`custodes withdrawal`: phases gated by milestones, their verified completion, and their derived status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from custodes.cli.common import console, open_app, print_json
from custodes.cli.force import day
from custodes.errors import InputError
from custodes.withdrawal.model import Milestone, Phase

__all__ = ["withdrawal_app"]

withdrawal_app = typer.Typer(help="Phased withdrawal: phases, milestones, derived status.", no_args_is_help=True)


@withdrawal_app.command("define")
def define(ctx: typer.Context, id: str, name: Annotated[str, typer.Option()],
           kind: Annotated[str, typer.Option(help="line or zone")],
           geometry: Annotated[Path, typer.Option(help="GeoJSON file: a geometry or a one-feature collection")],
           days: Annotated[int, typer.Option(help="days to complete once due")],
           opens: Annotated[str | None, typer.Option(help="timeframe opens (YYYY-MM-DD)")] = None,
           weapons: Annotated[list[str] | None, typer.Option(help="ZONE:SHARE of weapons destroyed")] = None,
           sites: Annotated[list[str] | None, typer.Option(help="ZONE whose sites are all verified")] = None,
           not_before: Annotated[str | None, typer.Option(help="a date milestone")] = None,
           after: Annotated[list[str] | None, typer.Option(help="phase that must be completed first")] = None,
           ) -> None:
    """Define a phase (a line or zone) with its milestones and timeframe."""
    ms: list[Milestone] = []
    for w in weapons or []:
        zone, _, share = w.partition(":")
        try:
            ms.append(Milestone("weapons_destroyed_share", zone, float(share)))
        except ValueError:
            raise InputError(f"{w!r}: give ZONE:SHARE, e.g. PS0275:0.6", field="weapons") from None
    ms += [Milestone("sites_verified", z) for z in sites or []]
    if not_before:
        ms.append(Milestone("date", on=day(not_before, "not_before")))
    ms += [Milestone("phase_completed", phase=p) for p in after or []]
    try:
        data = json.loads(geometry.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", source=str(geometry), line=exc.lineno) from None
    if data.get("type") == "FeatureCollection":
        data = data["features"][0]["geometry"] if data.get("features") else {}
    elif data.get("type") == "Feature":
        data = data.get("geometry") or {}
    app = open_app(ctx)
    p = app.withdrawal.define(Phase(id, name, kind, day(opens, "opens"), days, tuple(ms)), data,
                              actor=app.settings.actor)
    console.print(f"phase {p.id} defined with {len(p.milestones)} milestones")


@withdrawal_app.command("complete")
def complete(ctx: typer.Context, id: str,
             verified_by: Annotated[str, typer.Option(help="party that verified the withdrawal")],
             on: Annotated[str | None, typer.Option(help="day completed; default today")] = None) -> None:
    """Record a phase's verified completion (refused while a milestone is missing)."""
    app = open_app(ctx)
    st = app.withdrawal.complete(id, on=day(on, "on"), verified_by=verified_by, actor=app.settings.actor)
    console.print(f"phase {id}: {st.explain()}")


@withdrawal_app.command("status")
def status(ctx: typer.Context, on: Annotated[str | None, typer.Option(help="day; default today")] = None,
           json_: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Each phase's derived status, with the milestones met and missing."""
    sts = open_app(ctx).withdrawal.status(day(on, "on"))
    if json_:
        print_json([s.as_json() for s in sts])
        return
    for s in sts:
        console.print(f"[bold]{escape(s.phase.id)}[/] {escape(s.phase.name)}: [bold]{s.status.value}[/] "
                      f"({escape(s.explain())})")
        t = Table("", "milestone", "met on", "found")
        for mark, pairs in (("met", s.met), ("missing", s.missing)):
            for m, x in pairs:
                t.add_row(mark, m.describe(), str(x.met_on or "-"), x.detail)
        console.print(t)
