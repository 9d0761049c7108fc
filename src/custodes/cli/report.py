"""``custodes report``: the written report to the Council for a period, and ``report verify`` of one."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.common import console, open_app, print_json
from custodes.errors import ConfigError, InputError
from custodes.ledger.note import Verifier
from custodes.ledger.tiles import dir_fetch, url_fetch
from custodes.reports.figures import Period

__all__ = ["report_app"]

report_app = typer.Typer(
    help="The written report to the Security Council for a period: make it (options) or `verify` one.",
    invoke_without_command=True)


def _date(text: str | None, opt: str) -> dt.date:
    if not text:
        raise InputError("give the period's first and last day (YYYY-MM-DD)", field=opt)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=opt) from None


@report_app.callback()
def report(
    ctx: typer.Context,
    from_: Annotated[str | None, typer.Option("--from", help="first day of the period (YYYY-MM-DD)")] = None,
    to: Annotated[str | None, typer.Option("--to", help="last day of the period, inclusive")] = None,
    lang: Annotated[str, typer.Option(help="en or ar")] = "en",
    format_: Annotated[str, typer.Option("--format", help="html or pdf")] = "html",
    out: Annotated[Path | None, typer.Option(help="file to write (default report-FROM-TO-LANG.FORMAT)")] = None,
    no_submit: Annotated[bool, typer.Option("--no-submit", help="do not mark the Board's report submitted")] = False,
    json_: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Generate the report for --from..--to from the log (integrating it first), journal it, and mark the
    Board's report due in the period as submitted."""
    if ctx.invoked_subcommand is not None:
        return
    period = Period(_date(from_, "--from"), _date(to, "--to"))
    app = open_app(ctx)
    result = app.reports.generate(period, actor=app.settings.actor, lang=lang, fmt=format_, submit=not no_submit)
    path = out or Path(f"report-{period.start}-{period.end}-{lang}.{format_}")
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(result.content)
    tmp.replace(path)
    if json_:
        print_json({**result.as_json(), "file": str(path)})
        return
    cp = result.figures.checkpoint
    console.print(f"wrote {path} ({len(result.content):,} bytes, sha256 {result.sha256})", markup=False)
    console.print(f"{len(result.figures.figures)} figures at checkpoint size {cp.size}, root {cp.root}"
                  + (" — includes EXERCISE records" if result.exercise else ""), markup=False)
    if result.submitted_due:
        console.print(f"the Board's report due {result.submitted_due} is marked submitted", markup=False)


@report_app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    report_file: Annotated[Path, typer.Argument(metavar="REPORT", help="the report (PDF or HTML)")],
    dir_: Annotated[Path | None, typer.Option("--dir", help="the published log directory")] = None,
    url: Annotated[str | None, typer.Option(help="the published log's base URL")] = None,
    vkey: Annotated[str | None, typer.Option(help="the log's verifier key (text or a file holding it)")] = None,
    json_: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Recompute every figure of REPORT from the log's tiles alone; exit 1 if any differs."""
    from custodes.reports.service import verify

    if dir_ is not None and url is not None:
        raise InputError("give --dir or --url, not both", field="--url")
    if vkey is not None:
        text = Path(vkey).read_text(encoding="utf-8").strip() if Path(vkey).is_file() else vkey
        verifier = Verifier.parse(text)
    if (dir_ is None and url is None) or vkey is None:
        app = open_app(ctx)
        if vkey is None:
            verifier = app.log_verifier()
        if dir_ is None and url is None:
            dir_ = app.settings.log_dir
    close = None
    if url is not None:
        fetch, close = url_fetch(url)
    elif dir_ is None:
        raise InputError("give the published log's --dir or --url", field="--dir")
    else:
        if not dir_.is_dir():
            raise ConfigError(f"no published log in {dir_}")
        fetch = dir_fetch(dir_)
    try:
        result = verify(report_file, fetch, verifier)
    finally:
        if close:
            close()
    if json_:
        print_json(result.as_json())
    else:
        cp = result.stated.checkpoint
        console.print(f"checkpoint size {cp.size}, root {cp.root}: matches the signed log "
                      f"({result.log_size} entries)", markup=False)
        if result.ok:
            console.print(f"all {len(result.stated.figures)} figures recomputed from the log match", markup=False)
        else:
            console.print(f"{len(result.differences)} figure(s) differ from the log:", markup=False)
            for d in result.differences:
                console.print("  " + d, markup=False)
    if not result.ok:
        sys.exit(1)
