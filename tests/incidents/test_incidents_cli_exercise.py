"""The `custodes incidents` and `custodes grievances` commands end to end, and the exercise generators."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.cli.main import main
from custodes.grievances.store import grievances
from custodes.incidents.acled import COLUMNS
from custodes.incidents.sample import sample_rows
from custodes.incidents.store import incidents
from custodes.settings import Settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str], shared_data: Path) -> None:
    d = ["--data-dir", str(tmp_path / "m")]
    assert run(capsys, *d, "init")[0] == 0
    code, out, _ = run(capsys, *d, "incidents", "report", "--date", "2026-11-20", "--event-type", "Battles",
                       "--sub-event-type", "Armed clash", "--actor1", "Group A", "--inter1", "2", "--actor2",
                       "Group B", "--inter2", "3", "--lat", "31.3462", "--lon", "34.3063", "--reporter",
                       "Someone Private", "--hide-location", "--json")
    assert code == 0
    pub = json.loads(out)
    assert pub["pcode"] == "PS0270" and pub["interaction"] == 23 and "Someone Private" not in out
    assert run(capsys, *d, "incidents", "review", pub["id"])[0] == 0
    assert run(capsys, *d, "incidents", "confirm", pub["id"], "--monitor", "m1", "--organisation", "Org 1")[0] == 0
    code, _, err = run(capsys, *d, "incidents", "confirm", pub["id"], "--monitor", "m2", "--organisation", "Org 1")
    assert code == 2 and "incident-confirm-same-organisation" in err
    code, out, _ = run(capsys, *d, "incidents", "confirm", pub["id"], "--monitor", "m2", "--organisation", "Org 2",
                       "--json")
    assert json.loads(out)["status"] == "verified"
    ev = tmp_path / "photo.jpg"
    ev.write_bytes(b"jpeg")
    code, out, _ = run(capsys, *d, "incidents", "evidence", pub["id"], str(ev))
    assert code == 0 and "sha256:" in out
    src = tmp_path / "acled.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(sample_rows(30, seed=4))
    code, out, _ = run(capsys, *d, "incidents", "import", str(src), "--format", "acled", "--json")
    assert code == 0 and json.loads(out)["added"] == 30
    bad = tmp_path / "bad.csv"
    bad.write_text(src.read_text(encoding="utf-8").replace("Armed clash", "Gunfight", 1), encoding="utf-8")
    code, _, err = run(capsys, *d, "incidents", "import", str(bad))
    assert code == 2 and "line" in err and "sub_event_type" in err
    code, out, _ = run(capsys, *d, "incidents", "list", "--status", "verified", "--json")
    assert [r["id"] for r in json.loads(out)] == [pub["id"]]
    assert run(capsys, *d, "incidents", "show", pub["id"])[0] == 0
    for fmt in ("acled", "hxl", "geojson"):
        code, out, err = run(capsys, *d, "incidents", "export", "--format", fmt)
        assert code == 0 and "Someone Private" not in out and "public view" in err
    out_file = tmp_path / "full.geojson"
    code, _, err = run(capsys, *d, "incidents", "export", "--format", "geojson", "--restricted-full-view",
                       "-o", str(out_file))
    assert "RESTRICTED" in err and json.loads(out_file.read_text())["custodes_view"] == "restricted"
    book = tmp_path / "public.xlsx"
    code, _, err = run(capsys, *d, "incidents", "export", "--format", "xlsx", "-o", str(book))
    sheet = __import__("openpyxl").load_workbook(book).active
    assert code == 0 and "public view" in err and sheet.max_row == 2 + int(err.split()[0])
    assert str(sheet.cell(2, 1).value).startswith("#")  # the HXL row
    assert run(capsys, *d, "incidents", "export", "--format", "xlsx")[0] != 0  # binary: needs --output
    code, out, _ = run(capsys, *d, "incidents", "ceasefire", "--since", "2026-08-20", "--until", "2026-11-27",
                       "--context", str(shared_data / "tfp_casualties_daily.json"), "--json")
    v = json.loads(out)
    assert v["mission_verified_incidents"]["rows"][0]["pcode"] == "PS0270"
    assert v["context_indicators"]["days"][0]["day"] == "2026-08-20"
    code, out, _ = run(capsys, *d, "incidents", "ceasefire", "--context",
                       str(shared_data / "tfp_casualties_daily.json"))
    assert code == 0 and "Tech for Palestine" in out
    assert run(capsys, *d, "incidents", "reject", "SMP1", "--reason", "duplicate")[0] == 0
    assert run(capsys, *d, "incidents", "review", "SMP2")[0] == 0
    assert run(capsys, *d, "incidents", "unverify", "SMP2", "--reason", "no second source")[0] == 0
    # grievances
    code, out, _ = run(capsys, *d, "grievances", "file", "--to", "board", "--category", "consultation",
                       "--subject", "استشارة", "--text", "نطلب المشاركة في القرار.", "--language", "ar", "--json")
    gid = json.loads(out)["id"]
    assert run(capsys, *d, "grievances", "register-org", "committee", "--name", "Committee", "--kind",
               "palestinian_committee")[0] == 0
    assert run(capsys, *d, "grievances", "cosign", gid, "--organisation", "committee")[0] == 0
    code, _, err = run(capsys, *d, "grievances", "cosign", gid, "--organisation", "unknown-org")
    assert code == 2 and "grievance-cosign-unregistered" in err
    assert "committee" in run(capsys, *d, "grievances", "orgs")[1]
    code, out, _ = run(capsys, *d, "grievances", "escalate", "--today", "2099-01-01", "--json")
    assert json.loads(out)["escalated"][0]["id"] == gid
    assert run(capsys, *d, "grievances", "acknowledge", gid, "--responder", "board-of-peace")[0] == 0
    assert run(capsys, *d, "grievances", "answer", gid, "--text", "سنعقد جلسة استماع.")[0] == 0
    assert run(capsys, *d, "grievances", "close", gid)[0] == 0
    code, out, _ = run(capsys, *d, "grievances", "show", gid, "--json")
    assert json.loads(out)["status"] == "closed"
    assert gid in run(capsys, *d, "grievances", "list")[1]


def _snapshot(app: Custodes) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    return ([(r["id"], r["status"], r["event_type"]) for r in app.incidents.list_incidents(limit=10_000)],
            [(g["id"], g["status"]) for g in app.grievances.list_grievances(limit=10_000)])


@pytest.mark.slow
def test_exercise_is_deterministic_labelled_and_removable(tmp_path: Path, clock: object) -> None:
    snaps = []
    for name in ("a", "b"):
        app = Custodes.open(Settings(data_dir=tmp_path / name), clock=clock, create=True)  # type: ignore[arg-type]
        app.init()
        if name == "a":
            app.incidents.report("real", event_date=dt.date(2025, 12, 1), event_type="Protests",
                                 sub_event_type="Peaceful protest", actor1="Protesters", inter1=6,
                                 lat=31.5017, lon=34.4668)
        results = app.exercise(7, dt.date(2025, 12, 31))
        assert {r.domain for r in results} >= {"incidents", "participation"}
        snap = _snapshot(app)
        if name == "a":
            snaps.append(([s for s in snap[0] if s[0] != "CUS000001"], snap[1]))  # without the real report
            statuses = {s for _, s, _ in snap[0]}
            assert {"verified", "rejected", "under_review"} <= statuses
            assert {s for _, s in snap[1]} & {"closed", "answered", "escalated"}
            removed = app.remove_exercise()
            assert all(r.entries >= 1 for r in removed if r.domain in ("incidents", "participation"))
            with app.store.read() as conn:
                assert conn.execute(select(func.count()).select_from(incidents)).scalar_one() == 1  # the real one
                assert conn.execute(select(func.count()).select_from(grievances)).scalar_one() == 0
        else:
            snaps.append(snap)
    ids_a = [(s, t) for _, s, t in snaps[0][0]]
    ids_b = [(s, t) for _, s, t in snaps[1][0]]
    assert ids_a == ids_b and snaps[0][1] == snaps[1][1]
