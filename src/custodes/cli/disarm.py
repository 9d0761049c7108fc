"""`custodes disarm`: the weapons registry, the chain of custody, infrastructure sites, documents, totals."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from custodes.cli.common import console, open_app, print_json
from custodes.cli.force import day
from custodes.disarmament.imports import import_sites, import_weapons
from custodes.disarmament.model import Collected, Destroyed, Stored, Transferred, Witness
from custodes.disarmament.service import NewWeapon
from custodes.errors import InputError

__all__ = ["disarm_app"]

disarm_app = typer.Typer(help="Demilitarisation: weapons, chain of custody, infrastructure sites, totals.",
                         no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="print JSON")]
On = Annotated[str | None, typer.Option(help="day (YYYY-MM-DD); default today")]
Unit = Annotated[str, typer.Option(help="the unit or body responsible")]


def _on(app_today: dt.date, on: str | None) -> dt.date:
    return day(on, "on") or app_today


@disarm_app.command("register")
def register(ctx: typer.Context, type: Annotated[str, typer.Option(help="weapon type")], unit: Unit,
             model: str = "", calibre: str = "", manufacturer: str = "", country: str = "",
             year: Annotated[int | None, typer.Option(help="year of manufacture")] = None, serial: str = "",
             markings: str = "", marking_place: str = "", import_mark: str = "",
             zone: Annotated[str | None, typer.Option(help="governorate P-code")] = None,
             collected_on: Annotated[str | None, typer.Option(help="collected on (YYYY-MM-DD)")] = None,
             site: Annotated[str, typer.Option(help="collection site")] = "",
             receipt: Annotated[str, typer.Option(help="collection receipt number")] = "",
             handed_over_by: Annotated[str, typer.Option(help="group handing over (sensitive)")] = "",
             json_: Json = False) -> None:
    """Register a weapon (and its collection, with --collected-on); an unmarked weapon gets a unique mark."""
    app = open_app(ctx)
    w = NewWeapon(type, model, calibre, manufacturer, country, year, serial, markings, marking_place,
                  import_mark, zone, unit)
    when = day(collected_on, "collected_on")
    if when is None:
        r = app.disarmament.register([w], actor=app.settings.actor)[0]
    else:
        r = app.disarmament.collect([(w, Collected(when, site, unit, receipt, handed_over_by))],
                                    actor=app.settings.actor)[0]
    if json_:
        print_json(r.as_json())
        return
    dup = f"; flagged: same make, model and serial as weapon {r.duplicate_of}" if r.duplicate_of else ""
    console.print(f"weapon {r.id} registered, mark {r.mark}{dup}", markup=False)


@disarm_app.command("collect")
def collect(ctx: typer.Context, weapon: int, site: Annotated[str, typer.Option(help="collection site")],
            receipt: Annotated[str, typer.Option(help="receipt number")], unit: Unit,
            handed_over_by: Annotated[str, typer.Option(help="group handing over (sensitive)")] = "",
            on: On = None) -> None:
    """Record that a registered weapon was collected."""
    app = open_app(ctx)
    app.disarmament.record([(weapon, Collected(_on(app.today(), on), site, unit, receipt, handed_over_by))],
                           actor=app.settings.actor)
    console.print(f"weapon {weapon} collected at {site}")


@disarm_app.command("store")
def store(ctx: typer.Context, weapon: int, depot: Annotated[str, typer.Option(help="depot")], unit: Unit,
          on: On = None) -> None:
    """Record that a collected weapon was put in a depot."""
    app = open_app(ctx)
    app.disarmament.record([(weapon, Stored(_on(app.today(), on), depot, unit))], actor=app.settings.actor)
    console.print(f"weapon {weapon} stored in {depot}")


@disarm_app.command("transfer")
def transfer(ctx: typer.Context, weapon: int, from_: Annotated[str, typer.Option("--from", help="depot it leaves")],
             to: Annotated[str, typer.Option(help="depot it enters")], unit: Unit,
             released_by: Annotated[str, typer.Option(help="releasing side's acknowledgement")] = "",
             received_by: Annotated[str, typer.Option(help="receiving side's acknowledgement")] = "",
             on: On = None) -> None:
    """Record a transfer between depots; both sides must acknowledge."""
    app = open_app(ctx)
    app.disarmament.record([(weapon, Transferred(_on(app.today(), on), from_, to, unit, released_by, received_by))],
                           actor=app.settings.actor)
    console.print(f"weapon {weapon} transferred from {from_} to {to}")


@disarm_app.command("destroy")
def destroy(ctx: typer.Context, weapon: int, place: Annotated[str, typer.Option(help="where it is destroyed")],
            method: Annotated[str, typer.Option(help="cutting, crushing, melting, ...")], unit: Unit,
            witness: Annotated[list[str] | None, typer.Option(help="PARTY:ROLE, repeat per witness")] = None,
            on: On = None, json_: Json = False) -> None:
    """Record a weapon's destruction before witnesses of enough parties; prints its certificate hash."""
    ws = []
    for x in witness or []:
        party, _, role = x.partition(":")
        if not party.strip():
            raise InputError(f"witness {x!r}: give PARTY:ROLE", field="witness")
        ws.append(Witness(party.strip(), role.strip() or "witness"))
    app = open_app(ctx)
    res = app.disarmament.record([(weapon, Destroyed(_on(app.today(), on), place, unit, method, tuple(ws)))],
                                 actor=app.settings.actor)
    if json_:
        print_json(res.as_json())
        return
    console.print(f"weapon {weapon} destroyed; certificate {res.certificates[0][1]}")


