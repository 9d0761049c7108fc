"""``custodes aid`` commands for data in and out: line-list imports, the throughput summary, the truck rule, exports,
the profile's sites."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from custodes.aid.lines import FORMATS, TRUCK_RULE
from custodes.aid.sources import label
from custodes.aid.summary import DIMENSIONS, plot_summary
from custodes.cli.aid.group import Json, aid_app, parse_day
from custodes.cli.common import console, open_app, print_json
from custodes.errors import InputError

__all__: list[str] = []


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

        res = app.aid.import_file(file, format, actor=app.settings.actor, skip_bad=skip_bad, report=report,
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
    s = app.aid.summary(dims, start=parse_day(from_, "from"), end=parse_day(to, "to"), source=source, exercise=None)
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
    app = open_app(ctx)
    res = app.aid.apply_truck_rule(actor=app.settings.actor, apply=apply)
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
    format: Annotated[str, typer.Option("--format", help="hxl (CSV with HXL hashtags), geojson or xlsx")] = "hxl",
    lang: Annotated[str, typer.Option("--lang", help="language of the XLSX headers (en, ar)")] = "en",
    source: Annotated[str | None, typer.Option()] = None, crossing: Annotated[str | None, typer.Option()] = None,
    from_: Annotated[str | None, typer.Option("--from")] = None, to: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Export a selection of consignments as CSV with HXL hashtags, as GeoJSON or as XLSX."""
    n = open_app(ctx).aid.export_to_file(file, format, lang, source=source, crossing=crossing,
                                         start=parse_day(from_, "from"), end=parse_day(to, "to"))
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
