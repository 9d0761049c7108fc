"""``custodes board``: members, decisions, funding (IATI, HXL export), reports owed to the Council."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Annotated, overload

import typer
from rich.table import Table

from custodes.board.export import totals_hxl, totals_xlsx, transactions_hxl, transactions_xlsx
from custodes.cli.common import console, open_app, print_json
from custodes.errors import InputError

__all__ = ["board_app"]

board_app = typer.Typer(help="The Board of Peace: members, decisions, funding, reports to the Council.",
                        no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="print JSON")]


@overload
def _date(value: str, option: str) -> dt.date: ...
@overload
def _date(value: str | None, option: str) -> dt.date | None: ...
def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def _pairs(items: list[str] | None, option: str) -> dict[str, str]:
    out = {}
    for item in items or []:
        k, sep, v = item.partition("=")
        if not sep or not k:
            raise InputError(f"{item!r} should be KEY=VALUE", field=option)
        out[k.strip()] = v.strip()
    return out


@board_app.command("members")
def members(ctx: typer.Context, on: Annotated[str | None, typer.Option(help="serving on this date")] = None,
            limit: int = 50, offset: int = 0, json_: Json = False) -> None:
    """Board members by role and office, with their dates."""
    ms = open_app(ctx).board.members(_date(on, "--on"), limit=limit, offset=offset)
    if json_:
        print_json([m.as_json() for m in ms])
        return
    t = Table("id", "role", "office", "represents", "from", "until", "")
    for m in ms:
        t.add_row(m.id, m.role, m.seat, m.represents, str(m.start), str(m.end or ""), "exercise" if m.exercise else "")
    console.print(t)


@board_app.command("appoint")
def appoint(ctx: typer.Context, member_id: str, role: Annotated[str, typer.Option(help="chair, member, observer")],
            seat: Annotated[str, typer.Option(help="the office, not a person's name")],
            represents: Annotated[str, typer.Option(help="state code or organisation")],
            start: Annotated[str, typer.Option(help="first day (YYYY-MM-DD)")],
            end: Annotated[str | None, typer.Option(help="last day")] = None, json_: Json = False) -> None:
    """Appoint a member of the Board (by role and office)."""
    day = _date(start, "--start")
    app = open_app(ctx)
    m = app.board.appoint(member_id, role, seat, represents, day, _date(end, "--end"), actor=app.settings.actor)
    print_json(m.as_json()) if json_ else console.print(f"appointed {m.id} ({m.role}, {m.seat}) from {m.start}")


@board_app.command("decide")
def decide(ctx: typer.Context, decision_id: str,
           kind: Annotated[str, typer.Option(help="strategic-guidance, unified-command-approval, deployment-approval,"
                                             " committee-appointment, committee-member-appointment, funding, other")],
           title: Annotated[str, typer.Option(help="what is decided")],
           present: Annotated[str, typer.Option(help="member ids present, comma separated")],
           vote: Annotated[list[str] | None, typer.Option(help="MEMBER=yes|no|abstain (repeatable)")] = None,
           detail: Annotated[list[str] | None, typer.Option(help="KEY=VALUE of the decision (repeatable)")] = None,
           on: Annotated[str | None, typer.Option(help="date of the decision (default today)")] = None,
           json_: Json = False) -> None:
    """Record a Board decision under its rule (quorum, majority of members present, chair's casting vote)."""
    app = open_app(ctx)
    d = app.board.decide(decision_id, kind, title, [p.strip() for p in present.split(",") if p.strip()],
                         _pairs(vote, "--vote"), _pairs(detail, "--detail"), _date(on, "--on"),
                         actor=app.settings.actor)
    print_json(d.as_json()) if json_ else console.print(f"{d.id}: {d.reason}")


@board_app.command("decisions")
def decisions(ctx: typer.Context, kind: Annotated[str | None, typer.Option(help="only this kind")] = None,
              limit: int = 50, offset: int = 0, json_: Json = False) -> None:
    """The Board's decisions, newest first."""
    ds = open_app(ctx).board.decisions(kind=kind, limit=limit, offset=offset)
    if json_:
        print_json([d.as_json() for d in ds])
        return
    t = Table("id", "date", "kind", "title", "outcome")
    for d in ds:
        t.add_row(d.id, str(d.decided_on), d.kind, d.title[:50], d.reason)
    console.print(t)


@board_app.command("fund-open")
def fund_open(ctx: typer.Context, fund_id: str, name: Annotated[str, typer.Option()],
              manager: Annotated[str, typer.Option(help="the organisation holding the fund")],
              json_: Json = False) -> None:
    """Open a fund that transactions can name."""
    app = open_app(ctx)
    app.board.open_fund(fund_id, name, manager, actor=app.settings.actor)
    if json_:
        print_json({"id": fund_id, "name": name, "manager": manager})
    else:
        console.print(f"opened fund {fund_id}")


@board_app.command("pledge")
def pledge(ctx: typer.Context, tx_id: str, fund: Annotated[str, typer.Option()],
           donor: Annotated[str, typer.Option(help="state code or organisation")],
           amount: Annotated[str, typer.Option(help="e.g. 2500000.00")],
           type_: Annotated[int, typer.Option("--type", help="IATI transaction type: 13 incoming pledge, 11 "
                                              "incoming commitment, 1 incoming funds, 12, 2, 3, 4")] = 13,
           currency: str = "USD", on: Annotated[str | None, typer.Option(help="date (default today)")] = None,
           commitment: Annotated[str | None, typer.Option(help="commitment a disbursement draws on")] = None,
           decision: Annotated[str | None, typer.Option(help="the Board decision behind it")] = None,
           json_: Json = False) -> None:
    """Record a funding transaction (a pledge by default; any IATI type with --type)."""
    app = open_app(ctx)
    t = app.board.record_transaction(tx_id, fund, donor, type_, amount, currency, _date(on, "--on"), commitment,
                                     decision, actor=app.settings.actor)
    print_json(t.as_json()) if json_ else console.print(f"{t.id}: {t.donor} {t.amount} {t.currency} (type {t.type})")


@board_app.command("funding")
def funding(ctx: typer.Context, by_fund: Annotated[bool, typer.Option("--by-fund")] = False,
            json_: Json = False) -> None:
    """Totals pledged vs committed vs disbursed (and spent) per donor."""
    ts = open_app(ctx).board.totals(by_fund=by_fund)
    if json_:
        print_json([t.as_json() for t in ts])
        return
    t = Table("donor", "fund", "currency", "pledged", "committed", "disbursed", "spent")
    for x in ts:
        t.add_row(x.donor, x.fund, x.currency, f"{x.pledged:,}", f"{x.committed:,}", f"{x.disbursed:,}",
                  f"{x.spent:,}")
    console.print(t)


@board_app.command("export-hxl")
def export_hxl(ctx: typer.Context, totals: Annotated[bool, typer.Option("--totals", help="totals per donor")] = False,
               output: Annotated[Path | None, typer.Option(help="file to write (default standard output)")] = None,
               format: Annotated[str, typer.Option("--format", help="hxl (CSV with HXL hashtags) or xlsx")] = "hxl",
               lang: Annotated[str, typer.Option("--lang", help="language of the XLSX headers (en, ar)")] = "en",
               ) -> None:
    """Funding as CSV with HXL hashtags, or as XLSX with --format xlsx --output FILE (transactions, or --totals)."""
    if format not in ("hxl", "xlsx"):
        raise InputError(f"format should be hxl or xlsx, not {format!r}", field="format")
    svc = open_app(ctx).board
    if format == "xlsx":
        if output is None:
            raise InputError("an XLSX workbook is binary: give the file to write with --output", field="output")
        book = totals_xlsx(svc.totals(by_fund=True), lang) if totals else transactions_xlsx(svc.every_transaction(),
                                                                                            lang)
        with output.open("wb") as f:
            for piece in book:
                f.write(piece)
        console.print(f"wrote {output}")
        return
    text = totals_hxl(svc.totals(by_fund=True)) if totals else transactions_hxl(svc.every_transaction())
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")


@board_app.command("reports")
def reports(ctx: typer.Context, on: Annotated[str | None, typer.Option(help="as on this date")] = None,
            json_: Json = False) -> None:
    """Reports owed to the Security Council: each due date and its status (due, submitted, overdue)."""
    rs = open_app(ctx).board.report_schedule(_date(on, "--on"))
    if json_:
        print_json([r.as_json() for r in rs])
        return
    t = Table("due", "status", "days left", "submitted", "content")
    for r in rs:
        t.add_row(str(r.due_on), r.status, str(r.days_left), str(r.submitted_on or ""), r.content_sha256 or "")
    console.print(t)


@board_app.command("report-submitted")
def report_submitted(ctx: typer.Context, due: Annotated[str, typer.Argument(help="the due date (YYYY-MM-DD)")],
                     file: Annotated[Path | None, typer.Option(help="the report; its SHA-256 is recorded")] = None,
                     sha256: Annotated[str | None, typer.Option(help="the report's SHA-256")] = None,
                     on: Annotated[str | None, typer.Option(help="submission date (default today)")] = None,
                     json_: Json = False) -> None:
    """Mark the report due on a date as submitted, with its content hash."""
    if (file is None) == (sha256 is None):
        raise InputError("give the report --file or its --sha256 (one of them)")
    digest = sha256 if sha256 else hashlib.sha256(file.read_bytes()).hexdigest()  # type: ignore[union-attr]
    day = _date(due, "DUE")
    app = open_app(ctx)
    r = app.board.mark_report_submitted(day, digest, _date(on, "--on"), actor=app.settings.actor)
    print_json(r.as_json()) if json_ else console.print(f"report due {r.due_on}: {r.status} ({r.content_sha256})")
