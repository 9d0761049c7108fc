"""The root of the ``custodes`` command: global options, the groups, and one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from custodes.cli import accounts as accounts_cli
from custodes.cli import aid as aid_cli
from custodes.cli import board as board_cli
from custodes.cli import council as council_cli
from custodes.cli import demo as demo_cli
from custodes.cli import disarm as disarm_cli
from custodes.cli import force as force_cli
from custodes.cli import grievances as grievances_cli
from custodes.cli import incidents as incidents_cli
from custodes.cli import journal as journal_cli
from custodes.cli import log as log_cli
from custodes.cli import mission as mission_cli
from custodes.cli import report as report_cli
from custodes.cli import serve as serve_cli
from custodes.cli import withdrawal as withdrawal_cli
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
app.command()(demo_cli.demo)
app.add_typer(mission_cli.profile_app, name="profile")
app.add_typer(journal_cli.journal_app, name="journal")
app.add_typer(log_cli.log_app, name="log")
app.add_typer(log_cli.witness_app, name="witness")
app.add_typer(council_cli.council_app, name="council")
app.add_typer(board_cli.board_app, name="board")
app.add_typer(incidents_cli.incidents_app, name="incidents")
app.add_typer(grievances_cli.grievances_app, name="grievances")
app.add_typer(accounts_cli.accounts_app, name="accounts")
app.add_typer(accounts_cli.org_app, name="org")
app.add_typer(aid_cli.aid_app, name="aid")
app.command()(serve_cli.serve)
app.add_typer(force_cli.force_app, name="force")
app.add_typer(disarm_cli.disarm_app, name="disarm")
app.add_typer(withdrawal_cli.withdrawal_app, name="withdrawal")
app.add_typer(report_cli.report_app, name="report")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; errors end in one line on stderr and a non-zero exit, never a traceback.

    Usage errors, ``--help`` and Ctrl-C are handled by the command framework (standalone mode).
    """
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="custodes", standalone_mode=True)
    except CustodesError as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail("database: " + (str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    except OSError as exc:
        _fail(str(exc))


def _fail(message: str) -> None:
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    sys.exit(2)
