"""``custodes journal``: read the append-only journal."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from custodes.cli.common import console, open_app, print_json

__all__ = ["journal_app"]

journal_app = typer.Typer(help="The append-only journal of every state change.", no_args_is_help=True)


@journal_app.command("tail")
def tail(
    ctx: typer.Context,
    n: Annotated[int, typer.Option("-n", "--count", min=1, help="how many entries")] = 10,
    json_: Annotated[bool, typer.Option("--json", help="print the entries as JSON")] = False,
) -> None:
    """Show the last entries of the journal."""
    last = open_app(ctx).journal.last(n)
    size = last.total
    entries = [json.loads(body) for body in last]
    if json_:
        print_json(entries)
        return
    t = Table("index", "kind", "at", "by", "exercise", "record", title=f"journal: {size} entries")
    for e in entries:
        rec = json.dumps(e["rec"], ensure_ascii=False)
        t.add_row(str(e["i"]), e["kind"], e["at"], e["by"], "exercise" if e["ex"] else "",
                  rec if len(rec) < 90 else rec[:87] + "...")
    console.print(t)
