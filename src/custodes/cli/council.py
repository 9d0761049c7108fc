"""``custodes council``: membership, drafts and votes, what-if, mandates, voting power, vetoes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from custodes.cli.common import console, open_app, print_json
from custodes.council.games import load_game
from custodes.council.model import parse_vote
from custodes.council.power import PowerResult, power_indices
from custodes.council.results import DraftView
from custodes.errors import InputError

__all__ = ["council_app"]

council_app = typer.Typer(help="The Security Council: members, drafts, votes under Article 27, mandates, power.",
                          no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="print JSON")]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def _print_draft(v: DraftView) -> None:
    console.print(f"[bold]{v.symbol}[/] ({v.matter}, {v.status}) {v.title}", highlight=False)
    console.print(f"tabled {v.tabled_on}" + (f", voted {v.voted_on}" if v.voted_on else "")
                  + (f", resolution {v.resolution}" if v.resolution and v.resolution != v.symbol else ""))
    if v.votes:
        by: dict[str, list[str]] = {}
        for s, vote in v.votes:
            by.setdefault(vote, []).append(s)
        console.print("; ".join(f"{k}: {', '.join(ss)}" for k, ss in sorted(by.items())), highlight=False)
    if v.outcome:
        console.print(v.outcome.reason, highlight=False)


@council_app.command("members")
def members(ctx: typer.Context, year: Annotated[int | None, typer.Option(help="calendar year")] = None,
            on: Annotated[str | None, typer.Option(help="a date (YYYY-MM-DD)")] = None, json_: Json = False) -> None:
    """The Council's members in a year or on a date (default today), permanent first."""
    app = open_app(ctx)
    day = _date(on, "--on")
    seats = app.council.members_on(day) if day else app.council.members(year or app.today().year)
    if json_:
        print_json([s.as_json() for s in seats])
        return
    t = Table("state", "name", "seat", "term", title=f"Security Council {day or year or app.today().year}")
    for s in seats:
        t.add_row(s.state, s.name_en, s.kind, f"{s.term_first}-{s.term_last}" if s.term_first else "")
    console.print(t)


@council_app.command("list")
def list_(ctx: typer.Context, status: Annotated[str | None, typer.Option(help="adopted, tabled, voting_open, "
                                                                         "put_to_vote")] = None,
          limit: int = 50, offset: int = 0, json_: Json = False) -> None:
    """Resolutions and drafts, newest first."""
    views = open_app(ctx).council.list_drafts(status=status, limit=limit, offset=offset)
    if json_:
        print_json([v.as_json() for v in views])
        return
    t = Table("symbol", "status", "matter", "date", "outcome", "title")
    for v in views:
        t.add_row(v.symbol, v.status, v.matter, str(v.voted_on or v.tabled_on),
                  v.outcome.reason if v.outcome else "", v.title[:50])
    console.print(t)


@council_app.command("show")
def show(ctx: typer.Context, symbol: str, json_: Json = False) -> None:
    """A draft or resolution: its votes and its outcome under Article 27 with the reason."""
    v = open_app(ctx).council.show(symbol)
    print_json(v.as_json()) if json_ else _print_draft(v)


@council_app.command("table")
def table(ctx: typer.Context, symbol: str, title: Annotated[str, typer.Option(help="the draft's title")],
          matter: Annotated[str, typer.Option(help="substantive or procedural")] = "substantive",
          chapter_vi: Annotated[bool, typer.Option("--chapter-vi", help="a Chapter VI decision")] = False,
          party: Annotated[list[str] | None, typer.Option(help="a party to the dispute (Art. 27(3))")] = None,
          actions: Annotated[str | None, typer.Option(help="JSON list of mandate actions, e.g. "
                                                      '\'[{"action":"extend","body":"isf","until":"2028-12-31"}]\'')]
          = None, json_: Json = False) -> None:
    """Table a draft resolution."""
    try:
        acts = json.loads(actions) if actions else []
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", field="--actions") from None
    if not isinstance(acts, list):
        raise InputError("should be a JSON list", field="--actions")
    app = open_app(ctx)
    v = app.council.table_draft(symbol, title, actor=app.settings.actor, matter=matter, chapter_vi=chapter_vi,
                                parties=party or [], actions=acts)
    print_json(v.as_json()) if json_ else _print_draft(v)


@council_app.command("open")
def open_(ctx: typer.Context, symbol: str, json_: Json = False) -> None:
    """Open the voting on a tabled draft."""
    app = open_app(ctx)
    v = app.council.open_voting(symbol, actor=app.settings.actor)
    print_json(v.as_json()) if json_ else _print_draft(v)


@council_app.command("vote")
def vote(ctx: typer.Context, symbol: str, state: str, value: Annotated[str, typer.Argument(
         help="yes, no, abstain or absent")], json_: Json = False) -> None:
    """Record a member's vote on a draft whose voting is open."""
    app = open_app(ctx)
    v = app.council.record_vote(symbol, state.upper(), parse_vote(value), actor=app.settings.actor)
    print_json(v.as_json()) if json_ else _print_draft(v)


