"""Council forms: a delegation records its state's vote on a draft whose voting is open; a draft's page.

As the API: a delegation votes only for its own state (the organisation id ends with the state's ISO
alpha-3 code); a vote outside the voting, or from a state not on the Council, is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.council.service import CouncilService
from custodes.errors import CustodesError
from custodes.profiles.model import Vote
from custodes.web.deps import AppDep, authorize
from custodes.web.routers.council import own_state
from custodes.web.ui.forms import Fields, Refusal, choice, done, refusal, show, text

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Voter = Annotated[Principal, authorize("council.vote")]
Reader = Annotated[Principal, authorize("council.read")]
VOTES = tuple(v.value for v in Vote)
SymbolPath = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9/()., -]{0,79}$")]


def _form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any],
          error: Refusal | None = None) -> HTMLResponse:
    drafts = [(d.symbol, f"{d.symbol} · {d.title}") for d in app.council.list_drafts(status="voting_open", limit=100)]
    try:
        state: str | None = own_state(who)
    except CustodesError:
        state = None
    return show(request, "forms/vote.html", who, values, error, drafts=drafts, state=state, votes=VOTES)


@router.get("/forms/vote")
def vote_form(request: Request, app: AppDep, who: Voter, draft: str = "") -> HTMLResponse:
    return _form(request, app, who, {"draft": draft})


@router.post("/forms/vote")
def vote(request: Request, app: AppDep, who: Voter, form: Fields) -> Response:
    try:
        symbol = text(form, "draft", max_length=80)
        choice_ = Vote(choice(form, "vote", VOTES))
        CouncilService(app, actor=actor_of(who)).record_vote(symbol, own_state(who), choice_)
    except CustodesError as e:
        return _form(request, app, who, form, refusal(e))
    return done(f"/records/drafts/{symbol}")


@router.get("/records/drafts/{symbol:path}")
def draft(request: Request, app: AppDep, who: Reader, symbol: SymbolPath) -> HTMLResponse:
    return show(request, "records/draft.html", who, None, None, d=app.council.show(symbol))
