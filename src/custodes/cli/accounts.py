"""``custodes accounts`` and ``custodes org``: who has an account, in which organisation, with which role."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from custodes.accounts.model import OrgKind, Role
from custodes.cli.common import console, open_app, print_json, settings_from
from custodes.errors import InputError
from custodes.paging import MAX_LIMIT, Page

__all__ = ["accounts_app", "org_app"]

accounts_app = typer.Typer(help="Accounts: people who sign in, each in one organisation with a role.",
                           no_args_is_help=True)
token_app = typer.Typer(help="Bearer tokens for programs.", no_args_is_help=True)
accounts_app.add_typer(token_app, name="token")
password_app = typer.Typer(help="Passwords: an administrator's reset.", no_args_is_help=True)
accounts_app.add_typer(password_app, name="password")
org_app = typer.Typer(help="Organisations that hold accounts (they own their records).", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]
T = TypeVar("T")


def _every(page_at: Callable[[int], Page[T]]) -> tuple[list[T], int]:
    """Every item of a paged list, page by page (``page_at(offset)``), and the total."""
    found = page_at(0)
    items = list(found)
    while found.items and len(items) < found.total:
        found = page_at(len(items))
        items += found
    return items, found.total


def _password(from_env: str | None) -> str:
    if from_env:
        value = os.environ.get(from_env)
        if not value:
            raise InputError(f"the environment variable {from_env} is empty or not set", field="--password-env")
        return value
    first = getpass.getpass("password (12+ characters): ")
    if first != getpass.getpass("again: "):
        raise InputError("the two passwords differ", field="password")
    return first


@accounts_app.command("create")
def create(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="user name (lower case)")],
    org: Annotated[str, typer.Option("--org", help="the organisation's id (see `custodes org list`)")],
    role: Annotated[Role | None, typer.Option(help="default: the role of the organisation's kind")] = None,
    password_env: Annotated[str | None, typer.Option(
        help="read the password from this environment variable instead of asking")] = None,
    json_: JsonOpt = False,
) -> None:
    """Create an account (asks for the password twice, never echoes it)."""
    app = open_app(ctx)
    account = app.accounts.create_account(username, org, _password(password_env), role, actor=app.settings.actor)
    if json_:
        print_json(account.as_json())
    else:
        console.print(f"created account {account.id}: {account.username} ({account.role.value}, {account.org})")


@accounts_app.command("list")
def list_(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option(help="only this organisation's")] = None,
    json_: JsonOpt = False,
) -> None:
    """List accounts."""
    accounts = open_app(ctx).accounts
    found, total = _every(lambda offset: accounts.accounts(org=org, limit=MAX_LIMIT, offset=offset))
    if json_:
        print_json([a.as_json() for a in found])
        return
    t = Table("id", "user name", "organisation", "role", "enabled", "created", title=f"{total} accounts")
    for a in found:
        t.add_row(str(a.id), a.username, a.org, a.role.value, "yes" if a.enabled else "no",
                  a.created_at.isoformat(timespec="seconds"))
    console.print(t)


@accounts_app.command("disable")
def disable(ctx: typer.Context, account_id: Annotated[int, typer.Argument(help="the account's id")],
            json_: JsonOpt = False) -> None:
    """Disable an account; its sessions and tokens stop working at once."""
    app = open_app(ctx)
    a = app.accounts.disable_account(account_id, actor=app.settings.actor)
    if json_:
        print_json(a.as_json())
    else:
        console.print(f"disabled account {a.id} ({a.username})")


@accounts_app.command("session-secret")
def session_secret(ctx: typer.Context, force: Annotated[bool, typer.Option(help="replace an existing one")] = False,
                   ) -> None:
    """Write a random session secret to <data dir>/keys/session.secret (mode 0600), for `serve --production`."""
    from custodes.web.settings import write_session_secret

    path = write_session_secret(settings_from(ctx), force=force)
    console.print(f"wrote {path}")


@password_app.command("reset")
def password_reset(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="the account's user name or id")],
    password_env: Annotated[str | None, typer.Option(
        help="set the password from this environment variable instead of a random one")] = None,
    json_: JsonOpt = False,
) -> None:
    """Reset an account's password: prints a new random one (once) to hand over; its sessions end."""
    app = open_app(ctx)
    account = app.accounts.account(int(user)) if user.isdigit() else app.accounts.account_named(user)
    given = _password(password_env) if password_env else None
    new = app.accounts.reset_password(account.id, given, actor=app.settings.actor)
    if json_:
        print_json({"account": account.id, "password": None if given else new})
    elif given:
        console.print(f"reset the password of account {account.id} ({account.username}); its sessions ended")
    else:
        console.print(f"new password of account {account.id} ({account.username}); its sessions ended:")
        typer.echo(new)


@token_app.command("issue")
def token_issue(
    ctx: typer.Context,
    account_id: Annotated[int, typer.Argument(help="the account's id")],
    name: Annotated[str, typer.Option(help="what the token is for")],
    days: Annotated[int, typer.Option(min=1, max=366, help="days until it expires")] = 90,
    json_: JsonOpt = False,
) -> None:
    """Issue a bearer token; its secret is printed this once and stored only as a digest."""
    app = open_app(ctx)
    issued = app.accounts.issue_token(account_id, name, days, actor=app.settings.actor)
    if json_:
        print_json({**issued.token.as_json(), "secret": issued.secret})
    else:
        console.print(f"token {issued.token.id} for account {account_id}, expires "
                      f"{issued.token.expires_at.isoformat(timespec='seconds')}:")
        typer.echo(issued.secret)


@token_app.command("revoke")
def token_revoke(ctx: typer.Context, token_id: Annotated[int, typer.Argument(help="the token's id")],
                 json_: JsonOpt = False) -> None:
    """Revoke a bearer token; it stops working at once."""
    app = open_app(ctx)
    t = app.accounts.revoke_token(token_id, actor=app.settings.actor)
    if json_:
        print_json(t.as_json())
    else:
        console.print(f"revoked token {t.id} of account {t.account}")


@org_app.command("add")
def org_add(
    ctx: typer.Context,
    org_id: Annotated[str, typer.Argument(help="short id, e.g. unrwa-gaza")],
    kind: Annotated[OrgKind, typer.Option(help="what kind of organisation")],
    name: Annotated[str, typer.Option(help="its full name")],
    json_: JsonOpt = False,
) -> None:
    """Add an organisation."""
    app = open_app(ctx)
    o = app.accounts.add_org(org_id, kind, name, actor=app.settings.actor)
    if json_:
        print_json(o.as_json())
    else:
        console.print(f"added organisation {o.id} ({o.kind.value}): {o.name}")


@org_app.command("list")
def org_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List organisations."""
    accounts = open_app(ctx).accounts
    found, total = _every(lambda offset: accounts.orgs(limit=MAX_LIMIT, offset=offset))
    if json_:
        print_json([o.as_json() for o in found])
        return
    t = Table("id", "kind", "name", title=f"{total} organisations")
    for o in found:
        t.add_row(o.id, o.kind.value, o.name)
    console.print(t)
