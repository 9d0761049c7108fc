"""Commands about the mission as a whole: init, status, exercise, profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from custodes.cli.common import console, open_app, print_json
from custodes.i18n import t as tr
from custodes.profiles import available_profiles, load_profile

__all__ = ["exercise", "init", "profile_app", "status"]

profile_app = typer.Typer(help="Mission profiles: the data file sets that describe a mission.", no_args_is_help=True)


def init(
    ctx: typer.Context,
    profile: Annotated[str | None, typer.Option(help="profile to load (shipped name or directory)")] = None,
    origin: Annotated[str | None, typer.Option(
        help="the log's origin, a schema-less URL such as mission.example.org/custodes; first init only "
             "[env CUSTODES_LOG_ORIGIN; default: <host>/custodes/<hash of the signing key>]")] = None,
) -> None:
    """Create the data directory and database, and load the mission profile (idempotent)."""
    if profile is not None:
        ctx.find_root().obj["profile"] = profile
    if origin is not None:
        ctx.find_root().obj["log_origin"] = origin
    app = open_app(ctx, create=True)
    result = app.init()
    if result.created:
        console.print(f"initialised [bold]{result.profile}[/] in {app.settings.data_dir} "
                      f"({result.entries} journal entries)")
        for note in result.messages:
            console.print(note, markup=False)
    else:
        console.print(f"{result.profile}: " + "; ".join(result.messages))


def status(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    lang: Annotated[str, typer.Option(help="en or ar")] = "en",
) -> None:
    """The mandate at a glance: bodies, Council members, days to expiry, next report due, record counts.

    Records are shown by what they are, with how many are exercise records, and reports owed to the Council
    and not submitted are flagged. ``--json`` keeps ``counts`` keyed by table name for scripts; ``records``
    and ``overdue_reports`` carry the same for people.
    """
    st = open_app(ctx).status(lang)
    if json_:
        print_json(st.as_json())
        return
    console.print(f"[bold]{st.name}[/]  ({st.profile}, mandate from {st.mandate_start}, today {st.today})")
    t = Table("body", "mandate until", "days left", "next report due", "reports due so far", title="Mandates")
    for m in st.mandates:
        left = f"{m.days_left}" if m.in_force else f"expired {-m.days_left} days ago"
        t.add_row(m.body_name, m.until.isoformat(), left,
                  m.next_report_due.isoformat() if m.next_report_due else "-", str(m.reports_due_so_far))
    console.print(t)
    for o in st.overdue:
        console.print(f"[bold red]{o.body_name}: {o.as_text(lang)}[/]", highlight=False)
    members = ", ".join(f"{n}{' (P)' if k == 'permanent' else ''}" for _, n, k in st.council_members)
    console.print(f"[bold]Security Council {st.council_year}[/] ({len(st.council_members)} members): {members}")
    c = Table(tr("status.record", lang), tr("status.count", lang), title=tr("status.records", lang))
    for r in st.records:
        c.add_row(r.label, r.as_text(lang))
    console.print(c)


def exercise(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="seed: the same seed gives the same records")] = 2803,
    until: Annotated[str | None, typer.Option(help="last day to generate (YYYY-MM-DD); default today")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="withdraw every exercise record")] = False,
) -> None:
    """Generate exercise data for every module (labelled as exercise everywhere), or remove it."""
    app = open_app(ctx)
    if remove:
        results = app.remove_exercise()
    else:
        try:
            end = dt.date.fromisoformat(until) if until else None
        except ValueError:
            raise typer.BadParameter(f"{until!r} is not a date (YYYY-MM-DD)", param_hint="--until") from None
        results = app.exercise(seed, end)
    if not results:
        console.print("no module has an exercise generator yet")
    for r in results:
        console.print(f"{r.domain}: {'removed' if remove else 'generated'} {r.records} records, "
                      f"{r.entries} journal entries")


@profile_app.command("list")
def profile_list() -> None:
    """List the shipped profiles."""
    for name in available_profiles():
        console.print(name)


@profile_app.command("check")
def profile_check(path: Annotated[Path, typer.Argument(help="profile directory or shipped name")]) -> None:
    """Check a profile directory; says the file, field and problem of the first fault."""
    p = load_profile(path)
    console.print(f"{p.id}: ok ({len(p.resolutions)} resolutions, {len(p.crossings)} crossings, "
                  f"{len(p.governorates)} governorates)")




@profile_app.command("upgrade")
def profile_upgrade(
    ctx: typer.Context,
    profile: Annotated[str | None, typer.Option(
        help="the new version (shipped name or directory); default: where the profile was loaded from")] = None,
    json_: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Load a new version of the mission's profile in one transaction and journal what changed.

    Refuses what would rewrite history (another origin, removing states, seats, governorates or crossings
    that records use); says "already up to date" when nothing changed.
    """
    result = open_app(ctx).upgrade_profile(profile)
    if json_:
        print_json(result.as_json())
        return
    if not result.upgraded:
        console.print(f"{result.profile}: already up to date ({result.new_digest})", markup=False)
        return
    console.print(f"{result.profile}: upgraded {result.old_digest} -> {result.new_digest} "
                  f"({result.entries} journal entries)", markup=False, soft_wrap=True)
    for key, (old, new) in result.settings.items():
        console.print(f"  setting {key}: {old!r} -> {new!r}", markup=False)
    for what, paths in result.files.items():
        for path in paths:
            console.print(f"  file {what}: {path}", markup=False)
    for what, keys in result.records.items():
        for key in keys:
            console.print(f"  record {what}: {key}", markup=False)
