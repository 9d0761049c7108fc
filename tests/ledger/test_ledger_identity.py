"""One log, one identity: each installation's own origin, stored at the first init; one verifier state for many."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import ConfigError
from custodes.ledger.origin import check_origin, default_origin
from custodes.settings import Settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_the_default_origin_is_unique_per_key(tmp_path: Path) -> None:
    a = Custodes.open(Settings(data_dir=tmp_path / "a"), create=True)
    a.init()
    b = Custodes.open(Settings(data_dir=tmp_path / "b"), create=True)
    b.init()
    assert a.log_origin != b.log_origin
    assert a.log_origin == default_origin(a.log_origin.split("/")[0], a.log_verifier().public_key)
    assert check_origin(a.log_origin) == a.log_origin
    with a.store.read() as conn:  # the first entry names the stored origin
        body = conn.exec_driver_sql("select body from journal where idx = 0").scalar_one()
    assert a.log_origin in (body.decode() if isinstance(body, bytes) else body)


def test_the_stored_origin_wins_and_another_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "d"
    a = Custodes.open(Settings(data_dir=data, log_origin="ops.example/gaza"), create=True)
    assert a.init().created and a.log_origin == "ops.example/gaza"
    assert Custodes.open(Settings(data_dir=data)).log_origin == "ops.example/gaza"  # no setting: the stored one
    again = Custodes.open(Settings(data_dir=data, log_origin="ops.example/gaza"))
    assert not again.init().created
    with pytest.raises(ConfigError, match="log origin is 'ops.example/gaza'.*cannot change"):
        Custodes.open(Settings(data_dir=data, log_origin="other.example/gaza")).init()
    monkeypatch.setenv("CUSTODES_LOG_ORIGIN", "other.example/gaza")  # the environment too, on any command
    with pytest.raises(ConfigError, match="cannot change"):
        Custodes.open(Settings(data_dir=data)).log_signer()


@pytest.mark.parametrize("bad", ["", "has space/x", "a+b.example", "https://a.example/log", "x" * 201])
def test_origins_that_break_c2sp_rules_are_refused(tmp_path: Path, bad: str) -> None:
    app = Custodes.open(Settings(data_dir=tmp_path / "d", log_origin=bad), create=True)
    with pytest.raises(ConfigError, match="log origin"):
        app.init()
    assert not (tmp_path / "d" / "keys" / "log.key").exists()


def test_two_installations_verify_in_turn_with_one_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = str(tmp_path / "verifier-state.json")
    dirs = [str(tmp_path / "gaza-north"), str(tmp_path / "gaza-south")]
    for d in dirs:  # the default origins: no --origin given
        assert run(capsys, "--data-dir", d, "init")[0] == 0
        assert run(capsys, "--data-dir", d, "log", "integrate")[0] == 0
    for _ in range(2):  # verified in turn, then each again
        for d in dirs:
            code, out, _ = run(capsys, "log", "verify", "--dir", str(Path(d) / "log"), "--vkey",
                               str(Path(d) / "keys/log.vkey"), "--state", state, "--json")
            assert code == 0 and json.loads(out)["ok"], out
    saved = json.loads(Path(state).read_text())
    assert len(saved) == 2 and all(len(v["key_id"]) == 8 for v in saved.values())


def test_one_origin_under_another_key_is_not_a_rewrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = str(tmp_path / "verifier-state.json")
    dirs = [str(tmp_path / "one"), str(tmp_path / "two")]
    for d in dirs:  # two installations made to share one origin (or one log whose key was replaced)
        run(capsys, "--data-dir", d, "init", "--origin", "shared.example/custodes")
        run(capsys, "--data-dir", d, "log", "integrate")
    assert run(capsys, "--data-dir", dirs[0], "log", "verify", "--state", state)[0] == 0
    code, out, _ = run(capsys, "--data-dir", dirs[1], "log", "verify", "--state", state)
    assert code == 3
    assert "a different log, or a key change" in out and "history was rewritten" not in out
    code, out, _ = run(capsys, "--data-dir", dirs[1], "log", "verify", "--state", state, "--json")
    assert code == 3 and json.loads(out)["other_key"] is True
    assert run(capsys, "--data-dir", dirs[0], "log", "verify", "--state", state)[0] == 0  # the first still passes


def test_a_key_left_by_an_interrupted_first_init_names_the_log(tmp_path: Path) -> None:
    from custodes.ledger.keys import first_log_key

    signer = first_log_key(tmp_path / "d" / "keys", "left.example/log", lambda pub: "unused.example/x")
    app = Custodes.open(Settings(data_dir=tmp_path / "d"), create=True)
    app.init()
    assert app.log_origin == "left.example/log" and app.log_verifier() == signer.verifier
