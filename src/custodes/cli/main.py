"""The root of the ``custodes`` command: global options, the groups, and one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from sqlalchemy.exc import SQLAlchemyError

from custodes.cli import journal as journal_cli
from custodes.cli import mission as mission_cli
from custodes.cli.common import err_console
from custodes.errors import CustodesError

__all__ = ["app", "main"]

app = typer.Typer(
    name="custodes",
    help="Custodes runs a stabilisation mission and keeps it accountable in a public, verifiable log.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[Path | None, typer.Option(help="data directory [env CUSTODES_DATA_DIR]")] = None,
    database_url: Annotated[str | None, typer.Option(help="database URL [env CUSTODES_DATABASE_URL]")] = None,
) -> None:
    """Global options (each also read from its CUSTODES_* environment variable)."""
    ctx.obj = {"data_dir": data_dir, "database_url": database_url}


app.command()(mission_cli.init)
app.command()(mission_cli.status)
app.command()(mission_cli.exercise)
app.add_typer(mission_cli.profile_app, name="profile")
app.add_typer(journal_cli.journal_app, name="journal")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; errors end in one line on stderr and a non-zero exit, never a traceback."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="custodes", standalone_mode=False)
    except CustodesError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err_console.print("aborted", markup=False)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SQLAlchemyError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        err_console.print(f"error: database: {first}", markup=False, highlight=False)
        sys.exit(2)
    except OSError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(2)