@disarm_app.command("show")
def show(ctx: typer.Context, weapon: int, json_: Json = False) -> None:
    """A weapon's record and its chain of custody (the handing-over group is never shown)."""
    v = open_app(ctx).disarmament.weapon(weapon)
    if json_:
        print_json(v.as_json(public=True))
        return
    w = v.weapon
    made = " ".join(str(x) for x in (w.manufacturer, w.country_of_manufacture, w.year_of_manufacture) if x)
    what = ", ".join(x for x in (" ".join(y for y in (w.type, w.model, w.calibre) if y), made) if x)
    console.print(f"weapon {w.id} ({'exercise' if v.exercise else 'real'}): {what}; mark {w.mark}, "
                  f"zone {w.zone or '-'}; {v.custody.status} at {v.custody.place or '-'}", markup=False)
    if v.certificate:
        console.print(f"destruction certificate {v.certificate}")
    t = Table("#", "step", "on", "place", "unit", title="Chain of custody")
    for h in v.as_json()["history"]:
        t.add_row(str(h["seq"]), h["kind"], str(h["on"]),
                  h.get("site") or h.get("depot") or h.get("to") or h.get("place") or "", h["unit"])
    console.print(t)


@disarm_app.command("list")
def list_cmd(ctx: typer.Context, status: Annotated[str | None, typer.Option()] = None,
             zone: Annotated[str | None, typer.Option()] = None, type: Annotated[str | None, typer.Option()] = None,
             duplicates: Annotated[bool, typer.Option("--duplicates", help="only flagged duplicates")] = False,
             limit: int = 50, offset: int = 0, json_: Json = False) -> None:
    """List weapons by status, zone, type; --duplicates lists the flagged duplicate serials."""
    vs = open_app(ctx).disarmament.weapons(status=status, zone=zone, type=type, duplicates=duplicates,
                                           limit=limit, offset=offset)
    if json_:
        print_json([{k: v for k, v in x.as_json().items() if k != "history"} for x in vs])
        return
    t = Table("id", "type", "model", "mark", "zone", "status", "place", "duplicate of", title="Weapons")
    for x in vs:
        t.add_row(str(x.weapon.id), x.weapon.type, x.weapon.model, x.weapon.mark, x.weapon.zone or "-",
                  x.custody.status, x.custody.place or "-", str(x.weapon.duplicate_of or ""))
    console.print(t)


@disarm_app.command("import-weapons")
def import_weapons_cmd(ctx: typer.Context, file: Path,
                       skip_bad: Annotated[bool, typer.Option("--skip-bad", help="import the good rows")] = False,
                       report: Annotated[Path | None, typer.Option(help="where to list bad rows")] = None,
                       json_: Json = False) -> None:
    """Import weapons (and their collection) from an HXL-tagged CSV: all or nothing, or --skip-bad."""
    app = open_app(ctx)
    r = import_weapons(app.disarmament, file, actor=app.settings.actor, skip_bad=skip_bad, report=report)
    if json_:
        print_json(r.as_json())
        return
    console.print(f"imported {r.imported} weapons" + (f"; skipped {r.skipped}, listed in {r.report}" if r.skipped
                                                      else ""))


