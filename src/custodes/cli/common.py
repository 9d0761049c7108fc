"""What every command group shares: the app from the root options, consoles, JSON output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from custodes.settings import Settings

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["console", "err_console", "open_app", "print_json", "settings_from"]

console = Console()
err_console = Console(stderr=True)


def settings_from(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    overrides: dict[str, Any] = {k: v for k, v in obj.items() if v is not None}
    if "data_dir" in overrides:
        overrides["data_dir"] = Path(overrides["data_dir"])
    return Settings(**overrides)


def open_app(ctx: typer.Context, *, create: bool = False) -> Custodes:
    """The mission named by the root options (the application is imported here, when a command runs)."""
    from custodes.app import Custodes

    return Custodes.open(settings_from(ctx), create=create)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
