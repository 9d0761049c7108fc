"""Pure Council rules: Article 27 hand-worked cases, mandate actions, exact power indices."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction
from pathlib import Path

import pytest

from custodes.council.games import load_game, parse_game
from custodes.council.model import MandateAction, MandateState, apply_action, article27, parse_vote
from custodes.council.power import Game, Player, brute_force, power_indices, security_council
from custodes.errors import IllegalTransition, InputError
from custodes.profiles.model import Vote

P5 = ("CHN", "FRA", "RUS", "GBR", "USA")
E10 = tuple(f"E{i:02d}" for i in range(10))
MEMBERS = P5 + E10


def roll(yes: int, **special: str) -> dict[str, Vote]:
    """``yes`` elected members vote yes, the rest abstain; P5 vote yes unless given in ``special``."""
    votes = {s: Vote(special.get(s, "yes")) for s in P5}
    for i, s in enumerate(E10):
        votes[s] = Vote(special.get(s, "yes" if i < yes else "abstain"))
    return votes


def test_unanimity_is_adopted() -> None:
    o = article27(roll(10), P5, "substantive")
    assert o.adopted and o.yes == 15 and o.reason.startswith("adopted: 15 affirmative votes (9 needed)")


def test_one_permanent_no_is_a_veto() -> None:
    o = article27(roll(10, USA="no"), P5, "substantive")
    assert not o.adopted and o.reason == "not adopted: negative vote of a permanent member (USA)"
    assert o.yes == 14


def test_two_permanent_no_are_named_together() -> None:
    o = article27(roll(10, CHN="no", RUS="no"), P5, "substantive")
    assert o.reason == "not adopted: negative votes of permanent members (CHN, RUS)"


def test_permanent_abstention_is_not_a_veto() -> None:
    o = article27(roll(10, CHN="abstain", RUS="abstain"), P5, "substantive")  # the 2803 pattern: 13-0-2
    assert o.adopted and (o.yes, o.no, o.abstain) == (13, 0, 2)
    assert "CHN, RUS abstained or absent, which is not a veto" in o.reason


def test_permanent_absence_is_not_a_veto() -> None:
    # 1950: the USSR was absent when the Council acted on Korea; its absence did not block adoption
    votes = roll(10)
    del votes["RUS"]
    o = article27(votes, P5, "substantive", members=MEMBERS)
    assert o.adopted and o.absent == 1 and o.yes == 14


def test_eight_affirmative_votes_are_not_enough() -> None:
    o = article27(roll(3), P5, "substantive")  # 5 + 3 = 8 yes, 7 abstentions
    assert not o.adopted and o.reason == "not adopted: 8 affirmative votes, 9 needed"


def test_nine_affirmative_votes_are_enough() -> None:
    assert article27(roll(4), P5, "substantive").adopted


def test_both_reasons_together() -> None:
    o = article27(roll(3, FRA="no"), P5, "substantive")
    assert o.reason == "not adopted: negative vote of a permanent member (FRA); 7 affirmative votes, 9 needed"


def test_procedural_matters_have_no_veto() -> None:
    o = article27(roll(10, USA="no", CHN="no"), P5, "procedural")
    assert o.adopted and o.permanent_against == () and "procedural" in o.reason
    assert not article27(roll(3), P5, "procedural").adopted


def test_article_27_3_party_must_abstain_in_chapter_vi() -> None:
    votes = roll(10)
    with pytest.raises(IllegalTransition) as e:
        article27(votes, P5, "substantive", parties=["E00"], chapter_vi=True)
    assert e.value.name == "party-must-abstain"
    votes["E00"] = Vote.ABSTAIN
    assert article27(votes, P5, "substantive", parties=["E00"], chapter_vi=True).adopted
    # outside Chapter VI (e.g. Chapter VII) a party may vote
    assert article27(roll(10), P5, "substantive", parties=["E00"], chapter_vi=False).adopted


def test_eleven_member_council_before_1966() -> None:
    votes = {s: Vote.YES for s in (*P5, "A", "B")} | {s: Vote.ABSTAIN for s in ("C", "D", "E", "F")}
    assert article27(votes, P5, "substantive", needed=7).adopted
    assert not article27(votes, P5, "substantive", needed=9).adopted


def test_parse_vote() -> None:
    assert parse_vote("Y") is Vote.YES and parse_vote("not_participating") is Vote.ABSENT
    with pytest.raises(InputError):
        parse_vote("maybe")


def _mandate() -> MandateState:
    return MandateState("isf", "S/RES/2803(2025)", dt.date(2025, 11, 17), dt.date(2027, 12, 31),
                        ("protect-civilians",), 6, dt.date(2026, 5, 17))


def test_extend_amend_terminate() -> None:
    m = apply_action(_mandate(), MandateAction("R2", "isf", "extend", dt.date(2027, 12, 1), dt.date(2028, 12, 31)))
    assert m.until == dt.date(2028, 12, 31)
    m = apply_action(m, MandateAction("R3", "isf", "amend", dt.date(2028, 1, 5), add_tasks=("mine-clearance",),
                                      report_every_months=3))
    assert m.tasks == ("protect-civilians", "mine-clearance") and m.report_every_months == 3
    m = apply_action(m, MandateAction("R4", "isf", "terminate", dt.date(2028, 6, 1)))
    assert m.terminated and m.until == dt.date(2028, 6, 1) and len(m.history) == 3


def test_extending_an_ended_mandate_is_refused() -> None:
    with pytest.raises(IllegalTransition) as e:
        apply_action(_mandate(), MandateAction("R9", "isf", "extend", dt.date(2028, 1, 2), dt.date(2029, 1, 1)))
    assert e.value.name == "mandate-ended"
    ended = apply_action(_mandate(), MandateAction("R4", "isf", "terminate", dt.date(2026, 6, 1)))
    with pytest.raises(IllegalTransition, match="mandate-ended"):
        apply_action(ended, MandateAction("R5", "isf", "extend", dt.date(2026, 7, 1), dt.date(2029, 1, 1)))


def test_extension_must_move_the_end_later() -> None:
    with pytest.raises(InputError):
        apply_action(_mandate(), MandateAction("R2", "isf", "extend", dt.date(2026, 1, 1), dt.date(2027, 1, 1)))


# -- power ------------------------------------------------------------------------------------------

def test_security_council_power_published_values() -> None:
    """Published: Shapley-Shubik permanent 0.1963 (421/2145), elected 0.0019 (4/2145 = 84 x 6! x 8! / 15!),
    e.g. gonitsora.com "Is it me, or is Veto starting to sound really good" and textbook treatments.
    Banzhaf, checked by hand: an elected member swings when all five permanent members and exactly three
    of the other nine elected members vote yes, C(9,3) = 84 coalitions; a permanent member swings when the
    other four and at least four elected members vote yes, sum_{k=4..10} C(10,k) = 848. Normalised over
    5 x 848 + 10 x 84 = 5080 swings: permanent 848/5080 = 106/635 = 0.1669, elected 84/5080 = 0.0165."""
    r = power_indices(security_council(P5, E10), exact=True)
    assert r.shapley_shubik_exact["USA"] == Fraction(421, 2145)
    assert r.shapley_shubik_exact["E00"] == Fraction(4, 2145)
    assert round(r.shapley_shubik["CHN"], 4) == 0.1963 and round(r.shapley_shubik["E09"], 4) == 0.0019
    assert r.banzhaf_exact["FRA"] == Fraction(106, 635) and round(r.banzhaf["E03"], 4) == 0.0165
    assert r.banzhaf_raw["GBR"] == 848 / 16384 and r.banzhaf_raw["E01"] == 84 / 16384
    assert sum(r.shapley_shubik_exact.values()) == 1
    f = power_indices(security_council(P5, E10), exact=False)
    assert all(abs(f.shapley_shubik[p] - r.shapley_shubik[p]) < 1e-12 for p in r.players)


def test_simple_weighted_game_by_hand() -> None:
    # weights 2, 1, 1, quota 3: A is needed in every winning coalition; SS A 2/3, B 1/6, C 1/6
    g = Game("hand", ("votes",), (Player("A", (2,)), Player("B", (1,)), Player("C", (1,))), (3,))
    r = power_indices(g, exact=True)
    assert r.shapley_shubik_exact == {"A": Fraction(2, 3), "B": Fraction(1, 6), "C": Fraction(1, 6)}
    assert r.banzhaf_exact == {"A": Fraction(3, 5), "B": Fraction(1, 5), "C": Fraction(1, 5)}


def test_dynamic_programme_equals_brute_force_on_random_games() -> None:
    rng = random.Random(7)
    for _ in range(40):
        n = rng.randint(1, 8)
        players = tuple(Player(f"p{i}", (rng.randint(0, 6), rng.randint(0, 3)), rng.random() < 0.25)
                        for i in range(n))
        tot = [sum(p.weights[d] for p in players) for d in range(2)]
        g = Game("random", ("a", "b"), players, (rng.randint(0, tot[0]), rng.randint(0, tot[1])),
                 rng.randint(0, n), rng.choice([None, 1, 2, 3]))
        exact, approx, brute = power_indices(g, exact=True), power_indices(g, exact=False), brute_force(g)
        assert dict(exact.shapley_shubik_exact) == dict(brute.shapley_shubik_exact)
        assert dict(exact.banzhaf_exact) == dict(brute.banzhaf_exact)
        assert all(abs(approx.shapley_shubik[p] - brute.shapley_shubik[p]) < 1e-12 for p in exact.players)


def test_eu_style_double_majority_file(tmp_path: Path) -> None:
    f = tmp_path / "eu.yaml"
    f.write_text("name: four states\ndimensions: [population]\nmembers_share: 0.55\nquota_share: [0.65]\n"
                 "blocking_minority_at_least: 1\nplayers:\n  - {id: A, weights: [50]}\n  - {id: B, weights: [30]}\n"
                 "  - {id: C, weights: [15]}\n  - {id: D, weights: [5]}\n", encoding="utf-8")
    g = load_game(f)
    assert g.min_members == 3 and g.quota == (65,) and g.blocking_min == 1
    r, b = power_indices(g, exact=True), brute_force(g)
    assert dict(r.shapley_shubik_exact) == dict(b.shapley_shubik_exact)
    assert r.shapley_shubik["A"] > r.shapley_shubik["D"]


def test_bad_game_files_say_what_to_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="players"):
        parse_game({"dimensions": ["votes"], "quota": [1]})
    with pytest.raises(InputError, match=r"players\[0\].weights"):
        parse_game({"players": [{"id": "A", "weights": [-1]}], "quota": [1]})
    with pytest.raises(InputError, match="quota_share"):
        parse_game({"players": [{"id": "A"}], "quota_share": [1.5]})
    with pytest.raises(InputError, match="give a rule"):
        parse_game({"players": [{"id": "A"}]})
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        load_game(bad)


def test_float_method_agrees_with_exact_fractions_on_a_large_game() -> None:
    """The float64 recurrences stay accurate where counts reach 2^80 (no cancellation blow-up)."""
    rng = random.Random(3)
    players = tuple(Player(f"p{i}", (rng.choice([0, 1, 1, 2, 3, 5, 8]),), i < 2) for i in range(82))
    total = sum(p.weights[0] for p in players)
    g = Game("large", ("votes",), players, (total * 2 // 3,), 41, 4)
    exact, approx = power_indices(g, exact=True), power_indices(g, exact=False)
    assert max(abs(approx.shapley_shubik[p] - exact.shapley_shubik[p]) for p in exact.players) < 1e-12
    assert max(abs(approx.banzhaf[p] - exact.banzhaf[p]) for p in exact.players) < 1e-12
    assert sum(exact.shapley_shubik_exact.values()) == 1