@disarm_app.command("import-sites")
def import_sites_cmd(ctx: typer.Context, file: Path,
                     skip_bad: Annotated[bool, typer.Option("--skip-bad", help="import the good rows")] = False,
                     report: Annotated[Path | None, typer.Option(help="where to list bad rows")] = None,
                     json_: Json = False) -> None:
    """Import infrastructure sites from an HXL-tagged CSV: all or nothing, or --skip-bad."""
    app = open_app(ctx)
    r = import_sites(app.disarmament, file, actor=app.settings.actor, skip_bad=skip_bad, report=report)
    if json_:
        print_json(r.as_json())
        return
    console.print(f"imported {r.imported} sites" + (f"; skipped {r.skipped}, listed in {r.report}" if r.skipped
                                                    else ""))


@disarm_app.command("site-destroy")
def site_destroy(ctx: typer.Context, site: str, by: Annotated[str, typer.Option(help="unit that destroyed it")],
                 method: Annotated[str, typer.Option(help="demolition, filling, flooding, sealing, ...")],
                 on: On = None) -> None:
    """Record an infrastructure site's destruction."""
    app = open_app(ctx)
    s = app.disarmament.destroy_site(site, on=_on(app.today(), on), by=by, method=method, actor=app.settings.actor)
    console.print(f"site {s.id} destroyed on {s.destroyed_on} by {s.destroyed_by}")


@disarm_app.command("site-verify")
def site_verify(ctx: typer.Context, site: str, by: Annotated[str, typer.Option(help="verifying party")],
                on: On = None) -> None:
    """Record who verified a site's destruction (another party than the one that destroyed it)."""
    app = open_app(ctx)
    s = app.disarmament.verify_site(site, on=_on(app.today(), on), by=by, actor=app.settings.actor)
    console.print(f"site {s.id} verified destroyed on {s.verified_on} by {s.verified_by}")


@disarm_app.command("sites")
def sites_cmd(ctx: typer.Context, zone: Annotated[str | None, typer.Option()] = None,
              status: Annotated[str | None, typer.Option(help="found, destroyed or verified")] = None,
              limit: int = 100, offset: int = 0, json_: Json = False) -> None:
    """List infrastructure sites with their extent and status."""
    rows = open_app(ctx).disarmament.sites(zone=zone, status=status, limit=limit, offset=offset)
    if json_:
        print_json(list(rows))
        return
    t = Table("id", "kind", "zone", "length m", "area m²", "status", "destroyed", "verified by", title="Sites")
    for r in rows:
        t.add_row(r["id"], r["kind"], r["zone"] or "-", f"{r['length_m']:.0f}", f"{r['area_m2']:.0f}", r["status"],
                  str(r["destroyed_on"] or "-"), r["verified_by"] or "-")
    console.print(t)


@disarm_app.command("attach")
def attach(ctx: typer.Context, subject: Annotated[str, typer.Argument(help="weapon or site")], id: str, file: Path,
           caption: str = "", media_type: Annotated[str | None, typer.Option(help="default: from the name")] = None,
           ) -> None:
    """Store a photo or document by its SHA-256 and link it to a weapon or site (the journal holds the hash)."""
    if not file.is_file():
        raise InputError("no such file", source=str(file))
    mt = media_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    app = open_app(ctx)
    digest = app.disarmament.attach(subject, id, file.read_bytes(), media_type=mt, caption=caption,
                                    actor=app.settings.actor)
    console.print(f"{subject} {id}: {file.name} stored as sha256:{digest}")


@disarm_app.command("summary")
def summary(ctx: typer.Context, json_: Json = False) -> None:
    """Totals: registered, in custody, destroyed; by type, zone and month; sites by status."""
    s = open_app(ctx).disarmament.summary()
    if json_:
        print_json(s.as_json())
        return
    console.print(f"registered {s.registered}, in custody {s.in_custody}, destroyed {s.destroyed}, "
                  f"not collected {s.not_collected}, duplicates flagged {s.duplicates} "
                  f"(exercise records: {s.exercise})")
    for title, data in (("By type", s.by_type), ("By zone", s.by_zone)):
        t = Table(title.split()[-1], "registered", "in custody", "destroyed", title=title)
        for k, v in data.items():
            t.add_row(k, str(v["registered"]), str(v["in_custody"]), str(v["destroyed"]))
        console.print(t)
    m = Table("month", "collected", "destroyed", title="By month")
    for k, v in s.by_month.items():
        m.add_row(k, str(v["collected"]), str(v["destroyed"]))
    console.print(m)
    console.print("sites: " + (", ".join(f"{k} {n}" for k, n in sorted(s.sites.items())) or "none"))
