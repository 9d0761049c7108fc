"""Consignment and notification state machines: every transition, every refusal, each one journalled."""

from __future__ import annotations

import pytest
from helpers_aid import entries

from custodes.aid import cargo
from custodes.aid.model import CONSIGNMENT, NOTIFICATION, next_state
from custodes.app import Custodes
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied

#: a way to reach every non-initial state from "registered"
PATHS: dict[str, list[str]] = {
    "registered": [],
    "cleared": ["clear"],
    "staged": ["clear", "stage"],
    "offloaded": ["clear", "stage", "offload"],
    "entered": ["clear", "stage", "offload", "enter"],
    "collected": ["clear", "stage", "offload", "enter", "collect"],
    "rejected": ["reject"],
}
ACTIONS = sorted({a for _, a in CONSIGNMENT.table})


def test_the_table_names_every_state() -> None:
    assert CONSIGNMENT.states() == {"registered", "cleared", "staged", "offloaded", "entered", "collected",
                                    "delivered", "intercepted", "rejected", "returned"}
    assert set(PATHS) | CONSIGNMENT.final == CONSIGNMENT.states()


@pytest.mark.parametrize("state", sorted(CONSIGNMENT.states()))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_and_action_is_allowed_or_refused_by_name(state: str, action: str) -> None:
    if (state, action) in CONSIGNMENT.table:
        assert next_state(CONSIGNMENT, state, action) == CONSIGNMENT.table[(state, action)]
        return
    with pytest.raises(IllegalTransition) as exc:
        next_state(CONSIGNMENT, state, action)
    expected = "consignment.final" if state in CONSIGNMENT.final else f"consignment.{action}_not_from_{state}"
    assert exc.value.name == expected


def test_unknown_action_is_refused_by_name() -> None:
    with pytest.raises(IllegalTransition) as exc:
        next_state(CONSIGNMENT, "registered", "teleport")
    assert exc.value.name == "consignment.unknown_action"


def _register(app: Custodes, cid: str) -> None:
    cargo.register_consignment(app.store, "agency:wfp", agency="WFP", crossing="kerem-shalom", category="food",
                                 trucks=12, tonnes="180.5", donor="EU", destination="Deir al-Balah", id=cid)


@pytest.mark.parametrize(("state", "action"), sorted(CONSIGNMENT.table))
def test_every_transition_through_the_service_is_journalled(app: Custodes, state: str, action: str) -> None:
    _register(app, "c1")
    for step in PATHS[state]:
        cargo.move_consignment(app.store, "force", "c1", step)
    before = len(entries(app, "aid.consignment_moved"))
    by = "armed_actors" if action == "intercept" else None
    c = cargo.move_consignment(app.store, "force", "c1", action, by=by)
    assert c.state == CONSIGNMENT.table[(state, action)]
    assert cargo.get_consignment(app.store, "c1").state == c.state
    moved = entries(app, "aid.consignment_moved")
    assert len(moved) == before + 1
    assert moved[-1]["rec"] == {"id": "c1", "action": action, "from": state, "to": c.state, "by": by, "note": ""}
    assert moved[-1]["by"] == "force"


def test_an_illegal_move_changes_nothing(app: Custodes) -> None:
    _register(app, "c2")
    n = len(entries(app, "aid.consignment_moved"))
    with pytest.raises(IllegalTransition) as exc:
        cargo.move_consignment(app.store, "force", "c2", "deliver")
    assert exc.value.name == "consignment.deliver_not_from_registered"
    assert cargo.get_consignment(app.store, "c2").state == "registered"
    assert len(entries(app, "aid.consignment_moved")) == n
    for step in PATHS["collected"] + ["deliver"]:
        cargo.move_consignment(app.store, "force", "c2", step)
    with pytest.raises(IllegalTransition, match=r"consignment\.final"):
        cargo.move_consignment(app.store, "force", "c2", "intercept", by="crowds")


