"""`custodes incidents`: report, verify, import, export and the ceasefire view."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any, overload

import typer
from rich.table import Table

from custodes.cli.common import console, err_console, open_app, print_json
from custodes.errors import InputError
from custodes.incidents.ceasefire import SERIES, TFP_ATTRIBUTION
from custodes.incidents.exchange import export_incidents, export_xlsx, import_incidents
from custodes.incidents.service import IncidentService

__all__ = ["incidents_app"]

incidents_app = typer.Typer(help="Incident reports (ACLED typology), verification, exchange, ceasefire view.",
                            no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]
Actor = Annotated[str | None, typer.Option("--as", help="who acts (default: the configured actor)")]


@overload
def _date(value: str, name: str) -> dt.date: ...
@overload
def _date(value: str | None, name: str) -> dt.date | None: ...
def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


def _show(pub: dict[str, Any], json_: bool) -> None:
    if json_:
        print_json(pub)
        return
    console.print(f"[bold]{pub['id']}[/] {pub['status']}: {pub['event_date']} {pub['event_type']} / "
                  f"{pub['sub_event_type']}, {pub['location']} ({pub['pcode']}), fatalities {pub['fatalities']}, "
                  f"interaction {pub['interaction']}, confirmations "
                  f"{', '.join(c['organisation'] for c in pub['confirmations']) or '-'}")


@incidents_app.command("report")
def report(
    ctx: typer.Context,
    date: Annotated[str, typer.Option(help="event date YYYY-MM-DD")],
    event_type: Annotated[str, typer.Option(help="ACLED event type, e.g. 'Violence against civilians'")],
    sub_event_type: Annotated[str, typer.Option(help="ACLED sub-event type, e.g. Attack")],
    actor1: Annotated[str, typer.Option(help="first actor")],
    inter1: Annotated[int, typer.Option(help="first actor's ACLED inter code 1-8")],
    lat: Annotated[float, typer.Option(help="latitude (WGS 84)")],
    lon: Annotated[float, typer.Option(help="longitude (WGS 84)")],
    actor2: Annotated[str | None, typer.Option(help="second actor")] = None,
    inter2: Annotated[int | None, typer.Option(help="second actor's inter code 1-8")] = None,
    location: Annotated[str, typer.Option(help="place name")] = "",
    geo_precision: Annotated[int, typer.Option(help="1 exact, 2 near, 3 region")] = 1,
    time_precision: Annotated[int, typer.Option(help="1 day, 2 week, 3 month")] = 1,
    fatalities: Annotated[int, typer.Option(help="reported fatalities")] = 0,
    source: Annotated[str, typer.Option(help="sources")] = "",
    notes: Annotated[str, typer.Option(help="notes")] = "",
    reporter: Annotated[str | None, typer.Option(help="reporter's name (omit to report anonymously)")] = None,
    organisation: Annotated[str | None, typer.Option(help="reporting organisation")] = None,
    hide_location: Annotated[bool, typer.Option("--hide-location", help="keep the exact place private")] = False,
    civilian_targeting: Annotated[bool, typer.Option("--civilian-targeting")] = False,
    as_: Actor = None,
    json_: JsonOpt = False,
) -> None:
    """File an incident report (anonymous unless --reporter); the public view is printed."""
    app = open_app(ctx)
    day = _date(date, "--date")
    pub = app.incidents.report(
        as_ or app.settings.actor, event_date=day, event_type=event_type, sub_event_type=sub_event_type,
        actor1=actor1, inter1=inter1, actor2=actor2, inter2=inter2, lat=lat, lon=lon, location=location,
        geo_precision=geo_precision, time_precision=time_precision, fatalities=fatalities, source=source,
        notes=notes, reporter=reporter, organisation=organisation, hide_location=hide_location,
        civilian_targeting=civilian_targeting)
    _show(pub, json_)


@incidents_app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="reported, under_review, verified, unverified, rejected")] = None,
    pcode: Annotated[str | None, typer.Option(help="governorate P-code")] = None,
    event_type: Annotated[str | None, typer.Option(help="ACLED event type")] = None,
    since: Annotated[str | None, typer.Option(help="from date")] = None,
    until: Annotated[str | None, typer.Option(help="to date")] = None,
    limit: Annotated[int, typer.Option(help="at most this many")] = 50,
    offset: Annotated[int, typer.Option(help="skip this many")] = 0,
    json_: JsonOpt = False,
) -> None:
    """Incidents, newest first (public view), real and exercise ones."""
    rows = open_app(ctx).incidents.list_incidents(status=status, pcode=pcode, event_type=event_type,
                                                  since=_date(since, "--since"), until=_date(until, "--until"),
                                                  exercise=None, limit=limit, offset=offset)
    if json_:
        print_json(list(rows))
        return
    t = Table("id", "date", "status", "event type", "sub-event", "governorate", "fatalities", "ex", title="Incidents")
    for r in rows:
        t.add_row(r["id"], r["event_date"], r["status"], r["event_type"], r["sub_event_type"], r["admin2"],
                  str(r["fatalities"]), "ex" if r["exercise"] else "")
    console.print(t)


@incidents_app.command("show")
def show(ctx: typer.Context, incident: Annotated[str, typer.Argument(help="incident id")],
         json_: JsonOpt = False) -> None:
    """One incident (public view)."""
    _show(open_app(ctx).incidents.get(incident), json_)


@incidents_app.command("review")
def review(ctx: typer.Context, incident: Annotated[str, typer.Argument(help="incident id")], as_: Actor = None,
           json_: JsonOpt = False) -> None:
    """Start verification: reported (or unverified) -> under review."""
    app = open_app(ctx)
    _show(app.incidents.start_review(as_ or app.settings.actor, incident), json_)


@incidents_app.command("confirm")
def confirm(
    ctx: typer.Context,
    incident: Annotated[str, typer.Argument(help="incident id")],
    monitor: Annotated[str, typer.Option(help="the confirming monitor")],
    organisation: Annotated[str, typer.Option(help="the monitor's organisation")],
    note: Annotated[str, typer.Option(help="note")] = "",
    json_: JsonOpt = False,
) -> None:
    """An independent confirmation; enough of them from different organisations verify the incident."""
    _show(open_app(ctx).incidents.confirm(monitor, incident, organisation, note=note), json_)


@incidents_app.command("unverify")
def unverify(ctx: typer.Context, incident: Annotated[str, typer.Argument(help="incident id")],
             reason: Annotated[str, typer.Option(help="why")], as_: Actor = None, json_: JsonOpt = False) -> None:
    """under review -> unverified."""
    app = open_app(ctx)
    _show(app.incidents.unverify(as_ or app.settings.actor, incident, reason), json_)


@incidents_app.command("reject")
def reject(ctx: typer.Context, incident: Annotated[str, typer.Argument(help="incident id")],
           reason: Annotated[str, typer.Option(help="why")], as_: Actor = None, json_: JsonOpt = False) -> None:
    """reported or under review -> rejected."""
    app = open_app(ctx)
    _show(app.incidents.reject(as_ or app.settings.actor, incident, reason), json_)


@incidents_app.command("evidence")
def evidence(ctx: typer.Context, incident: Annotated[str, typer.Argument(help="incident id")],
             file: Annotated[Path, typer.Argument(help="document, photo or recording")],
             media_type: Annotated[str, typer.Option(help="media type")] = "application/octet-stream",
             as_: Actor = None) -> None:
    """Attach evidence: stored by SHA-256 in <data dir>/blobs/ (the mission's blob store), only the hash is
    journalled."""
    app = open_app(ctx)
    digest = app.incidents.add_evidence(as_ or app.settings.actor, incident, file.read_bytes(), media_type)
    console.print(f"{incident}: evidence sha256:{digest}")


@incidents_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="ACLED-format CSV (or HXL-tagged CSV)")],
    format_: Annotated[str, typer.Option("--format", help="acled or hxl")] = "acled",
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="write good rows; list refused ones in a report")]
    = False,
    report: Annotated[Path | None, typer.Option(help="refused-rows report (default FILE.refused.csv)")] = None,
    as_: Actor = None,
    json_: JsonOpt = False,
) -> None:
    """Import incidents; a bad row refuses the file (line and field named) unless --skip-bad."""
    app = open_app(ctx)
    r = import_incidents(app.incidents, file, as_ or app.settings.actor, fmt=format_, skip_bad=skip_bad,
                         report_path=report)
    if json_:
        print_json(r.as_json())
        return
    console.print(f"{file.name}: {r.rows} rows, {r.added} added, {r.unchanged} already stored, "
                  f"{len(r.refused)} refused, {r.entries} journal entries"
                  + (f"; report: {r.report}" if r.report else ""))


@incidents_app.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", help="acled, hxl, geojson or xlsx (xlsx needs --output)")]
    = "acled",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default standard output)")] = None,
    status: Annotated[str | None, typer.Option(help="only this status")] = None,
    since: Annotated[str | None, typer.Option(help="from date")] = None,
    until: Annotated[str | None, typer.Option(help="to date")] = None,
    restricted_full_view: Annotated[bool, typer.Option(
        "--restricted-full-view", help="exact places too; the output is marked restricted")] = False,
) -> None:
    """Export incidents (public view: hidden places coarsened to the governorate, no reporter)."""
    app = open_app(ctx)
    kw: dict[str, Any] = {"fmt": format_, "full": restricted_full_view, "status": status,
                          "since": _date(since, "--since"), "until": _date(until, "--until")}
    if format_ == "xlsx":
        if output is None:
            raise InputError("an XLSX workbook is binary: give the file to write with --output", field="output")
        n = _export_xlsx(app.incidents, output, kw)
    elif output is None:
        n = export_incidents(app.incidents, sys.stdout, **kw)
    else:
        tmp = output.with_name(output.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            n = export_incidents(app.incidents, f, **kw)
        tmp.replace(output)
    err_console.print(f"{n} incidents exported ({'RESTRICTED full view' if restricted_full_view else 'public view'})")


def _export_xlsx(svc: IncidentService, output: Path, kw: dict[str, Any]) -> int:
    kw = {k: v for k, v in kw.items() if k != "fmt"}
    counted = [0]
    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as f:
        for piece in export_xlsx(svc, counted=counted, **kw):
            f.write(piece)
    tmp.replace(output)
    return counted[0]


@incidents_app.command("ceasefire")
def ceasefire(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="from date (default the mandate's start)")] = None,
    until: Annotated[str | None, typer.Option(help="to date (default today)")] = None,
    context: Annotated[Path | None, typer.Option(
        help="TfP casualties_daily.json for context figures [env CUSTODES_CONTEXT_CASUALTIES]")] = None,
    json_: JsonOpt = False,
) -> None:
    """Verified incidents per day, type and governorate; third-party context figures apart, with their source."""
    app = open_app(ctx)
    env = os.environ.get("CUSTODES_CONTEXT_CASUALTIES")
    ctx_file = context or (Path(env) if env else None)
    v = app.incidents.ceasefire(_date(since, "--since") or app.profile.mandate_start,
                                _date(until, "--until") or app.today(), context_file=ctx_file)
    if json_:
        print_json(v.as_json())
        return
    t = Table("day", "event type", "governorate", "incidents", "fatalities",
              title=f"Mission-verified incidents {v.start} to {v.end}")
    for r in v.verified:
        t.add_row(r.day.isoformat(), r.event_type, r.pcode or "-", str(r.incidents), str(r.fatalities))
    console.print(t)
    console.print("not (yet) verified: " + (", ".join(f"{k} {n}" for k, n in v.pending.items()) or "none"))
    if v.context:
        c = Table("day (covers)", "new deaths", "recovered", "committee", "earlier injuries", "injured",
                  "stated source", "flags", title="Context (third-party, not verified by the mission)",
                  caption=v.context_note)
        more = " (the last 14 shown; --json for all)" if len(v.context) > 14 else ""
        console.print(f"context: {len(v.context)} reports{more}; new deaths are the series, the other kinds of "
                      "death apart; TfP's 'killed' (their sum) is never shown as new deaths")

        def n(x: int | None) -> str:
            return "-" if x is None else str(x)

        for d in v.context[-14:]:
            when = d.day.isoformat() if d.covers_from == d.day else f"{d.covers_from.isoformat()}..{d.day.isoformat()}"
            c.add_row(when, *(n(d.series[k]) for k in SERIES), n(d.injured), d.stated_source, ", ".join(d.flags))
        console.print(c)
        totals = ", ".join(f"{lbl['en']}: {sum(d.series[k] or 0 for d in v.context)}"
                           for k, (_, lbl) in SERIES.items())
        console.print(f"over the period: {totals}", markup=False)
        console.print(TFP_ATTRIBUTION, markup=False)
    else:
        console.print(f"context: {v.context_note}")
