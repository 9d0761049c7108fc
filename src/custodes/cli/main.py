"""The root of the ``custodes`` command: global options, the groups, and one-line errors.

Each command's module is imported only when that command runs (:mod:`custodes.cli.lazy`): the table below
names the module that defines it and the one-line help ``custodes --help`` shows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.lazy import LazyCommand, LazyGroup
from custodes.errors import CustodesError

__all__ = ["COMMANDS", "app", "main"]

#: every command and group of ``custodes``, in the order ``--help`` lists them (commands, then groups)
COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand("init", "custodes.cli.mission", "init",
                "Create the data directory and database, and load the mission profile (idempotent)."),
    LazyCommand("status", "custodes.cli.mission", "status",
                "The mandate at a glance: bodies, Council members, days to expiry, next report due, record counts."),
    LazyCommand("exercise", "custodes.cli.mission", "exercise",
                "Generate exercise data for every module (labelled as exercise everywhere), or remove it."),
    LazyCommand("demo", "custodes.cli.demo", "demo",
                "Import the real data sets, add exercise data and demo accounts, publish the log (idempotent)."),
    LazyCommand("serve", "custodes.cli.serve", "serve", "Serve the HTTP API and the public log until Ctrl-C."),
    LazyCommand("profile", "custodes.cli.mission", "profile_app",
                "Mission profiles: the data file sets that describe a mission."),
    LazyCommand("journal", "custodes.cli.journal", "journal_app", "The append-only journal of every state change."),
    LazyCommand("log", "custodes.cli.log", "log_app",
                "The public, verifiable log: checkpoints, tiles, proofs, audits."),
    LazyCommand("witness", "custodes.cli.log", "witness_app",
                "A C2SP tlog-witness that cosigns consistent checkpoints."),
    LazyCommand("council", "custodes.cli.council", "council_app",
                "The Security Council: members, drafts, votes under Article 27, mandates, power."),
    LazyCommand("board", "custodes.cli.board", "board_app",
                "The Board of Peace: members, decisions, funding, reports to the Council."),
    LazyCommand("incidents", "custodes.cli.incidents", "incidents_app",
                "Incident reports (ACLED typology), verification, exchange, ceasefire view."),
    LazyCommand("grievances", "custodes.cli.grievances", "grievances_app",
                "Grievances and objections to the Board, the force or an aid agency."),
    LazyCommand("accounts", "custodes.cli.accounts", "accounts_app",
                "Accounts: people who sign in, each in one organisation with a role."),
    LazyCommand("org", "custodes.cli.accounts", "org_app",
                "Organisations that hold accounts (they own their records)."),
    LazyCommand("aid", "custodes.cli.aid", "aid_app",
                "Humanitarian corridors: crossings, consignments, notifications, safe routes."),
    LazyCommand("force", "custodes.cli.force", "force_app",
                "The stabilisation force: contributors, command, areas, deployments."),
    LazyCommand("disarm", "custodes.cli.disarm", "disarm_app",
                "Demilitarisation: weapons, chain of custody, infrastructure sites, totals."),
    LazyCommand("withdrawal", "custodes.cli.withdrawal", "withdrawal_app",
                "Phased withdrawal: phases, milestones, derived status."),
    LazyCommand("report", "custodes.cli.report", "report_app",
                "The written report to the Security Council for a period: make it (options) or `verify` one."),
)


class CustodesGroup(LazyGroup):
    """The root group: the commands above, each imported when used."""

    lazy = COMMANDS


app = typer.Typer(
    name="custodes",
    help="Custodes runs a stabilisation mission and keeps it accountable in a public, verifiable log.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=CustodesGroup,
)


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[Path | None, typer.Option(help="data directory [env CUSTODES_DATA_DIR]")] = None,
    database_url: Annotated[str | None, typer.Option(help="database URL [env CUSTODES_DATABASE_URL]")] = None,
) -> None:
    """Global options (each also read from its CUSTODES_* environment variable)."""
    ctx.obj = {"data_dir": data_dir, "database_url": database_url}


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; errors end in one line on stderr and a non-zero exit, never a traceback.

    Usage errors, ``--help`` and Ctrl-C are handled by the command framework (standalone mode).
    """
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="custodes", standalone_mode=True)
    except CustodesError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(str(exc))
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        _fail("database: " + (str(exc).splitlines()[0] if str(exc) else type(exc).__name__))


def _is_database_error(exc: Exception) -> bool:
    """A SQLAlchemy error; checked without importing SQLAlchemy, which only a command that opens the database
    loads (and only such a command can raise one)."""
    exc_module = sys.modules.get("sqlalchemy.exc")
    return exc_module is not None and isinstance(exc, exc_module.SQLAlchemyError)


def _fail(message: str) -> None:
    from custodes.cli.common import err_console

    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    sys.exit(2)
