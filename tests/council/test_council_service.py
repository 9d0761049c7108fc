"""Council use cases end to end: 2803, drafts and refusals, mandates, what-if, the veto list, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.ledger.sequencer import journal
from custodes.profiles.model import Vote

RES = "S/RES/2803(2025)"
VETOES = "unsc_vetoes_1946_sept2022.csv"


def kinds(app: Custodes) -> list[str]:
    with app.store.read() as conn:
        return [k for (k,) in conn.execute(select(journal.c.kind).order_by(journal.c.idx))]


def test_2803_is_adopted(any_app: Custodes) -> None:
    v = any_app.council.show(RES)
    assert v.outcome is not None and v.outcome.adopted
    assert (v.outcome.yes, v.outcome.no, v.outcome.abstain) == (13, 0, 2)
    assert v.status == "adopted" and dict(v.votes)["CHN"] == "abstain"


def test_membership_per_year_and_date(app: Custodes) -> None:
    y25 = {s.state for s in app.council.members(2025)}
    y26 = {s.state for s in app.council.members_on(dt.date(2026, 3, 1))}
    assert len(y25) == len(y26) == 15 and "DZA" in y25 - y26 and "BHR" in y26 - y25
    assert {s.state for s in app.council.members(2026) if s.kind == "permanent"} == {"CHN", "FRA", "GBR",
                                                                                     "RUS", "USA"}
    with pytest.raises(NotFound):
        app.council.members(1990)


def test_what_if_china_votes_no(app: Custodes) -> None:
    w = app.council.what_if(RES, {"CHN": Vote.NO})
    assert w.recorded.adopted and not w.changed.adopted
    assert w.changed.reason == "not adopted: negative vote of a permanent member (CHN)"
    w = app.council.what_if(RES, {s: Vote.ABSTAIN for s in ("DZA", "DNK", "GRC", "GUY", "PAK")})
    assert w.changed.reason == "not adopted: 8 affirmative votes, 9 needed"
    with pytest.raises(InputError, match="BHR was not a member"):
        app.council.what_if(RES, {"BHR": Vote.NO})


def _vote_all(app: Custodes, symbol: str, special: dict[str, str]) -> None:
    for s in app.council.members(app.today().year):
        app.council.record_vote(symbol, s.state, Vote(special.get(s.state, "yes")), actor="test")


def test_draft_lifecycle_extends_a_mandate(any_app: Custodes) -> None:
    app = any_app  # the clock stands at 2026-11-27
    acts = [{"action": "extend", "body": "isf", "until": "2028-12-31"}]
    app.council.table_draft("S/2026/900", "Extension of the ISF", actions=acts, actor="test")
    with pytest.raises(IllegalTransition, match="voting-not-open"):
        app.council.record_vote("S/2026/900", "USA", Vote.YES, actor="test")
    app.council.open_voting("S/2026/900", actor="test")
    _vote_all(app, "S/2026/900", {"RUS": "abstain", "CHN": "absent"})
    v = app.council.put_to_vote("S/2026/900", "S/RES/2899(2026)", actor="test")
    assert v.status == "put_to_vote" and v.outcome is not None and v.outcome.adopted
    assert v.resolution == "S/RES/2899(2026)"
    isf = next(m for m in app.council.mandates() if m.state.body == "isf")
    assert isf.state.until == dt.date(2028, 12, 31) and isf.in_force
    assert isf.days_to_expiry == (dt.date(2028, 12, 31) - dt.date(2026, 11, 27)).days
    # as it stood before the extension was adopted
    before = next(m for m in app.council.mandates(dt.date(2026, 6, 1)) if m.state.body == "isf")
    assert before.state.until == dt.date(2027, 12, 31)
    assert app.council.show("S/RES/2899(2026)").outcome.adopted  # type: ignore[union-attr]
    with pytest.raises(IllegalTransition) as e:
        app.council.record_vote("S/2026/900", "FRA", Vote.NO, actor="test")
    assert e.value.name == "vote-after-close"
    k = kinds(app)
    for kind in ("council.draft_tabled", "council.voting_opened", "council.vote_recorded",
                 "council.draft_put_to_vote", "council.resolution_adopted", "council.mandate_action"):
        assert kind in k


def test_vetoed_draft_is_not_adopted_and_changes_nothing(app: Custodes) -> None:
    acts = [{"action": "terminate", "body": "isf", "until": "2026-12-31"}]
    app.council.table_draft("S/2026/901", "Termination", actions=acts, actor="test")
    app.council.open_voting("S/2026/901", actor="test")
    _vote_all(app, "S/2026/901", {"USA": "no"})
    v = app.council.put_to_vote("S/2026/901", "S/RES/2900(2026)", actor="test")
    assert v.outcome is not None and v.outcome.reason == "not adopted: negative vote of a permanent member (USA)"
    assert v.resolution is None
    assert next(m for m in app.council.mandates() if m.state.body == "isf").state.until == dt.date(2027, 12, 31)


def test_vote_by_non_member_is_refused(app: Custodes) -> None:
    app.council.table_draft("S/2026/902", "Any", actor="test")
    app.council.open_voting("S/2026/902", actor="test")
    with pytest.raises(IllegalTransition) as e:
        app.council.record_vote("S/2026/902", "DZA", Vote.YES, actor="test")  # Algeria's term ended in 2025
    assert e.value.name == "not-a-member" and "2026-11-27" in str(e.value)


def test_party_to_a_dispute_must_abstain(app: Custodes) -> None:
    app.council.table_draft("S/2026/903", "Peaceful settlement", chapter_vi=True, parties=["COL"], actor="test")
    app.council.open_voting("S/2026/903", actor="test")
    with pytest.raises(IllegalTransition, match="party-must-abstain"):
        app.council.record_vote("S/2026/903", "COL", Vote.YES, actor="test")
    app.council.record_vote("S/2026/903", "COL", Vote.ABSTAIN, actor="test")


def test_extension_adopted_after_the_end_is_refused(app: Custodes) -> None:
    # a terminated mandate cannot be extended: terminate now, then try to extend later
    app.council.table_draft("S/2026/904", "End the ISF", actions=[
        {"action": "terminate", "body": "isf", "until": "2026-11-30"}], actor="test")
    app.council.open_voting("S/2026/904", actor="test")
    _vote_all(app, "S/2026/904", {})
    app.council.put_to_vote("S/2026/904", "S/RES/2901(2026)", actor="test")
    app.council.table_draft("S/2026/905", "Revive the ISF", actions=[
        {"action": "extend", "body": "isf", "until": "2028-12-31"}], actor="test")
    app.council.open_voting("S/2026/905", actor="test")
    _vote_all(app, "S/2026/905", {})
    app.clock.advance(days=5)  # type: ignore[attr-defined]
    n = len(kinds(app))
    with pytest.raises(IllegalTransition) as e:
        app.council.put_to_vote("S/2026/905", "S/RES/2902(2026)", actor="test")
    assert e.value.name == "mandate-ended"
    assert len(kinds(app)) == n and app.council.show("S/2026/905").status == "voting_open"
    isf = next(m for m in app.council.mandates() if m.state.body == "isf")
    assert not isf.in_force and isf.state.terminated


def test_power_of_the_2025_council(app: Custodes) -> None:
    r = app.council.power(2025)
    assert round(r.shapley_shubik["USA"], 4) == 0.1963 and round(r.shapley_shubik["SOM"], 4) == 0.0019


def test_veto_import_is_idempotent_and_every_veto_replays_as_not_adopted(any_app: Custodes,
                                                                         shared_data: Path) -> None:
    r = any_app.council.import_vetoes(shared_data / VETOES, actor="test")
    assert (r.rows, r.added) == (214, 214)
    n = len(kinds(any_app))
    again = any_app.council.import_vetoes(shared_data / VETOES, actor="test")
    assert (again.added, again.already_there) == (0, 214) and len(kinds(any_app)) == n
    replays = any_app.council.replay_vetoes(limit=500)
    assert len(replays) == replays.total == 214
    for veto, outcome in replays:
        assert not outcome.adopted, (veto, outcome)
        assert outcome.reason.startswith("not adopted: negative vote")
        assert set(outcome.permanent_against) == set(veto.vetoed_by)
    ussr = [v for v in any_app.council.vetoes(member="RUS", limit=500) if v.voted_on.year < 1992]
    assert len(ussr) == 90  # the USSR's vetoes sit on the permanent seat of the Russian Federation
    with any_app.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(journal)
                            .where(journal.c.kind == "council.veto_imported")).scalar_one() == 214


@pytest.mark.parametrize(("change", "field"), [
    (("2/16/1946", "16/2/1946"), "date"),
    (("1946,2/16/1946,2,S/PV.23,", "1946,2/16/1946,2,,"), "draft"),
    ((",USSR,,,1,0", ",Prussia,,,1,0"), "member_veto1"),
])
def test_bad_veto_rows_are_named_by_line_and_field(app: Custodes, shared_data: Path, tmp_path: Path,
                                                   change: tuple[str, str], field: str) -> None:
    text = (shared_data / VETOES).read_text(encoding="utf-8").replace(*change, 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        app.council.import_vetoes(bad, actor="test")
    assert e.value.line == 2 and e.value.field == field and "line 2" in str(e.value)
    assert app.council.vetoes().items == ()  # nothing half-written


def test_missing_column_is_named(app: Custodes, tmp_path: Path) -> None:
    f = tmp_path / "v.csv"
    f.write_text("year,date\n1946,2/16/1946\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        app.council.import_vetoes(f, actor="test")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_cli_what_if_power_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, *d, "init")[0] == 0
    code, out, _ = run(capsys, *d, "council", "what-if", RES, "--set", "CHN=no", "--json")
    w = json.loads(out)
    assert code == 0 and w["recorded"]["adopted"] and not w["what_if"]["adopted"]
    assert w["what_if"]["reason"] == "not adopted: negative vote of a permanent member (CHN)"
    code, out, _ = run(capsys, *d, "council", "power", "--year", "2025", "--json")
    p = {x["id"]: x for x in json.loads(out)["players"]}
    assert p["USA"]["shapley_shubik_exact"] == "421/2145" and p["PAN"]["banzhaf_exact"] == "21/1270"
    code, out, _ = run(capsys, *d, "council", "show", RES, "--json")
    assert json.loads(out)["outcome"]["adopted"]
    code, _, err = run(capsys, *d, "council", "what-if", RES, "--set", "CHN")
    assert code == 2 and "STATE=vote" in err


def test_a_delegation_votes_for_its_own_state_only(app: Custodes) -> None:
    app.council.table_draft("S/2026/906", "Any", actor="test")
    app.council.open_voting("S/2026/906", actor="test")
    n = len(kinds(app))
    for org in ("delegation-fra", "delegation", None):  # another state's, none named
        with pytest.raises(PermissionDenied):
            app.council.record_vote("S/2026/906", "USA", Vote.YES, actor="test", delegation=org or "")
    assert len(kinds(app)) == n and app.council.show("S/2026/906").votes == ()
    v = app.council.record_vote("S/2026/906", "USA", Vote.NO, actor="test", delegation="delegation-usa")
    assert v.votes == (("USA", "no"),)


def test_drafts_are_paged_and_filtered_in_the_database(any_app: Custodes) -> None:
    app = any_app
    app.council.table_draft("S/2026/907", "Real", actor="test", tabled_on=dt.date(2026, 11, 1))
    app.council.table_draft("S/2026/908", "Drill", actor="test", tabled_on=dt.date(2026, 11, 2), exercise=True)
    every = app.council.list_drafts(limit=10)
    assert [d.symbol for d in every] == ["S/2026/908", "S/2026/907", RES] and every.total == 3
    real = app.council.list_drafts(exercise=False, limit=1, offset=1)
    assert [d.symbol for d in real] == [RES] and real.total == 2
    assert [d.symbol for d in app.council.list_drafts(exercise=True)] == ["S/2026/908"]
    assert app.council.list_drafts(status="adopted").total == 1
    assert app.council.list_drafts(status="tabled", exercise=False).total == 1
