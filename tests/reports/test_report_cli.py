"""`custodes report` and `custodes report verify` from the command line: exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custodes.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_report_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, *d, "init")[0] == 0
    page = tmp_path / "r.html"
    code, out, _ = run(capsys, *d, "report", "--from", "2026-05-18", "--to", "2026-11-17", "--out", str(page),
                       "--no-submit", "--json")
    assert code == 0
    made = json.loads(out)
    assert made["file"] == str(page) and made["exercise"] is False and made["checkpoint"]["size"] > 0
    code, out, _ = run(capsys, *d, "report", "verify", str(page))
    assert code == 0 and "figures recomputed from the log match" in out
    vkey = tmp_path / "vkey"
    code, out, _ = run(capsys, *d, "log", "vkey")
    vkey.write_text(out, encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8").replace('"value": 409', '"value": 410'), encoding="utf-8")
    code, out, _ = run(capsys, *d, "report", "verify", str(page), "--dir", str(tmp_path / "data" / "log"),
                       "--vkey", str(vkey))
    assert code == 1 and "stated 410, the log yields 409" in out
    code, _, err = run(capsys, *d, "report", "--from", "2026-11-17", "--to", "2026-05-18")
    assert code == 2 and "ends" in err and "--to" in err
    code, _, err = run(capsys, *d, "report", "--from", "2026-05-18", "--to", "2026-11-17", "--lang", "fr")
    assert code == 2 and "--lang" in err