def test_interception_says_by_whom(app: Custodes) -> None:
    _register(app, "c3")
    for step in PATHS["entered"]:
        cargo.move_consignment(app.store, "force", "c3", step)
    with pytest.raises(InputError, match="crowds or armed_actors"):
        cargo.move_consignment(app.store, "force", "c3", "intercept")
    c = cargo.move_consignment(app.store, "force", "c3", "intercept", by="crowds")
    assert (c.state, c.intercepted_by) == ("intercepted", "crowds")


def test_registration_checks_its_input(app: Custodes) -> None:
    with pytest.raises(InputError, match="unknown crossing"):
        cargo.register_consignment(app.store, "a", agency="WFP", crossing="nowhere", category="food", trucks=1)
    with pytest.raises(InputError, match="at least one truck"):
        cargo.register_consignment(app.store, "a", agency="WFP", crossing="rafah", category="food", trucks=0)
    with pytest.raises(InputError, match="not a number"):
        cargo.register_consignment(app.store, "a", agency="WFP", crossing="rafah", category="food", trucks=2,
                                     tonnes="lots")
    with pytest.raises(NotFound):
        cargo.move_consignment(app.store, "force", "nope", "clear")
    reg = entries(app, "aid.consignment_registered")
    assert reg == []


@pytest.mark.parametrize("state", sorted(NOTIFICATION.states()))
@pytest.mark.parametrize("action", sorted({a for _, a in NOTIFICATION.table}))
def test_notification_machine(state: str, action: str) -> None:
    if (state, action) in NOTIFICATION.table:
        assert next_state(NOTIFICATION, state, action) == NOTIFICATION.table[(state, action)]
    else:
        with pytest.raises(IllegalTransition) as exc:
            next_state(NOTIFICATION, state, action)
        assert exc.value.name.startswith("notification.")


def test_crossing_status_history(app: Custodes, clock: object) -> None:
    import datetime as dt

    t0 = dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)
    cargo.set_crossing_status(app.store, "force", "kerem-shalom", "open", "", since=t0, hours="08:00-16:00",
                                capacity_trucks=300)
    cargo.set_crossing_status(app.store, "force", "kerem-shalom", "closed", "security incident",
                                since=t0 + dt.timedelta(days=3))
    with pytest.raises(InputError, match="needs a reason"):
        cargo.set_crossing_status(app.store, "force", "kerem-shalom", "restricted", " ")
    with pytest.raises(InputError, match="08:00-16:00"):
        cargo.set_crossing_status(app.store, "force", "kerem-shalom", "open", "", hours="all day")
    with pytest.raises(InputError, match="open, restricted or closed"):
        cargo.set_crossing_status(app.store, "force", "kerem-shalom", "ajar", "")
    views = {v.id: v for v in cargo.list_crossings(app.store, t0 + dt.timedelta(days=1))}
    ks = views["kerem-shalom"].status
    assert ks is not None and (ks.status.value, ks.capacity_trucks, ks.hours) == ("open", 300, "08:00-16:00")
    assert views["rafah"].status is None
    later = {v.id: v for v in cargo.list_crossings(app.store, t0 + dt.timedelta(days=5))}
    assert later["kerem-shalom"].status is not None and later["kerem-shalom"].status.reason == "security incident"
    assert [h.status.value for h in cargo.crossing_history(app.store, "kerem-shalom")] == ["open", "closed"]
    assert len(entries(app, "aid.crossing_status")) == 2


def test_an_agency_moves_only_its_own_consignments(app: Custodes) -> None:
    app.aid.register_consignment(actor="agency:wfp", agency="WFP", crossing="kerem-shalom", category="food",
                                 trucks=2, id="own")
    with pytest.raises(PermissionDenied, match="belongs to WFP"):
        app.aid.move_own_consignment("own", "clear", actor="agency:unicef", agency="UNICEF")
    with pytest.raises(PermissionDenied):
        app.aid.move_own_consignment("own", "clear", actor="nobody", agency=None)
    assert app.aid.consignment("own").state == "registered"
    assert app.aid.move_own_consignment("own", "clear", actor="agency:wfp", agency="WFP").state == "cleared"
    page = app.aid.consignments(limit=10, offset=0, exercise=False, agency="WFP")
    assert page.total == 1 and page.items[0].state == "cleared"
