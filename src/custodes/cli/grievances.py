"""`custodes grievances`: file, acknowledge, answer, close, co-sign, escalate the overdue.

The CLI's operator has no role, so every command prints the public view: never a grievance's subject or
text, which go only to its addressee, the monitors and the Palestinian committee. ``list`` and ``show``
add them with ``--with-content``, an explicit choice the operator makes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from custodes.cli.common import console, open_app, print_json

__all__ = ["grievances_app"]

grievances_app = typer.Typer(help="Grievances and objections to the Board, the force or an aid agency.",
                             no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]
Actor = Annotated[str | None, typer.Option("--as", help="who acts (default: the configured actor)")]
Responder = Annotated[str | None, typer.Option(help="the addressee answering (board-of-peace, isf, agency name)")]
WithContent = Annotated[bool, typer.Option("--with-content", help="also print the subject and text (not public: "
                                           "for the addressee, the monitors and the Palestinian committee)")]


def _show(g: dict[str, Any], json_: bool) -> None:
    if json_:
        print_json(g)
        return
    console.print(f"[bold]{g['id']}[/] {g['status']}: to {g['addressee']} ({g['category']}, {g['language']}), "
                  f"filed {g['filed_on']}, acknowledge by {g['acknowledge_by']}, answer by {g['answer_by']}"
                  + (f", co-signed by {', '.join(g['cosigned_by'])}" if g["cosigned_by"] else ""))
    if "subject" in g:
        console.print(f"  subject: {g['subject']}", markup=False)
        console.print(f"  text: {g['text']}", markup=False)


@grievances_app.command("file")
def file(
    ctx: typer.Context,
    to: Annotated[str, typer.Option(help="board, force or agency")],
    category: Annotated[str, typer.Option(help="conduct_of_forces, aid_access, movement_and_crossings, "
                                               "property_and_shelter, detention, services, consultation, other")],
    subject: Annotated[str, typer.Option(help="subject line")],
    text: Annotated[str, typer.Option(help="the grievance, in Arabic or English")],
    language: Annotated[str, typer.Option(help="en or ar")] = "en",
    agency: Annotated[str | None, typer.Option(help="the aid agency (with --to agency)")] = None,
    complainant: Annotated[str | None, typer.Option(help="name or contact (omit to file anonymously)")] = None,
    pcode: Annotated[str | None, typer.Option(help="governorate P-code")] = None,
    lat: Annotated[float | None, typer.Option(help="exact latitude (kept private)")] = None,
    lon: Annotated[float | None, typer.Option(help="exact longitude (kept private)")] = None,
    as_: Actor = None,
    json_: JsonOpt = False,
) -> None:
    """File a grievance (anonymous unless --complainant); its public view is printed."""
    app = open_app(ctx)
    _show(app.grievances.file(as_ or app.settings.actor, addressee=to, agency=agency, category=category,
                              language=language, subject=subject, text=text, complainant=complainant, pcode=pcode,
                              lat=lat, lon=lon), json_)


@grievances_app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="received, acknowledged, answered, escalated, closed")] = None,
    addressee: Annotated[str | None, typer.Option(help="board-of-peace, isf or an agency")] = None,
    category: Annotated[str | None, typer.Option(help="category")] = None,
    limit: Annotated[int, typer.Option(help="at most this many")] = 50,
    offset: Annotated[int, typer.Option(help="skip this many")] = 0,
    with_content: WithContent = False,
    json_: JsonOpt = False,
) -> None:
    """Grievances, newest first, with their public status (and subject with --with-content)."""
    svc = open_app(ctx).grievances
    rows = list(svc.list_grievances(status=status, addressee=addressee, category=category, exercise=None,
                                    limit=limit, offset=offset))
    if with_content:
        rows = svc.with_content(rows)
    if json_:
        print_json(rows)
        return
    t = Table("id", "filed", "to", "category", "lang", "status", "acknowledge by", "answer by", "ex",
              *(("subject",) if with_content else ()), title="Grievances")
    for g in rows:
        t.add_row(g["id"], g["filed_on"], g["addressee"], g["category"], g["language"], g["status"],
                  g["acknowledge_by"], g["answer_by"], "ex" if g["exercise"] else "",
                  *((Text(g["subject"]),) if with_content else ()))
    console.print(t)


@grievances_app.command("show")
def show(ctx: typer.Context, grievance: Annotated[str, typer.Argument(help="grievance id")],
         with_content: WithContent = False, json_: JsonOpt = False) -> None:
    """One grievance: its public view, and its subject and text with --with-content."""
    svc = open_app(ctx).grievances
    g = svc.get(grievance)
    _show(svc.with_content([g])[0] if with_content else g, json_)


@grievances_app.command("acknowledge")
def acknowledge(ctx: typer.Context, grievance: Annotated[str, typer.Argument(help="grievance id")],
                responder: Responder = None, as_: Actor = None, json_: JsonOpt = False) -> None:
    """The addressee acknowledges: received (or escalated) -> acknowledged."""
    app = open_app(ctx)
    _show(app.grievances.acknowledge(as_ or app.settings.actor, grievance, responder=responder), json_)


@grievances_app.command("answer")
def answer(ctx: typer.Context, grievance: Annotated[str, typer.Argument(help="grievance id")],
           text: Annotated[str, typer.Option(help="the public answer")], responder: Responder = None,
           as_: Actor = None, json_: JsonOpt = False) -> None:
    """The addressee answers: acknowledged (or escalated) -> answered."""
    app = open_app(ctx)
    _show(app.grievances.answer(as_ or app.settings.actor, grievance, text, responder=responder), json_)


@grievances_app.command("close")
def close(ctx: typer.Context, grievance: Annotated[str, typer.Argument(help="grievance id")],
          note: Annotated[str, typer.Option(help="closing note")] = "", as_: Actor = None,
          json_: JsonOpt = False) -> None:
    """answered -> closed."""
    app = open_app(ctx)
    _show(app.grievances.close(as_ or app.settings.actor, grievance, note=note), json_)


@grievances_app.command("cosign")
def cosign(ctx: typer.Context, grievance: Annotated[str, typer.Argument(help="grievance id")],
           organisation: Annotated[str, typer.Option(help="registered organisation id")], as_: Actor = None,
           json_: JsonOpt = False) -> None:
    """A registered organisation (the Palestinian committee or a civil society organisation) co-signs."""
    app = open_app(ctx)
    _show(app.grievances.cosign(as_ or app.settings.actor, grievance, organisation), json_)


@grievances_app.command("register-org")
def register_org(ctx: typer.Context, org_id: Annotated[str, typer.Argument(help="short id")],
                 name: Annotated[str, typer.Option(help="full name")],
                 kind: Annotated[str, typer.Option(help="palestinian_committee or civil_society")],
                 as_: Actor = None) -> None:
    """Register an organisation allowed to co-sign grievances."""
    app = open_app(ctx)
    o = app.grievances.register_organisation(as_ or app.settings.actor, org_id, name, kind)
    console.print(f"registered {o['id']} ({o['kind']}): {o['name']}")


@grievances_app.command("orgs")
def orgs(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Organisations allowed to co-sign."""
    rows = open_app(ctx).grievances.organisations()
    if json_:
        print_json(rows)
        return
    for o in rows:
        console.print(f"{o['id']}  {o['kind']}  {o['name']}" + ("  (exercise)" if o["exercise"] else ""))


@grievances_app.command("escalate")
def escalate(ctx: typer.Context,
             today: Annotated[str | None, typer.Option(help="the day to judge deadlines on (default today)")] = None,
             as_: Actor = None, json_: JsonOpt = False) -> None:
    """Escalate every overdue grievance to the Board (run daily; the server runs it too)."""
    app = open_app(ctx)
    try:
        day = dt.date.fromisoformat(today) if today else app.today()
    except ValueError:
        raise typer.BadParameter(f"{today!r} is not a date (YYYY-MM-DD)", param_hint="--today") from None
    r = app.grievances.escalate_overdue(day, as_ or app.settings.actor)
    if json_:
        print_json(r.as_json())
        return
    console.print(f"{len(r.escalated)} grievances escalated to the Board on {day}")
    for gid, reason in r.escalated:
        console.print(f"  {gid}: {reason}")
