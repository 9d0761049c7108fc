"""``custodes serve``: the HTTP API and the public log, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from custodes.cli.common import console, open_app

__all__ = ["serve"]


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    production: Annotated[bool, typer.Option(
        "--production", help="secure cookies; refuse to start without the session secret and log signing key "
        "[env CUSTODES_ENV=production]")] = False,
    workers_log: Annotated[str, typer.Option("--log-level", help="uvicorn's log level")] = "info",
) -> None:
    """Serve the HTTP API and the public log until Ctrl-C."""
    import uvicorn

    from custodes.web import WebSettings, create_app

    web = WebSettings(env="production") if production else WebSettings()
    app = open_app(ctx)
    api = create_app(app, web)  # refuses to build in production without keys
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Custodes ({app.profile.id}, {web.env}) on http://{shown}:{port}/  "
                  f"(public portal; sign in at http://{shown}:{port}/login; API docs /docs; log /log/checkpoint; "
                  "Ctrl-C stops)", highlight=False, soft_wrap=True)
    logins = app.settings.data_dir / "demo-logins.txt"
    if logins.is_file():
        console.print(f"demo accounts: user names and passwords in {logins}", highlight=False, soft_wrap=True)
    if not web.production and web.session_secret is None and not web.secret_file(app.settings).is_file():
        console.print("development: sessions are signed with a random key and end when the server stops")
    runner = app.log_runner().start()  # publishes new journal entries to the log as they commit
    reveals = app.reveals.scheduler().start()  # delayed fields, revealed once their days have passed
    try:
        # proxy headers are handled by the app, and only from CUSTODES_TRUSTED_PROXIES (custodes.web.client)
        uvicorn.run(api, host=host, port=port, log_level=workers_log, server_header=False,
                    proxy_headers=False, forwarded_allow_ips="")
    finally:
        reveals.stop()
        runner.stop()
        app.close()
    console.print("stopped")
