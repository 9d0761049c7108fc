"""The ``custodes aid`` command group, and how its commands read times and days."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from custodes.app import Custodes
from custodes.errors import InputError

__all__ = ["Json", "aid_app", "parse_day", "parse_time", "roads_app"]

aid_app = typer.Typer(help="Humanitarian corridors: crossings, consignments, notifications, safe routes.",
                      no_args_is_help=True)
roads_app = typer.Typer(help="The road network used for safe routes.", no_args_is_help=True)
aid_app.add_typer(roads_app, name="roads")

Json = Annotated[bool, typer.Option("--json", help="print JSON")]


def parse_time(app: Custodes, text: str | None, field: str) -> dt.datetime:
    """ISO date-time (now if None); without a zone it is read in the mission's time zone."""
    if text is None:
        return app.clock()
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date-time like 2026-11-28T08:00", field=field) from None
    return t if t.tzinfo else t.replace(tzinfo=ZoneInfo(app.profile.timezone))


def parse_day(text: str | None, field: str) -> dt.date | None:
    """An ISO date, or None if none is given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from None
