"""Board forms: a member records a decision (who was present, how each voted) and a funding transaction.

As ``POST /api/v1/board/decisions`` and ``/funding/transactions`` (action ``board.write``, Board member
organisations), through the same ``BoardService`` calls: a decision without quorum is refused
(``no-quorum``), as are a vote from a member not present (``not-present``) or an observer
(``observer-cannot-vote``); a disbursement that exceeds what is left of its commitment
(``disbursement-exceeds-commitment``), an expenditure beyond what the fund received
(``expenditure-exceeds-funds``). A decision's details are only its kind's fields (no personal data).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.board.model import DECISION_KINDS, TRANSACTION_TYPES
from custodes.errors import CustodesError, InputError
from custodes.web.deps import AppDep, authorize
from custodes.web.inputs import IdPath
from custodes.web.pagination import MAX_LIMIT
from custodes.web.ui.forms import Fields, Refusal, choice, day, done, refusal, show, text

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Writer = Annotated[Principal, authorize("board.write")]
Reader = Annotated[Principal, authorize("board.read")]
#: every detail field of some decision kind, in a stable order (the form shows each once)
DETAILS = tuple(dict.fromkeys(f for fields in DECISION_KINDS.values() for f in fields))
VOTES = ("yes", "no", "abstain")
TX_TYPES = tuple(str(code) for code in TRANSACTION_TYPES)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def ident(form: Mapping[str, str], name: str, *, required: bool = True) -> str:
    value = text(form, name, max_length=64, required=required)
    if value and not _ID.fullmatch(value):
        raise InputError(f"{value!r} is not an id (letters, digits and . _ : -, at most 64)", field=name)
    return value


# -- decisions -------------------------------------------------------------------------------------------
def _decision_form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any],
                   error: Refusal | None = None) -> HTMLResponse:
    return show(request, "forms/board_decision.html", who, values, error, kinds=tuple(DECISION_KINDS),
                fields_of=DECISION_KINDS, details=DETAILS, members=app.board.members(app.today(), limit=MAX_LIMIT),
                votes=VOTES)


@router.get("/forms/board-decision")
def decision_form(request: Request, app: AppDep, who: Writer) -> HTMLResponse:
    return _decision_form(request, app, who, {"decided_on": app.today().isoformat()})


def attendance(form: Mapping[str, str], members: list[str]) -> tuple[list[str], dict[str, str]]:
    """Who was present (``present-<id>`` ticked) and each one's vote (``vote-<id>``; none is an abstention)."""
    present = [m for m in members if form.get(f"present-{m}")]
    votes = {m: v for m in members if (v := choice(form, f"vote-{m}", VOTES, required=False))}
    return present, votes


@router.post("/forms/board-decision")
def decide(request: Request, app: AppDep, who: Writer, form: Fields) -> Response:
    try:
        decision_id = ident(form, "id")
        kind = choice(form, "kind", tuple(DECISION_KINDS))
        on = day(form, "decided_on", required=False) or app.today()
        present, votes = attendance(form, [m.id for m in app.board.members(limit=MAX_LIMIT)])
        details: dict[str, Any] = {f: text(form, f"detail-{f}", max_length=200) for f in DETAILS
                                   if form.get(f"detail-{f}", "").strip()}
        if isinstance(details.get("strength"), str) and details["strength"].isdigit():
            details["strength"] = int(details["strength"])
        app.board.decide(decision_id, kind, text(form, "title", max_length=200), present, votes, details, on,
                         actor=actor_of(who))
    except CustodesError as e:
        r = refusal(e)
        if r.field in DETAILS:  # the field as the form names it
            r = dataclasses.replace(r, field=f"detail-{r.field}")
        return _decision_form(request, app, who, form, r)
    return done(f"/records/board/decisions/{decision_id}")


@router.get("/records/board/decisions/{decision_id}")
def decision(request: Request, app: AppDep, who: Reader, decision_id: IdPath) -> HTMLResponse:
    return show(request, "records/board_decision.html", who, None, None, d=app.board.decision(decision_id))


# -- funding transactions --------------------------------------------------------------------------------
def _transaction_form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any],
                      error: Refusal | None = None) -> HTMLResponse:
    return show(request, "forms/board_transaction.html", who, values, error, funds=app.board.funds(limit=MAX_LIMIT),
                types=TRANSACTION_TYPES)


@router.get("/forms/board-transaction")
def transaction_form(request: Request, app: AppDep, who: Writer) -> HTMLResponse:
    return _transaction_form(request, app, who, {"currency": "USD", "on": app.today().isoformat()})


@router.post("/forms/board-transaction")
def record_transaction(request: Request, app: AppDep, who: Writer, form: Fields) -> Response:
    try:
        tx_id = ident(form, "id")
        fund = choice(form, "fund", tuple(f[0] for f in app.board.funds(limit=MAX_LIMIT)))
        type_code = int(choice(form, "type", TX_TYPES))
        app.board.record_transaction(
            tx_id, fund, text(form, "donor", max_length=200), type_code, text(form, "amount", max_length=20),
            text(form, "currency", max_length=3).upper(), day(form, "on", required=False),
            ident(form, "commitment", required=False) or None, ident(form, "decision", required=False) or None,
            actor=actor_of(who))
    except CustodesError as e:
        return _transaction_form(request, app, who, form, refusal(e))
    return done(f"/records/board/transactions/{tx_id}")


@router.get("/records/board/transactions/{transaction_id}")
def transaction(request: Request, app: AppDep, who: Reader, transaction_id: IdPath) -> HTMLResponse:
    return show(request, "records/board_transaction.html", who, None, None, tx=app.board.transaction(transaction_id),
                types=TRANSACTION_TYPES)
