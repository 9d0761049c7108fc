"""``custodes log``: publish, prove and audit the verifiable log; ``custodes witness``: cosign it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from custodes.app import Custodes
from custodes.cli.common import console, err_console, open_app, print_json
from custodes.errors import ConfigError, InputError
from custodes.ledger.files import write_atomic
from custodes.ledger.layout import CHECKPOINT_PATH
from custodes.ledger.note import Checkpoint, SignedNote, Verifier, b64, verify_checkpoint
from custodes.ledger.proofs import consistency_answer, inclusion_answer
from custodes.ledger.tiles import Fetch, TileReader, dir_fetch, url_fetch
from custodes.ledger.verify import AuditReport, VerifiedState, audit
from custodes.ledger.witness import Witness, build_request

__all__ = ["log_app", "witness_app"]

log_app = typer.Typer(help="The public, verifiable log: checkpoints, tiles, proofs, audits.", no_args_is_help=True)
witness_app = typer.Typer(help="A C2SP tlog-witness that cosigns consistent checkpoints.", no_args_is_help=True)

#: ``log verify``'s exit status when the state file knows the origin under another key
OTHER_KEY_EXIT = 3

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]


def _reader(ctx: typer.Context) -> tuple[TileReader, Checkpoint, str]:
    app = open_app(ctx)
    path = app.settings.log_dir / CHECKPOINT_PATH
    if not path.exists():
        raise ConfigError(f"no published log in {app.settings.log_dir}; run `custodes log integrate`")
    cp, note = verify_checkpoint(path.read_bytes(), app.log_verifier())
    return TileReader(dir_fetch(app.settings.log_dir), cp.size), cp, note.format()


@log_app.command("integrate")
def integrate(
    ctx: typer.Context,
    batch_size: Annotated[int, typer.Option(min=1, help="entries per checkpoint")] = 256,
    json_: JsonOpt = False,
) -> None:
    """Fold the journal's new entries into tiles and publish signed checkpoints."""
    app = open_app(ctx)
    integrator = app.integrator()
    pending = integrator.pending()
    if pending > 4 * batch_size and not json_:
        with Progress(TextColumn("integrating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err_console) as bar:
            task = bar.add_task("", total=pending)
            result = integrator.integrate(batch_size=batch_size,
                                          on_batch=lambda r: bar.advance(task, r.size - r.old_size))
    else:
        result = integrator.integrate(batch_size=batch_size)
    if json_:
        print_json(result.as_json())
        return
    if result.size == result.old_size:
        console.print(f"the log is up to date: {result.size} entries")
    else:
        console.print(f"published {result.size - result.old_size} entries; the log now holds {result.size}")


@log_app.command("reveal-due")
def reveal_due_cmd(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list what is due, write nothing")] = False,
    json_: JsonOpt = False,
) -> None:
    """Reveal every delayed field whose days have passed (value and salt, in a ledger.field_revealed entry), then
    publish the log. The running server does the same every hour."""
    app = open_app(ctx)
    due = app.reveals.due()
    if dry_run:
        rows = [{"entry": d.idx, "kind": d.kind, "path": d.path, "due": d.due.isoformat()} for d in due]
        if json_:
            print_json({"due": rows})
        else:
            for r in rows:
                console.print(f"entry {r['entry']} ({r['kind']}): {r['path']} due since {r['due']}", highlight=False)
            console.print(f"{len(rows)} delayed fields due")
        return
    n = app.reveals.reveal()
    result = app.integrator().integrate()
    if json_:
        print_json({"revealed": n, "log_size": result.size})
    else:
        console.print(f"revealed {n} delayed fields; the log now holds {result.size} entries")


@log_app.command("checkpoint")
def checkpoint(ctx: typer.Context) -> None:
    """Print the latest signed checkpoint (after checking its signature)."""
    _, _, note = _reader(ctx)
    typer.echo(note, nl=False)


@log_app.command("vkey")
def vkey(ctx: typer.Context) -> None:
    """Print the log's verifier key (signed-note vkey form)."""
    typer.echo(open_app(ctx).log_verifier().vkey)


@log_app.command("proof")
def proof(
    ctx: typer.Context,
    index: Annotated[int, typer.Option(min=0, help="the entry's index")],
    size: Annotated[int | None, typer.Option(min=1, help="tree size (default: the latest checkpoint's)")] = None,
    json_: JsonOpt = False,
) -> None:
    """An inclusion proof of entry INDEX in the tree of SIZE entries."""
    reader, cp, note = _reader(ctx)
    data = inclusion_answer(reader, cp, note, index, size, prefix="--")
    _out(data, json_)


@log_app.command("consistency")
def consistency(
    ctx: typer.Context,
    old: Annotated[int, typer.Option(min=0, help="the older tree size")],
    new: Annotated[int | None, typer.Option(min=0, help="the newer size (default: the latest checkpoint's)")] = None,
    json_: JsonOpt = False,
) -> None:
    """A consistency proof that the tree of NEW entries extends the tree of OLD entries."""
    reader, cp, note = _reader(ctx)
    data = consistency_answer(reader, cp, note, old, new, prefix="--")
    _out(data, json_)


def _out(data: dict[str, Any], json_: bool) -> None:
    if json_:
        print_json(data)
        return
    for k, v in data.items():
        if isinstance(v, list):
            console.print(f"{k}:", markup=False)
            for h in v:
                console.print(f"  {h}", markup=False)
        elif k != "checkpoint":
            console.print(f"{k}: {v}", markup=False)


def _vkey(value: str) -> Verifier:
    p = Path(value)
    return Verifier.parse(p.read_text(encoding="ascii") if "+" not in value and p.exists() else value)


def _default_state() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "custodes" / "verified-checkpoints.json"


@log_app.command("verify")
def verify(
    ctx: typer.Context,
    dir_: Annotated[Path | None, typer.Option("--dir", help="a log directory (default: this mission's)")] = None,
    url: Annotated[str | None, typer.Option(help="a log's URL prefix (its /checkpoint and /tile/...)")] = None,
    vkey_: Annotated[str | None, typer.Option("--vkey", help="the log's verifier key, or a file holding it")] = None,
    witness: Annotated[list[str] | None, typer.Option(help="a witness verifier key (repeat)")] = None,
    quorum: Annotated[int, typer.Option(min=0, help="how many witness cosignatures are needed")] = 0,
    state: Annotated[Path | None, typer.Option(help="state file of checkpoints verified before")] = None,
    against_db: Annotated[bool, typer.Option("--against-db", help="also compare with this mission's database")]
        = False,
    json_: JsonOpt = False,
) -> None:
    """Audit a log from its tiles alone; exits 1 and lists what failed and where if anything is wrong.

    The state file keeps, per origin, the last verified checkpoint and its key id; an origin seen before under
    another key exits 3 ("a different log, or a key change"), not 1.
    """
    if dir_ is not None and url is not None:
        raise InputError("give --dir or --url, not both")
    app = open_app(ctx) if against_db or (dir_ is None and url is None) or vkey_ is None else None
    if vkey_ is not None:
        log_key = _vkey(vkey_)
    elif app is not None:
        log_key = app.log_verifier()
    else:
        raise InputError("give the log's --vkey")
    close = None
    fetch: Fetch
    if url is not None:
        fetch, close = url_fetch(url)
    elif dir_ is not None:
        fetch = dir_fetch(dir_)
    elif app is not None:
        fetch = dir_fetch(app.settings.log_dir)
    else:
        raise InputError("give --dir or --url")
    witnesses = [_vkey(w) for w in witness or []]
    try:
        report = _run_audit(fetch, log_key, VerifiedState(state or _default_state()), witnesses, quorum,
                            app if against_db else None, quiet=json_)
    finally:
        if close is not None:
            close()
    if json_:
        print_json(report.as_json())
    else:
        _print_report(report)
    if report.other_key:
        raise typer.Exit(OTHER_KEY_EXIT)
    if not report.ok:
        raise typer.Exit(1)


def _run_audit(fetch: Fetch, log_key: Verifier, state: VerifiedState, witnesses: list[Verifier], quorum: int,
               app: Custodes | None, *, quiet: bool) -> AuditReport:
    with Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, disable=quiet or not sys.stderr.isatty()) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if app is None:
            return audit(fetch, log_key, state=state, witnesses=witnesses, quorum=quorum, progress=progress)
        return app.journal.audit_against_rows(fetch, log_key, state=state, witnesses=witnesses, quorum=quorum,
                                              progress=progress)


def _print_report(r: AuditReport) -> None:
    console.print(f"log {r.origin}: {r.size} entries, root {b64(r.root)}", markup=False, soft_wrap=True)
    console.print(f"  entries recomputed: {r.entries}; tiles checked: {r.tiles}", markup=False)
    if r.previous_size is not None:
        console.print(f"  consistent with the checkpoint of size {r.previous_size} verified before", markup=False)
    if r.witnesses:
        console.print(f"  cosigned by: {', '.join(r.witnesses)}", markup=False)
    if r.db_rows is not None:
        console.print(f"  journal rows compared: {r.db_rows}; commitments matched to salts: {r.commitments} "
                      f"(re-derived in clear: {r.commitments_rederived})", markup=False, soft_wrap=True)
    if r.ok:
        console.print("OK: every check passed")
        return
    if r.other_key:
        console.print("DIFFERENT LOG OR KEY CHANGE (not a rewritten history)", style="bold yellow")
    else:
        console.print(f"FAILED: {len(r.problems)} problem(s)", style="bold red")
    for p in r.problems:
        console.print(f"  {p.where}: {p.what}", markup=False, soft_wrap=True)


# -- witness ----------------------------------------------------------------------------------------
WitnessDir = Annotated[Path, typer.Option("--dir", help="the witness's directory")]


@witness_app.command("init")
def witness_init(
    name: Annotated[str, typer.Option(help="the witness's name, a schema-less URL like example.org/w1")],
    dir_: WitnessDir = Path("custodes-witness"),
) -> None:
    """Create a witness key (cosignature/v1, Ed25519) in DIR; prints its verifier key."""
    typer.echo(Witness.init(dir_, name).signer.verifier.vkey)


@witness_app.command("vkey")
def witness_vkey(dir_: WitnessDir = Path("custodes-witness")) -> None:
    """Print the witness's verifier key."""
    typer.echo(Witness(dir_).signer.verifier.vkey)


@witness_app.command("trust")
def witness_trust(
    vkey_: Annotated[str, typer.Argument(metavar="VKEY", help="the log's verifier key, or a file holding it")],
    dir_: WitnessDir = Path("custodes-witness"),
) -> None:
    """Trust a log's checkpoint key (its name is the log's origin)."""
    v = Witness(dir_).trust(_vkey(vkey_).vkey)
    typer.echo(f"trusting {v.name} ({v.key_id.hex()})")


@witness_app.command("add-checkpoint")
def witness_add_checkpoint(
    request: Annotated[Path, typer.Option(help="the request body (old size, proof, checkpoint); - for stdin")]
        = Path("-"),
    dir_: WitnessDir = Path("custodes-witness"),
) -> None:
    """Answer one C2SP tlog-witness add-checkpoint request; prints the response body, exits 1 unless 200."""
    body = sys.stdin.buffer.read() if str(request) == "-" else request.read_bytes()
    resp = Witness(dir_).add_checkpoint(body)
    sys.stdout.write(resp.body.decode())
    if not resp.ok:
        err_console.print(f"status {resp.status}", markup=False)
        raise typer.Exit(1)


@witness_app.command("cosign")
def witness_cosign(
    log_dir: Annotated[Path | None, typer.Option(help="the log's directory")] = None,
    url: Annotated[str | None, typer.Option(help="the log's URL prefix")] = None,
    attach: Annotated[bool, typer.Option(help="add the cosignature to the log directory's checkpoint")] = False,
    dir_: WitnessDir = Path("custodes-witness"),
    json_: JsonOpt = False,
) -> None:
    """Fetch a log's checkpoint, prove it consistent with the last one cosigned, cosign it."""
    if (log_dir is None) == (url is None):
        raise InputError("give exactly one of --log-dir and --url")
    if attach and log_dir is None:
        raise InputError("--attach needs --log-dir")
    witness = Witness(dir_)
    close = None
    fetch: Fetch
    if url is not None:
        fetch, close = url_fetch(url)
    elif log_dir is not None:
        fetch = dir_fetch(log_dir)
    else:
        raise InputError("give exactly one of --log-dir and --url")
    try:
        note = SignedNote.parse(fetch(CHECKPOINT_PATH))
        old, _ = witness.latest(Checkpoint.from_text(note.text).origin)
        body, note = build_request(fetch, old)
    finally:
        if close is not None:
            close()
    resp = witness.add_checkpoint(body)
    if not resp.ok:
        raise InputError(f"the witness refused the checkpoint (status {resp.status}): {resp.body.decode().strip()}")
    cosigned = note.format() + resp.body.decode()
    if attach and log_dir is not None:
        current = (log_dir / CHECKPOINT_PATH).read_bytes().decode()
        if current == note.format():  # only if the log has not moved on meanwhile
            write_atomic(log_dir / CHECKPOINT_PATH, cosigned.encode())
    if json_:
        print_json({"cosigned_checkpoint": cosigned, "cosignature": resp.body.decode().strip()})
    else:
        typer.echo(cosigned, nl=False)