@council_app.command("close")
def close(ctx: typer.Context, symbol: str,
          resolution: Annotated[str | None, typer.Option(help="the symbol it gets if adopted")] = None,
          json_: Json = False) -> None:
    """Put the draft to the vote: close the voting and record the outcome (no vote can follow)."""
    app = open_app(ctx)
    v = app.council.put_to_vote(symbol, resolution, actor=app.settings.actor)
    print_json(v.as_json()) if json_ else _print_draft(v)


@council_app.command("what-if")
def what_if(ctx: typer.Context, symbol: str,
            set_: Annotated[list[str], typer.Option("--set", help="STATE=vote, e.g. CHN=no (repeatable)")],
            json_: Json = False) -> None:
    """Recompute a recorded vote with some votes changed; says whether it would pass and why."""
    changes = {}
    for item in set_:
        state, _, value = item.partition("=")
        if not value:
            raise InputError(f"{item!r} should be STATE=vote", field="--set")
        changes[state.strip().upper()] = parse_vote(value)
    w = open_app(ctx).council.what_if(symbol, changes)
    if json_:
        print_json(w.as_json())
        return
    console.print(f"recorded: {w.recorded.reason}", highlight=False)
    console.print(f"with {', '.join(f'{k}={v}' for k, v in w.changes)}: {w.changed.reason}", highlight=False)


@council_app.command("mandates")
def mandates_(ctx: typer.Context, on: Annotated[str | None, typer.Option(help="a date (default today)")] = None,
              in_force: Annotated[bool, typer.Option("--in-force", help="only mandates in force")] = False,
              limit: int = 50, offset: int = 0, json_: Json = False) -> None:
    """Mandates as extended, amended or terminated: in force on a date, days to expiry, next report."""
    views = open_app(ctx).council.mandates(_date(on, "--on"), in_force_only=in_force, limit=limit, offset=offset)
    if json_:
        print_json([v.as_json() for v in views])
        return
    t = Table("body", "resolution", "until", "in force", "days to expiry", "next report due")
    for v in views:
        j = v.as_json()
        t.add_row(v.body_name, v.state.resolution, j["until"], "yes" if v.in_force else "no",
                  str(v.days_to_expiry), j["next_report_due"] or "-")
    console.print(t)


def _print_power(r: PowerResult) -> None:
    t = Table("player", "Shapley-Shubik", "Banzhaf (normalised)", "Banzhaf (raw)", title=r.game)
    for p in r.players:
        t.add_row(p, f"{r.shapley_shubik[p]:.4f}", f"{r.banzhaf[p]:.4f}", f"{r.banzhaf_raw[p]:.4f}")
    console.print(t)


@council_app.command("power")
def power(ctx: typer.Context, year: Annotated[int | None, typer.Option(help="the Council of this year")] = None,
          file: Annotated[Path | None, typer.Option(help="a weighted voting body (YAML or JSON)")] = None,
          float_: Annotated[bool, typer.Option("--float", help="float64 instead of exact fractions")] = False,
          json_: Json = False) -> None:
    """Exact Shapley-Shubik and Banzhaf indices of the Council (Art. 27) or of a body given as a file."""
    if file is not None:
        r = power_indices(load_game(file), exact=None if not float_ else False)
    else:
        r = open_app(ctx).council.power(year, exact=not float_)
    print_json(r.as_json()) if json_ else _print_power(r)


@council_app.command("import-vetoes")
def import_vetoes(ctx: typer.Context, path: Path, json_: Json = False) -> None:
    """Import the public veto list (CSV); a re-import adds nothing, a bad row is named by line and field."""
    app = open_app(ctx)
    r = app.council.import_vetoes(path, actor=app.settings.actor)
    if json_:
        print_json(r.as_json())
    else:
        console.print(f"{r.source}: {r.rows} rows, {r.added} added, {r.already_there} already there")


@council_app.command("vetoes")
def vetoes(ctx: typer.Context, member: Annotated[str | None, typer.Option(help="seat code, e.g. RUS")] = None,
           replay: Annotated[bool, typer.Option("--replay", help="replay each under Article 27")] = False,
           limit: int = 50, offset: int = 0, json_: Json = False) -> None:
    """The imported vetoes; ``--replay`` recomputes each with the vetoing members' negative votes."""
    app = open_app(ctx)
    rows = app.council.replay_vetoes(member=member, limit=limit, offset=offset) if replay else \
        app.council.vetoes(member=member, limit=limit, offset=offset).map(lambda v: (v, None))
    if json_:
        print_json([v.as_json() | ({"replay": o.as_json()} if o else {}) for v, o in rows])
        return
    t = Table("date", "draft", "vetoed by", "agenda", *(["replay"] if replay else []))
    for v, o in rows:
        t.add_row(str(v.voted_on), v.draft, ", ".join(v.vetoed_by), v.agenda[:50], *([o.reason] if o else []))
    console.print(t)
