"""The command line: every command documented, one-line errors, init/status end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer import _click as click
from typer.core import TyperGroup

from custodes.cli.main import app, main

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _commands(group: TyperGroup, prefix: str) -> list[str]:
    """Every command below ``group``, nested groups included (lazy groups load each command to list it)."""
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        path = f"{prefix} {name}"
        out.extend(_commands(cmd, path) if isinstance(cmd, TyperGroup) else [path])
    return out


def test_every_command_is_documented() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    headings = set(re.findall(r"^#+ `?(custodes[^`\n]*?)`?\s*$", DOCS.read_text(encoding="utf-8"), re.M))
    commands = _commands(root, "custodes")
    assert {"custodes status", "custodes profile check", "custodes aid crossings"} <= set(commands)
    missing = [c for c in commands if c not in headings]
    assert not missing, f"document these in docs/cli.md as headings: {missing}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_init_status_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "data")
    code, out, _ = run(capsys, "--data-dir", d, "init")
    assert code == 0 and "initialised unsc-2803-gaza" in out
    code, out, _ = run(capsys, "--data-dir", d, "init")
    assert code == 0 and "nothing changed" in out
    code, out, _ = run(capsys, "--data-dir", d, "status", "--json")
    st = json.loads(out)
    assert code == 0 and st["mandates"][0]["until"] == "2027-12-31"
    assert len(st["council"]["members"]) == 15


def test_status_before_init_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "none"), "status")
    assert code == 2 and err.strip().count("\n") == 0 and "custodes init" in err and "Traceback" not in err


def test_bad_profile_is_refused_by_file_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "init", "--profile", str(tmp_path / "nope"))
    assert code == 2 and "no such profile" in err
