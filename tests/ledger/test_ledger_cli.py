"""``custodes log ...`` and ``custodes witness ...`` end to end on the 2803 profile's own log."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from custodes.cli.main import main
from custodes.ledger.merkle import leaf_hash, verify_consistency, verify_inclusion


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_log_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "mission")
    state = str(tmp_path / "state.json")
    code, out, _ = run(capsys, "--data-dir", d, "init", "--origin", "gaza.mission.example/custodes")
    assert code == 0 and "log origin: gaza.mission.example/custodes" in out
    code, out, err = run(capsys, "--data-dir", d, "log", "proof", "--index", "0")
    assert code == 2 and "run `custodes log integrate`" in err
    code, out, _ = run(capsys, "--data-dir", d, "log", "integrate", "--json")
    assert code == 0 and json.loads(out)["size"] == 73
    assert "already" not in out
    code, out, _ = run(capsys, "--data-dir", d, "log", "integrate")
    assert out.strip() == "the log is up to date: 73 entries"
    vkey = run(capsys, "--data-dir", d, "log", "vkey")[1].strip()
    assert vkey.startswith("gaza.mission.example/custodes+")
    assert "PRIVATE" not in vkey
    checkpoint = run(capsys, "--data-dir", d, "log", "checkpoint")[1]
    assert checkpoint.splitlines()[:2] == ["gaza.mission.example/custodes", "73"]
    code, out, _ = run(capsys, "--data-dir", d, "log", "proof", "--index", "10", "--size", "50", "--json")
    p = json.loads(out)
    h = [base64.b64decode(x) for x in p["proof"]]
    leaf = leaf_hash(base64.b64decode(p["entry"]))
    assert verify_inclusion(10, 50, leaf, h, base64.b64decode(p["root"])) and p["checkpoint"] is None
    code, out, _ = run(capsys, "--data-dir", d, "log", "consistency", "--old", "20", "--json")
    c = json.loads(out)
    assert c["new"] == 73 and c["checkpoint"] == checkpoint
    assert verify_consistency(20, 73, base64.b64decode(c["old_root"]), base64.b64decode(c["new_root"]),
                              [base64.b64decode(x) for x in c["proof"]])
    code, _, err = run(capsys, "--data-dir", d, "log", "proof", "--index", "80")
    assert code == 2 and "--index" in err
    code, out, _ = run(capsys, "--data-dir", d, "log", "verify", "--state", state, "--against-db")
    assert code == 0 and "OK: every check passed" in out
    code, out, _ = run(capsys, "log", "verify", "--dir", str(Path(d) / "log"), "--vkey",
                       str(Path(d) / "keys" / "log.vkey"), "--state", state, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["consistent_with_size"] == 73
    bundle = Path(d) / "log/tile/entries/000.p/73"
    data = bytearray(bundle.read_bytes())
    data[100] ^= 1
    bundle.write_bytes(bytes(data))
    code, out, _ = run(capsys, "--data-dir", d, "log", "verify", "--state", state)
    assert code == 1 and "FAILED" in out and "tile/0/000.p/73" in out


def test_witness_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d, w = str(tmp_path / "mission"), str(tmp_path / "witness")
    run(capsys, "--data-dir", d, "init", "--origin", "gaza.mission.example/custodes")
    run(capsys, "--data-dir", d, "log", "integrate")
    code, wkey, _ = run(capsys, "witness", "init", "--name", "witness.example/w1", "--dir", w)
    assert code == 0 and wkey.startswith("witness.example/w1+")
    assert run(capsys, "witness", "vkey", "--dir", w)[1] == wkey
    assert "trusting gaza.mission.example/custodes" in run(
        capsys, "witness", "trust", str(Path(d) / "keys/log.vkey"), "--dir", w)[1]
    code, out, _ = run(capsys, "witness", "cosign", "--log-dir", str(Path(d) / "log"), "--dir", w, "--attach")
    assert code == 0 and out.count("\u2014 ") == 2
    code, out, _ = run(capsys, "--data-dir", d, "log", "verify", "--state", str(tmp_path / "s"),
                       "--witness", wkey.strip(), "--quorum", "1", "--json")
    assert code == 0 and json.loads(out)["witnesses"] == ["witness.example/w1"]
    request = tmp_path / "req"
    request.write_text("old 5\n\n" + (Path(d) / "log/checkpoint").read_text())
    code, out, err = run(capsys, "witness", "add-checkpoint", "--request", str(request), "--dir", w)
    assert code == 1 and out == "73\n" and "409" in err
