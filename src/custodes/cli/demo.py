"""``custodes demo``: set up the demonstration mission that ``make run`` serves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.common import console, open_app
from custodes.cli.demo_job import set_up_demo

__all__ = ["demo"]


def demo(
    ctx: typer.Context,
    shared_data: Annotated[Path, typer.Option(help="folder of the real public data sets")] = Path("../shared/data"),
    seed: Annotated[int, typer.Option(help="exercise data seed")] = 2803,
) -> None:
    """Import the real data sets, add exercise data and demo accounts, publish the log (idempotent)."""
    app = open_app(ctx, create=True)
    app.init()
    result = set_up_demo(app, shared_data, seed=seed, say=lambda s: console.print(f"  {s}", markup=False))
    console.print(f"demo logins (user, password, organisation): {result.logins_file} (readable only by you)")
