"""The chain of custody as a pure state machine: every transition, every refusal, and random histories."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.disarmament.model import (
    Collected,
    Custody,
    Destroyed,
    Status,
    Step,
    Stored,
    Transferred,
    Witness,
    apply_step,
    certificate_hash,
    duplicate_key,
    replay,
    unique_mark,
)
from custodes.errors import IllegalTransition

D = dt.date(2026, 1, 10)
W2 = (Witness("ISF", "officer"), Witness("Palestinian committee", "observer"))


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def collected(n: int = 0, site: str = "S1") -> Collected:
    return Collected(day(n), site, "U1", "R1", "group")


def stored(n: int = 1, depot: str = "D1") -> Stored:
    return Stored(day(n), depot, "U1")


def moved(n: int = 2, src: str = "D1", to: str = "D2", a: str = "U1", b: str = "U2") -> Transferred:
    return Transferred(day(n), src, to, "U1", a, b)


def destroyed(n: int = 3, place: str = "D2", witnesses: tuple[Witness, ...] = W2) -> Destroyed:
    return Destroyed(day(n), place, "U1", "cutting", witnesses)


def refusal(steps: list[Step], name: str, parties: int = 2) -> None:
    with pytest.raises(IllegalTransition) as e:
        replay(7, steps, witness_parties=parties)
    assert e.value.name == name, str(e.value)


def test_the_full_chain() -> None:
    c = Custody.new(7)
    assert (c.status, c.place) == (Status.REGISTERED, None)
    c = apply_step(c, collected())
    assert (c.status, c.place) == (Status.COLLECTED, "S1")
    c = apply_step(c, stored())
    assert (c.status, c.place) == (Status.STORED, "D1")
    c = apply_step(c, moved())
    assert (c.status, c.place) == (Status.STORED, "D2")
    c = apply_step(c, destroyed())
    assert (c.status, c.place, c.last_on, c.steps) == (Status.DESTROYED, "D2", day(3), 4)


def test_destroyed_at_the_collection_site() -> None:
    assert replay(7, [collected(), destroyed(1, "S1")]).status is Status.DESTROYED


def test_destroyed_twice() -> None:
    refusal([collected(), stored(), destroyed(2, "D1"), destroyed(3, "D1")], "destroyed-twice")


@pytest.mark.parametrize("after", [stored(5, "D9"), moved(5, "D1", "D3"), collected(5)])
def test_no_step_after_destruction(after: Step) -> None:
    refusal([collected(), stored(), destroyed(2, "D1"), after], "step-after-destruction")


def test_transfer_from_a_depot_it_is_not_in() -> None:
    refusal([collected(), stored(), moved(2, "D5", "D2")], "transfer-from-wrong-depot")


@pytest.mark.parametrize("steps", [
    [stored()],                          # stored without being collected
    [destroyed(1, "S1")],                # destroyed without being collected
    [moved(1)],                          # transferred without being stored
    [collected(), moved(1, "S1", "D2")],  # transferred straight from a collection site
    [collected(), stored(), stored(2, "D2")],  # moved between depots without a transfer
    [collected(), stored(), moved(2, "D1", "D1")],  # a "transfer" to the same depot
])
def test_leaving_custody_silently_is_a_custody_gap(steps: list[Step]) -> None:
    refusal(steps, "custody-gap")


def test_transfer_needs_both_sides() -> None:
    refusal([collected(), stored(), moved(2, b="")], "transfer-unacknowledged")
    refusal([collected(), stored(), moved(2, a="")], "transfer-unacknowledged")


def test_collected_twice() -> None:
    refusal([collected(), collected(1)], "already-in-custody")


def test_collection_needs_site_and_receipt() -> None:
    refusal([Collected(D, "S1", "U1", "")], "collection-incomplete")


def test_destroyed_elsewhere() -> None:
    refusal([collected(), stored(), destroyed(2, "D7")], "destroyed-elsewhere")


def test_witnesses_of_enough_parties() -> None:
    one_party = (Witness("ISF", "officer"), Witness("isf ", "second officer"))
    refusal([collected(), stored(), destroyed(2, "D1", one_party)], "too-few-witness-parties")
    refusal([collected(), stored(), destroyed(2, "D1", W2)], "too-few-witness-parties", parties=3)
    assert replay(7, [collected(), destroyed(1, "S1", W2[:1])], witness_parties=1).status is Status.DESTROYED


def test_unknown_method_and_missing_unit_and_time_order() -> None:
    refusal([collected(), Destroyed(day(1), "S1", "U1", "wishing", W2)], "unknown-method")
    refusal([Collected(D, "S1", "", "R1")], "no-responsible-unit")
    refusal([collected(5), stored(1)], "step-before-previous")


def test_marks_keys_and_certificates() -> None:
    assert unique_mark(1) != unique_mark(2)
    assert duplicate_key("Colt", "M16A1", "") is None
    assert duplicate_key("Colt", "M16 A1", "x 1") == duplicate_key("colt", "m16a1", "X1")
    assert duplicate_key("Colt", "M16A1", "1") != duplicate_key("Colt", "M4", "1")
    from custodes.disarmament.model import Weapon
    w = Weapon(1, "rifle", "M16A1", "5.56", "Colt", "USA", 1970, "1", "", "", "", "PS0260", "U1", "1", None)
    h1, h2 = certificate_hash(w, destroyed()), certificate_hash(w, destroyed(4))
    assert h1.startswith("sha256:") and h1 != h2 and h1 == certificate_hash(w, destroyed())


# -- random histories ---------------------------------------------------------------------------------
PLACES = ["S1", "S2", "D1", "D2", "D3"]
step_strategy = st.one_of(
    st.builds(lambda n, p: Collected(day(n), p, "U1", "R"), st.integers(0, 30), st.sampled_from(PLACES)),
    st.builds(lambda n, p: Stored(day(n), p, "U1"), st.integers(0, 30), st.sampled_from(PLACES)),
    st.builds(lambda n, a, b, ack: Transferred(day(n), a, b, "U1", "U1" if ack else "", "U2"),
              st.integers(0, 30), st.sampled_from(PLACES), st.sampled_from(PLACES), st.booleans()),
    st.builds(lambda n, p, k: Destroyed(day(n), p, "U1", "crushing",
                                        tuple(Witness(f"party {i}", "w") for i in range(k))),
              st.integers(0, 30), st.sampled_from(PLACES), st.integers(0, 3)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(step_strategy, max_size=25))
def test_random_histories_keep_the_invariants(steps: list[Step]) -> None:
    """Whatever is attempted, the accepted history has one place at a time, no gap and nothing after destruction."""
    c = Custody.new(1)
    accepted: list[tuple[Step, Custody]] = []
    for s in steps:
        try:
            nxt = apply_step(c, s)
        except IllegalTransition as e:
            assert e.name  # refused by name, and nothing changed
            continue
        assert c.status is not Status.DESTROYED  # no step is accepted after destruction
        accepted.append((s, nxt))
        c = nxt
    prev: Custody = Custody.new(1)
    for s, after in accepted:
        assert after.place is not None and after.status is not Status.REGISTERED  # in one place, in custody
        assert prev.last_on is None or s.on >= prev.last_on  # time never runs backwards
        if isinstance(s, Transferred):
            assert s.source == prev.place and after.place == s.to != s.source
        if isinstance(s, Stored | Destroyed):
            assert prev.status is not Status.REGISTERED  # never skips collection
        if isinstance(s, Collected):
            assert prev.status is Status.REGISTERED
        prev = after
    assert sum(isinstance(s, Destroyed) for s, _ in accepted) <= 1
    assert c.steps == len(accepted)
