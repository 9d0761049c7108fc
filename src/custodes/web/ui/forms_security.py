"""Disarmament forms: record a custody step (collected, stored, transferred, destroyed) and see the chain.

The force headquarters and contingents record steps, each for the weapons and units it acts for, as the
API does (:mod:`custodes.force.ownership`, checked by the use case). Who handed a weapon over is shown only to
the roles the policy names (``weapon.handed_over_by``); a step the chain of custody does not allow is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts import policy
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.disarmament.model import Collected, Destroyed, Step, Stored, Transferred, Witness
from custodes.errors import CustodesError, InputError, NotFound
from custodes.web.deps import AppDep, authorize
from custodes.web.ui.forms import Fields, choice, day, done, refusal, show, text, whole

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Writer = Annotated[Principal, authorize("disarmament.write")]
Reader = Annotated[Principal, authorize("disarmament.read")]
KINDS = ("collected", "stored", "transferred", "destroyed")
WITNESSES = 3
WeaponId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def choices(app: Custodes, who: Principal) -> dict[str, Any]:
    """The weapons still to destroy, the units and the depots the caller may name."""
    units = app.force.units_acted_for(who)
    weapons, depots = app.disarmament.custody_choices(who)
    mine = [(str(wid), f"{wid} · {mark} · {kind} · {status}") for wid, mark, kind, status in weapons]
    return {"weapons": mine, "units": [(u, u) for u in units], "depots": [(d, d) for d in depots]}


def step_of(form: Mapping[str, str]) -> Step:
    """The custody step the form describes (only the fields of the chosen kind are read)."""
    kind = choice(form, "kind", KINDS)
    on, unit = day(form, "on"), text(form, "unit", max_length=80)
    match kind:
        case "collected":
            return Collected(on, text(form, "site", max_length=80), unit, text(form, "receipt", max_length=80),
                             text(form, "handed_over_by", required=False))
        case "stored":
            return Stored(on, text(form, "depot", max_length=80), unit)
        case "transferred":
            return Transferred(on, text(form, "source", max_length=80), text(form, "to", max_length=80), unit,
                               text(form, "released_by", max_length=80), text(form, "received_by", max_length=80))
    given = [i for i in range(WITNESSES) if (form.get(f"w{i}_party", "") + form.get(f"w{i}_role", "")).strip()]
    witnesses = tuple(Witness(text(form, f"w{i}_party", max_length=80), text(form, f"w{i}_role", max_length=80))
                      for i in given)
    return Destroyed(on, text(form, "place", max_length=80), unit, text(form, "method", max_length=40), witnesses)


def _form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any], error: Any = None
          ) -> HTMLResponse:
    return show(request, "forms/custody.html", who, values, error, kinds=KINDS, witnesses=WITNESSES,
                **choices(app, who))


@router.get("/forms/custody")
def custody_form(request: Request, app: AppDep, who: Writer, weapon: str = "") -> HTMLResponse:
    return _form(request, app, who, {"weapon": weapon, "on": app.today().isoformat(), "kind": "stored"})


@router.post("/forms/custody")
def record(request: Request, app: AppDep, who: Writer, form: Fields) -> Response:
    try:
        wid = whole(form, "weapon", low=1, high=2**31 - 1)
        step = step_of(form)
        try:
            app.disarmament.record([(wid, step)], actor=actor_of(who), acting=who)
        except NotFound:
            raise InputError(f"there is no weapon {wid}", field="weapon") from None
    except CustodesError as e:
        return _form(request, app, who, form, refusal(e))
    return done(f"/records/weapons/{wid}")


@router.get("/records/weapons/{weapon_id}")
def weapon(request: Request, app: AppDep, who: Reader, weapon_id: WeaponId) -> HTMLResponse:
    v = app.disarmament.weapon(weapon_id)
    out = v.as_json(public=False)
    history = [policy.redact(who.role, h, {"handed_over_by": "weapon.handed_over_by"}) for h in out["history"]]
    return show(request, "records/weapon.html", who, None, None, w=out, history=history,
                may_record=policy.allows(who, "disarmament.write") and out["status"] != "destroyed")
