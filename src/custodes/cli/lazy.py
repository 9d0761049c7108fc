"""A command group that imports a command's module only when that command runs.

Typer builds every sub-app when the root command is made, so ``custodes --help`` used to import every command
module and, through them, the whole application (geometry, graphs, migrations, password hashing). This group
holds a static table instead: each entry names the command, the module and attribute that define it (a function
or a ``typer.Typer``), and the one-line help that ``--help`` lists. The module is imported when the command is
looked up to run, or to show its own help; a test checks that each static help line matches the command's own.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import ClassVar

import typer
from typer import _click as click  # typer (0.29+) vendors click: its groups take and raise these classes
from typer._click.exceptions import UsageError
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup
from typer.models import CommandInfo, TyperInfo

__all__ = ["LazyCommand", "LazyGroup"]


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """One command of a lazy group: ``module.attr`` is a command function or a ``typer.Typer`` sub-app."""

    name: str
    module: str
    attr: str
    help: str

    def load(self) -> click.Command:
        """Import the module and build the command exactly as ``app.command()`` or ``app.add_typer`` would."""
        obj = getattr(importlib.import_module(self.module), self.attr)
        if isinstance(obj, typer.Typer):
            return typer.main.get_group_from_info(
                TyperInfo(obj, name=self.name), pretty_exceptions_short=True, suggest_commands=True,
                rich_markup_mode=None)
        if not callable(obj):
            raise TypeError(f"{self.module}.{self.attr} is neither a command function nor a typer.Typer")
        command = typer.main.get_command_from_info(
            CommandInfo(callback=obj), pretty_exceptions_short=True, rich_markup_mode=None)
        if command.name != self.name:
            raise TypeError(f"{self.module}.{self.attr} makes command {command.name!r}, listed as {self.name!r}")
        return command


class LazyGroup(TyperGroup):
    """A typer group whose commands listed in ``lazy`` are imported on first use (subclass and set ``lazy``)."""

    lazy: ClassVar[Sequence[LazyCommand]] = ()

    def _spec(self, name: str) -> LazyCommand | None:
        return next((c for c in self.lazy if c.name == name), None)

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = [c.name for c in self.lazy]
        return names + [n for n in self.commands if n not in names]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None:
            spec = self._spec(cmd_name)
            if spec is None:
                return None
            command = self.commands[cmd_name] = spec.load()
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the static help lines: no command module is imported to show it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            spec = self._spec(name)
            if spec is not None:
                rows.append((name, make_default_short_help(spec.help, limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                           list[str]]:
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as exc:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                exc.message = exc.message.rstrip(".") + ". Did you mean " + ", ".join(map(repr, matches)) + "?"
            raise
