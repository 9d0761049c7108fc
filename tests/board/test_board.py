"""The Board of Peace: decision rule, members, decisions, funding (IATI, HXL), reports, exercise data."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import hxl
import pytest
from sqlalchemy import select

from custodes.app import Custodes
from custodes.board.export import transactions_hxl
from custodes.board.model import DecisionRule, check_details, decide
from custodes.board.store import board_members
from custodes.cli.main import main
from custodes.errors import ConfigError, IllegalTransition, InputError
from custodes.exercise import ExercisePeriod
from custodes.ledger.sequencer import journal

RULE = DecisionRule(Fraction(1, 2), "chair")
SIX = ["chair", "m1", "m2", "m3", "m4", "m5"]


def test_simple_majority_of_members_present() -> None:
    o = decide(RULE, SIX, "chair", SIX[:5], {"chair": "yes", "m1": "yes", "m2": "yes", "m3": "no", "m4": "no"})
    assert o.adopted and o.reason == "adopted: 3 of 5 present in favour"


def test_abstentions_count_against_a_majority_of_those_present() -> None:
    o = decide(RULE, SIX, "chair", SIX[:5], {"chair": "yes", "m1": "yes", "m2": "no", "m3": "abstain"})
    assert not o.adopted and o.reason == "not adopted: 2 of 5 present in favour, 3 needed"
    cast = DecisionRule(Fraction(1, 2), "chair", "cast")
    assert decide(cast, SIX, "chair", SIX[:5], {"chair": "yes", "m1": "yes", "m2": "no"}).adopted


def test_chairs_casting_vote_breaks_a_tie() -> None:
    votes = {"chair": "no", "m1": "yes", "m2": "yes", "m3": "no"}
    o = decide(RULE, SIX, "chair", SIX[:4], votes)
    assert not o.adopted and "casting vote (no)" in o.reason
    o = decide(RULE, SIX, "chair", SIX[:4], votes | {"chair": "yes", "m1": "no"})
    assert o.adopted and "casting vote (yes)" in o.reason
    none = DecisionRule(Fraction(1, 2), "none")
    assert not decide(none, SIX, "chair", SIX[:4], votes | {"chair": "yes", "m1": "no"}).adopted


def test_quorum_is_more_than_the_share() -> None:
    assert RULE.quorum(6) == 4 and RULE.quorum(7) == 4 and DecisionRule(Fraction(2, 3)).quorum(9) == 7
    with pytest.raises(IllegalTransition) as e:
        decide(RULE, SIX, "chair", SIX[:3], {"chair": "yes", "m1": "yes", "m2": "yes"})
    assert e.value.name == "no-quorum" and "3 of 6" in e.value.detail


def test_votes_from_absent_members_and_observers_are_refused() -> None:
    with pytest.raises(IllegalTransition, match="not-present"):
        decide(RULE, SIX, "chair", SIX[:4], {"m5": "yes"})
    with pytest.raises(IllegalTransition, match="observer-cannot-vote"):
        decide(RULE, SIX, "chair", SIX[:4], {"obs": "yes"}, observers=["obs"])


def test_decisions_carry_roles_not_names() -> None:
    assert check_details("committee-member-appointment", {"role": "Member for health"})["role"]
    with pytest.raises(InputError) as e:
        check_details("committee-member-appointment", {"role": "Member for health", "name": "A. Person"})
    assert e.value.field == "name"
    with pytest.raises(InputError):
        check_details("funding", {"fund": "f", "amount": "-3"})


def seat_board(app: Custodes) -> None:
    start = dt.date(2025, 12, 1)
    app.board.appoint("chair", "chair", "Chair of the Board of Peace", "USA", start, actor="test")
    for i in range(1, 6):
        app.board.appoint(f"m{i}", "member", f"Member seat {i}", "state", start, actor="test")
    app.board.appoint("wb", "observer", "Observer for the World Bank", "World Bank", start, actor="test")


def test_members_and_decisions(any_app: Custodes) -> None:
    app = any_app
    seat_board(app)
    with pytest.raises(IllegalTransition, match="two-chairs"):
        app.board.appoint("chair2", "chair", "Chair", "USA", dt.date(2026, 1, 1), actor="test")
    d = app.board.decide("d1", "unified-command-approval", "Unified command", [*SIX[:4], "wb"],
                         {"chair": "yes", "m1": "yes", "m2": "yes", "m3": "no"},
                         {"command": "ISF unified command"}, dt.date(2026, 1, 10), actor="test")
    assert d.adopted and d.reason == "adopted: 3 of 4 present in favour"
    with pytest.raises(IllegalTransition, match="no-quorum"):
        app.board.decide("d2", "strategic-guidance", "Guidance", ["chair", "m1", "wb"], {"chair": "yes"},
                         {"to": "isf"}, dt.date(2026, 1, 11), actor="test")
    assert [x.id for x in app.board.decisions()] == ["d1"]  # the refused one left nothing
    with pytest.raises(IllegalTransition, match="not-a-member"):
        app.board.decide("d3", "other", "Before the Board sat", ["chair"], {}, {}, dt.date(2025, 11, 20), actor="test")
    app.board.end_term("m5", dt.date(2026, 2, 1), actor="test")
    assert len(app.board.members(dt.date(2026, 3, 1))) == 6


def test_board_rule_comes_from_the_profile_settings(app: Custodes) -> None:
    assert app.board.rule() == DecisionRule(Fraction(1, 2), "chair", "present")
    # the settings are parsed when the mission opens: a changed profile counts from the next opening
    app.profile.settings["board.quorum_share"] = "2/3"  # type: ignore[index]
    assert Custodes(app.settings, app.store.engine, app.profile, app.clock).board.rule().quorum(6) == 5
    app.profile.settings["board.casting_vote"] = "dice"  # type: ignore[index]
    with pytest.raises(ConfigError):
        Custodes(app.settings, app.store.engine, app.profile, app.clock)


def test_funding_flows_and_refusals(any_app: Custodes) -> None:
    b = any_app.board
    b.open_fund("trust", "Reconstruction trust fund", "World Bank", actor="test")
    b.record_transaction("p1", "trust", "QAT", 13, "100000000.00", on=dt.date(2025, 12, 1), actor="test")
    b.record_transaction("c1", "trust", "QAT", 11, "60000000", on=dt.date(2026, 1, 1), actor="test")
    b.record_transaction("x1", "trust", "QAT", 1, "25000000.50", on=dt.date(2026, 2, 1), commitment="c1", actor="test")
    with pytest.raises(IllegalTransition) as e:
        b.record_transaction("x2", "trust", "QAT", 1, "35000000.00", on=dt.date(2026, 3, 1), commitment="c1",
                             actor="test")
    assert e.value.name == "disbursement-exceeds-commitment" and "34999999.50" in e.value.detail
    b.record_transaction("x3", "trust", "QAT", 1, "34999999.50", on=dt.date(2026, 3, 1), commitment="c1", actor="test")
    with pytest.raises(InputError, match="commitment"):
        b.record_transaction("x4", "trust", "QAT", 3, "1.00", actor="test")
    with pytest.raises(InputError, match="is not used here"):
        b.record_transaction("x5", "trust", "QAT", 5, "1.00", actor="test")
    with pytest.raises(InputError, match="2 decimals"):
        b.record_transaction("x6", "trust", "QAT", 13, "1.001", actor="test")
    with pytest.raises(InputError, match="below 10"):
        b.record_transaction("x7", "trust", "QAT", 13, "1e30", actor="test")
    b.record_transaction("s1", "trust", "QAT", 4, "50000000", on=dt.date(2026, 4, 1), actor="test")
    with pytest.raises(IllegalTransition, match="expenditure-exceeds-funds"):
        b.record_transaction("s2", "trust", "QAT", 4, "10000000.01", on=dt.date(2026, 4, 2), actor="test")
    b.record_transaction("p2", "trust", "JPN", 13, "5000000", on=dt.date(2026, 4, 3), actor="test")
    totals = {t.donor: t for t in b.totals()}
    q = totals["QAT"]
    assert (q.pledged, q.committed, q.disbursed, q.spent) == (Decimal("100000000"), Decimal("60000000"),
                                                              Decimal("60000000.00"), Decimal("50000000"))
    assert totals["JPN"].committed == 0
    with any_app.store.read() as conn:
        n = len([k for (k,) in conn.execute(select(journal.c.kind)) if k == "board.funding_transaction"])
    assert n == 6


def test_hxl_export_reads_back_with_libhxl(app: Custodes) -> None:
    app.board.open_fund("trust", "Trust fund", "World Bank", actor="test")
    app.board.record_transaction("p1", "trust", "EU", 13, "12.50", on=dt.date(2026, 1, 1), actor="test")
    text = transactions_hxl(app.board.transactions())
    lines = text.splitlines()
    assert lines[1].startswith("#meta+id,#date,#org+funder")
    data = hxl.data(io.BytesIO(text.encode("utf-8")))
    rows = list(data)
    assert rows[0].get("#org+funder") == "EU" and rows[0].get("#value") == "12.50"
    assert rows[0].get("#meta+transaction+code") == "13"


def test_report_schedule_and_submission(any_app: Custodes) -> None:
    app = any_app  # today 2026-11-27
    sched = app.board.report_schedule()
    assert [(r.due_on.isoformat(), r.status) for r in sched] == [
        ("2026-05-17", "overdue"), ("2026-11-17", "overdue"), ("2027-05-17", "due"), ("2027-11-17", "due")]
    r = app.board.mark_report_submitted(dt.date(2026, 5, 17), "ab" * 32, dt.date(2026, 5, 20), actor="test")
    assert r.status == "submitted" and r.content_sha256 == "sha256:" + "ab" * 32
    with pytest.raises(IllegalTransition, match="report-submitted"):
        app.board.mark_report_submitted(dt.date(2026, 5, 17), "cd" * 32, actor="test")
    with pytest.raises(InputError, match="SHA-256"):
        app.board.mark_report_submitted(dt.date(2026, 11, 17), "not-a-hash", actor="test")
    assert app.board.report_schedule(dt.date(2026, 5, 1))[0].status == "submitted"


def test_exercise_is_deterministic_labelled_and_removable(app: Custodes) -> None:
    gen = next(g for g in app.exercise_generators() if g.domain == "board")
    period = ExercisePeriod(dt.date(2025, 11, 17), dt.date(2026, 11, 27))
    first = gen.generate(7, period)
    snap1 = ([m.as_json() for m in app.board.members()], [t.as_json() for t in app.board.transactions(limit=999)],
             [d.as_json() for d in app.board.decisions(limit=999)])
    assert first.records > 20 and all(m["exercise"] for m in snap1[0])
    assert {d["kind"] for d in snap1[2]} >= {"strategic-guidance", "unified-command-approval", "funding",
                                             "committee-member-appointment"}
    for d in snap1[2]:
        assert dt.date(2025, 11, 17) <= dt.date.fromisoformat(d["decided_on"]) <= dt.date(2026, 11, 27)
    app.board.appoint("real-chair", "observer", "Observer for the United Nations", "United Nations",
                      dt.date(2026, 1, 1), actor="test")
    with pytest.raises(IllegalTransition, match="exercise-present"):
        gen.generate(7, period)
    removed = gen.remove()
    assert removed.records == first.records and app.board.transactions().items == ()
    with app.store.read() as conn:
        assert [r.id for r in conn.execute(select(board_members))] == ["real-chair"]
    gen.generate(7, period)
    snap2 = ([m.as_json() for m in app.board.members() if m.exercise],
             [t.as_json() for t in app.board.transactions(limit=999)],
             [d.as_json() for d in app.board.decisions(limit=999)])
    assert snap1 == snap2


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_cli_board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, *d, "init")[0] == 0
    for i, role in enumerate(["chair", "member", "member"]):
        assert run(capsys, *d, "board", "appoint", f"b{i}", "--role", role, "--seat", f"Seat {i}",
                   "--represents", "X", "--start", "2025-12-01")[0] == 0
    code, out, _ = run(capsys, *d, "board", "decide", "d1", "--kind", "strategic-guidance", "--title", "G",
                       "--present", "b0,b1", "--vote", "b0=yes", "--vote", "b1=no", "--detail", "to=isf",
                       "--on", "2026-01-05", "--json")
    assert code == 0 and json.loads(out)["adopted"] and "casting vote" in json.loads(out)["reason"]
    code, _, err = run(capsys, *d, "board", "decide", "d2", "--kind", "other", "--title", "G", "--present", "b0",
                       "--on", "2026-01-05")
    assert code == 2 and "no-quorum" in err
    assert run(capsys, *d, "board", "fund-open", "f", "--name", "F", "--manager", "WB")[0] == 0
    code, out, _ = run(capsys, *d, "board", "pledge", "t1", "--fund", "f", "--donor", "EU", "--amount", "10",
                       "--json")
    assert code == 0 and json.loads(out)["type_name"] == "Incoming Pledge"
    code, out, _ = run(capsys, *d, "board", "funding", "--json")
    assert json.loads(out)[0]["pledged"] == "10.00"
    code, out, _ = run(capsys, *d, "board", "reports", "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "overdue"
    report = tmp_path / "r.pdf"
    report.write_bytes(b"report")
    code, out, _ = run(capsys, *d, "board", "report-submitted", "2026-05-17", "--file", str(report), "--json")
    assert code == 0 and json.loads(out)["status"] == "submitted"
    code, out, _ = run(capsys, *d, "board", "export-hxl", "--totals")
    assert out.splitlines()[1].startswith("#org+funder")
    book = tmp_path / "funding.xlsx"
    code, out, _ = run(capsys, *d, "board", "export-hxl", "--format", "xlsx", "--lang", "ar", "--output", str(book))
    assert code == 0
    ws = __import__("openpyxl").load_workbook(book).active
    assert [c.value for c in ws[1]][:2] == ["المعاملة", "التاريخ"] and ws.cell(3, 1).value == "t1"
    assert ws.cell(3, 8).value == 10 and ws.max_row == 3
    assert run(capsys, *d, "board", "export-hxl", "--format", "xlsx")[0] != 0  # binary: needs --output


def test_board_lists_are_paged_and_filter_exercise_records_in_the_database(any_app: Custodes) -> None:
    b = any_app.board
    start = dt.date(2026, 1, 1)
    b.appoint("chair", "chair", "Chair", "USA", start, actor="test")
    b.appoint("ex-m", "member", "Member (exercise)", "EGY", start, actor="test", exercise=True)
    b.open_fund("trust", "Trust fund", "World Bank", actor="test")
    b.open_fund("ex-fund", "Fund (exercise)", "World Bank", actor="test", exercise=True)
    b.record_transaction("p1", "trust", "QAT", 13, "0.10", on=start, actor="test")
    b.record_transaction("p2", "trust", "QAT", 13, "0.20", on=start, actor="test")
    b.record_transaction("ex-p", "ex-fund", "QAT", 13, "5", on=start, actor="test", exercise=True)
    assert [m.id for m in b.members(exercise=False)] == ["chair"] and b.members().total == 2
    page = b.transactions(limit=1, offset=1)
    assert [t.id for t in page] == ["p1"] and page.total == 3
    assert [t.id for t in b.transactions(exercise=False, limit=1)] == ["p1"]
    assert [t.id for t in b.every_transaction(exercise=True, per=1)] == ["ex-p"]
    assert [t.id for t in b.every_transaction(per=2)] == ["ex-p", "p1", "p2"]
    [real] = b.totals(exercise=False)
    assert real.pledged == Decimal("0.30") and str(real.pledged) == "0.30"
    assert b.totals(exercise=True)[0].pledged == Decimal(5) and b.totals()[0].pledged == Decimal("5.30")
    assert [f[0] for f in b.funds(exercise=True)] == ["ex-fund"]
