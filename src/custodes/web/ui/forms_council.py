"""Council forms: a delegation tables a draft, opens its voting, records its state's vote and puts the draft
to the vote; a draft's page.

As the API: tabling, opening and closing take ``council.draft``, voting ``council.vote`` (Council
delegations); a delegation votes only for its own state (the organisation id ends with the state's ISO
alpha-3 code); a vote outside the voting, or from a state not on the Council, is refused by name, as are a
draft tabled twice (``draft-exists``), opening a draft that is not tabled (``voting-not-openable``) and
closing a voting that is not open (``not-voting``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.app import Custodes
from custodes.council.delegation import delegation_state
from custodes.errors import CustodesError, InputError
from custodes.profiles.model import Vote
from custodes.web.deps import AppDep, authorize
from custodes.web.ui.forms import Fields, Refusal, choice, done, refusal, show, text

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Voter = Annotated[Principal, authorize("council.vote")]
Reader = Annotated[Principal, authorize("council.read")]
Drafter = Annotated[Principal, authorize("council.draft")]
MATTERS = ("substantive", "procedural")
_SYMBOL = re.compile(r"[A-Za-z0-9][A-Za-z0-9/()., -]{0,79}")
_STATE = re.compile(r"[A-Z]{3}")
VOTES = tuple(v.value for v in Vote)
SymbolPath = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9/()., -]{0,79}$")]


def _form(request: Request, app: Custodes, who: Principal, values: Mapping[str, Any],
          error: Refusal | None = None) -> HTMLResponse:
    drafts = [(d.symbol, f"{d.symbol} · {d.title}") for d in app.council.list_drafts(status="voting_open", limit=100)]
    try:
        state: str | None = delegation_state(who.org)
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
        app.council.record_vote(symbol, delegation_state(who.org), choice_, actor=actor_of(who),
                                delegation=who.org or "")
    except CustodesError as e:
        return _form(request, app, who, form, refusal(e))
    return done(f"/records/drafts/{symbol}")


# -- table a draft, open and close its voting ----------------------------------------------------------
def symbol_of(form: Mapping[str, str], name: str, *, required: bool = True) -> str:
    value = text(form, name, max_length=80, required=required)
    if value and not _SYMBOL.fullmatch(value):
        raise InputError(f"{value!r} is not a document symbol (letters, digits and / ( ) . , -; e.g. S/2026/100)",
                         field=name)
    return value


def parties_of(form: Mapping[str, str]) -> list[str]:
    """Parties to the dispute: ISO 3166 alpha-3 codes separated by commas or spaces."""
    codes = [c.upper() for c in re.split(r"[,\s]+", text(form, "parties", required=False, max_length=100)) if c]
    bad = [c for c in codes if not _STATE.fullmatch(c)]
    if bad:
        raise InputError(f"{', '.join(bad)}: not ISO 3166 alpha-3 codes (e.g. ISR, PSE)", field="parties")
    if len(codes) > 15:
        raise InputError(f"at most 15 parties; got {len(codes)}", field="parties")
    return sorted(set(codes))


@router.get("/forms/draft")
def draft_form(request: Request, app: AppDep, who: Drafter) -> HTMLResponse:
    return show(request, "forms/draft.html", who, {"matter": "substantive"}, None, matters=MATTERS)


@router.post("/forms/draft")
def table(request: Request, app: AppDep, who: Drafter, form: Fields) -> Response:
    try:
        symbol = symbol_of(form, "symbol")
        app.council.table_draft(
            symbol, text(form, "title", max_length=200), actor=actor_of(who), matter=choice(form, "matter", MATTERS),
            chapter_vi=bool(form.get("chapter_vi")), parties=parties_of(form))
    except CustodesError as e:
        return show(request, "forms/draft.html", who, form, refusal(e), matters=MATTERS)
    return done(f"/records/drafts/{symbol}")


def _draft_page(request: Request, app: Custodes, who: Principal, symbol: str, values: Mapping[str, Any] | None = None,
                error: Refusal | None = None) -> HTMLResponse:
    return show(request, "records/draft.html", who, values, error, d=app.council.show(symbol))


@router.post("/records/drafts/{symbol:path}/open")
def open_voting(request: Request, app: AppDep, who: Drafter, symbol: SymbolPath) -> Response:
    try:
        app.council.open_voting(symbol, actor=actor_of(who))
    except CustodesError as e:
        return _draft_page(request, app, who, symbol, None, refusal(e))
    return done(f"/records/drafts/{symbol}")


@router.post("/records/drafts/{symbol:path}/close")
def close_voting(request: Request, app: AppDep, who: Drafter, symbol: SymbolPath, form: Fields) -> Response:
    """Put the draft to the vote: the outcome under Article 27; an adopted draft gets its resolution symbol."""
    try:
        resolution = symbol_of(form, "resolution", required=False) or None
        app.council.put_to_vote(symbol, resolution, actor=actor_of(who))
    except CustodesError as e:
        return _draft_page(request, app, who, symbol, form, refusal(e))
    return done(f"/records/drafts/{symbol}")


@router.get("/records/drafts/{symbol:path}")
def draft(request: Request, app: AppDep, who: Reader, symbol: SymbolPath) -> HTMLResponse:
    return _draft_page(request, app, who, symbol)
