"""Use cases of the Security Council: membership, drafts and votes, resolutions and mandates, power, vetoes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, false, insert, literal, select, union_all, update

from custodes.council.delegation import delegation_state
from custodes.council.mandates import mandate_states, report_dues
from custodes.council.model import (
    DraftStatus,
    MandateAction,
    Outcome,
    apply_action,
    article27,
    check_party_abstains,
    council_size,
)
from custodes.council.results import DraftView, ImportResult, MandateView, Seat, VetoView, WhatIf
from custodes.council.store import (
    council_draft_votes,
    council_drafts,
    council_seats,
    council_vetoes,
    mandate_actions,
    resolution_votes,
    resolutions,
    states,
)
from custodes.council.vetoes import parse_vetoes, replay
from custodes.csvguard import refuse_non_csv
from custodes.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from custodes.ledger.disclosure import publishes
from custodes.mission.store import bodies
from custodes.paging import DEFAULT_LIMIT, Page, check_window
from custodes.profiles.model import Vote
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store, Today, UnitOfWork

if TYPE_CHECKING:
    from custodes.council.power import PowerResult

__all__ = ["CouncilService", "parse_actions"]

publishes("council.draft_tabled", "symbol", "title", "matter", "chapter_vi", "parties", "actions", "tabled_on",
          "status", "exercise")
publishes("council.voting_opened", "symbol", "on")
publishes("council.vote_recorded", "symbol", "state", "vote", "on")
publishes("council.draft_put_to_vote", "symbol", "on", "outcome", "resolution")
publishes("council.resolution_adopted", "symbol", "adopted_on", "matter", "title", "draft", "votes")
publishes("council.mandate_action", "resolution", "body", "action", "on", "until", "add_tasks", "remove_tasks",
          "report_every_months")
publishes("council.veto_imported", "key", "line", "source", "draft", "meeting", "agenda", "voted_on", "vetoed_by")


def parse_actions(raw: Iterable[Mapping[str, Any]], resolution: str, on: dt.date) -> tuple[MandateAction, ...]:
    """Mandate actions from plain dicts ({action, body, until?, add_tasks?, remove_tasks?, ...})."""
    out = []
    for i, a in enumerate(raw):
        until = a.get("until")
        try:
            until_d = dt.date.fromisoformat(str(until)) if until else None
        except ValueError:
            raise InputError(f"{until!r} is not a date (YYYY-MM-DD)", field=f"actions[{i}].until") from None
        if a.get("action") not in ("extend", "amend", "terminate") or not isinstance(a.get("body"), str):
            raise InputError("needs action (extend, amend or terminate) and body", field=f"actions[{i}]")
        every = a.get("report_every_months")
        out.append(MandateAction(resolution, a["body"], a["action"], on, until_d,
                                 tuple(a.get("add_tasks", ())), tuple(a.get("remove_tasks", ())),
                                 int(every) if every else None))
    return tuple(out)


class CouncilService:
    """The Council's use cases on one mission (``app.council``)."""

    def __init__(self, store: Store, today: Today) -> None:
        self.store = store
        self.today = today

    # -- membership ---------------------------------------------------------------------------------
    def members(self, year: int) -> list[Seat]:
        """The Council's seats in a year, permanent members first, with the states' names."""
        with self.store.read() as conn:
            rows = conn.execute(select(council_seats, states.c.name_en, states.c.name_ar).join(
                states, states.c.code == council_seats.c.state).where(council_seats.c.year == year)
                .order_by(council_seats.c.kind.desc(), council_seats.c.state)).all()
        if not rows:
            raise NotFound(f"the Council's membership in {year} is not in this mission's records")
        return [Seat(r.state, r.name_en, r.name_ar, r.kind, r.term_first, r.term_last) for r in rows]

    def members_on(self, day: dt.date | None = None) -> list[Seat]:
        """Who sat on ``day`` (default today; membership runs by calendar year)."""
        return self.members((day or self.today()).year)

    def state_names(self, lang: str) -> dict[str, str]:
        """Member states' names in ``lang`` by ISO 3166-1 alpha-3 code."""
        with self.store.read() as conn:
            return {r.code: (r.name_ar if lang == "ar" else r.name_en) for r in conn.execute(select(states))}

    def _member_codes(self, day: dt.date) -> tuple[list[str], list[str]]:
        seats = self.members_on(day)
        return [s.state for s in seats if s.kind == "permanent"], [s.state for s in seats if s.kind == "elected"]

    # -- drafts and votes ---------------------------------------------------------------------------
    def table_draft(self, symbol: str, title: str, *, actor: str, matter: str = "substantive",
                    chapter_vi: bool = False, parties: Sequence[str] = (), actions: Sequence[Mapping[str, Any]] = (),
                    tabled_on: dt.date | None = None, exercise: bool = False) -> DraftView:
        """Table a draft resolution (status ``tabled``)."""
        day = tabled_on or self.today()
        if matter not in ("substantive", "procedural"):
            raise InputError(f"matter {matter!r} should be substantive or procedural", field="matter")
        parse_actions(actions, symbol, day)  # checks their shape now
        with self.store.write(actor, exercise=exercise) as uow:
            if uow.conn.execute(select(council_drafts.c.symbol).where(council_drafts.c.symbol == symbol)).first():
                raise IllegalTransition("draft-exists", f"draft {symbol} is already tabled")
            row = {"symbol": symbol, "title": title, "matter": matter, "chapter_vi": chapter_vi,
                   "parties": json.dumps(sorted(parties)), "actions": json.dumps(list(actions), default=str),
                   "tabled_on": day, "status": DraftStatus.TABLED.value, "exercise": uow.exercise}
            uow.conn.execute(insert(council_drafts).values(**row))
            uow.append("council.draft_tabled", {**row, "parties": sorted(parties), "actions": list(actions)})
        return self.show(symbol)

    def _draft(self, conn: Connection, symbol: str) -> Any:
        row = conn.execute(select(council_drafts).where(council_drafts.c.symbol == symbol)).first()
        if row is None:
            raise NotFound(f"no draft {symbol}; table it first (custodes council table)")
        return row

    def open_voting(self, symbol: str, *, actor: str) -> DraftView:
        """Open voting on a tabled draft."""
        with self.store.write(actor) as uow:
            d = self._draft(uow.conn, symbol)
            if d.status != DraftStatus.TABLED:
                raise IllegalTransition("voting-not-openable", f"draft {symbol} is {d.status}, not tabled")
            uow.conn.execute(update(council_drafts).where(council_drafts.c.symbol == symbol)
                             .values(status=DraftStatus.VOTING_OPEN.value))
            uow.append("council.voting_opened", {"symbol": symbol, "on": self.today()})
        return self.show(symbol)

    def record_vote(self, symbol: str, state: str, vote: Vote, *, actor: str,
                    delegation: str | None = None) -> DraftView:
        """Record one member's vote; refused once the draft has been put to the vote, or from a non-member.

        ``delegation`` is the voter's organisation when a delegation votes: it may vote for its own state only.
        """
        day = self.today()
        with self.store.write(actor) as uow:
            if delegation is not None and state != (own := delegation_state(delegation)):
                raise PermissionDenied(f"{delegation} votes for {own}, not for {state}")
            d = self._draft(uow.conn, symbol)
            if d.status == DraftStatus.PUT_TO_VOTE:
                raise IllegalTransition("vote-after-close",
                                        f"draft {symbol} was put to the vote on {d.voted_on}; no vote can be added")
            if d.status != DraftStatus.VOTING_OPEN:
                raise IllegalTransition("voting-not-open", f"draft {symbol} is {d.status}; open the voting first")
            permanent, elected = self._member_codes(day)
            if state not in permanent + elected:
                raise IllegalTransition("not-a-member", f"{state} is not a member of the Council on {day}")
            if d.chapter_vi:
                check_party_abstains({state: vote}, json.loads(d.parties))
            uow.conn.execute(council_draft_votes.delete().where(council_draft_votes.c.draft == symbol,
                                                                council_draft_votes.c.state == state))
            uow.conn.execute(insert(council_draft_votes).values(draft=symbol, state=state, vote=vote.value,
                                                                recorded_at=uow.now))
            uow.append("council.vote_recorded", {"symbol": symbol, "state": state, "vote": vote.value, "on": day})
        return self.show(symbol)

    def put_to_vote(self, symbol: str, resolution: str | None = None, *, actor: str) -> DraftView:
        """Close the vote and record the outcome; an adopted draft becomes resolution ``resolution``."""
        day = self.today()
        with self.store.write(actor) as uow:
            c = uow.conn
            d = self._draft(c, symbol)
            if d.status != DraftStatus.VOTING_OPEN:
                raise IllegalTransition("not-voting", f"draft {symbol} is {d.status}; only open voting can be closed")
            permanent, elected = self._member_codes(day)
            votes = self._votes(c, symbol)
            outcome = article27(votes, permanent, d.matter, needed=council_size(day)[1],
                                members=permanent + elected, parties=json.loads(d.parties), chapter_vi=d.chapter_vi)
            res = None
            if outcome.adopted:
                res = resolution or f"resolution of {symbol}"
                self._adopt(uow, res, day, d, {m: votes.get(m, Vote.ABSENT) for m in permanent + elected})
            c.execute(update(council_drafts).where(council_drafts.c.symbol == symbol).values(
                status=DraftStatus.PUT_TO_VOTE.value, voted_on=day, adopted=outcome.adopted, reason=outcome.reason,
                resolution=res))
            uow.append("council.draft_put_to_vote", {"symbol": symbol, "on": day, "outcome": outcome.as_json(),
                                                     "resolution": res})
        return self.show(symbol)

    def _adopt(self, uow: UnitOfWork, symbol: str, day: dt.date, d: Any, votes: Mapping[str, Vote]) -> None:
        c = uow.conn
        if c.execute(select(resolutions.c.symbol).where(resolutions.c.symbol == symbol)).first():
            raise IllegalTransition("resolution-exists", f"resolution {symbol} is already recorded")
        acts = parse_actions(json.loads(d.actions), symbol, day)
        current = mandate_states(c)
        for a in acts:  # checks every action against the mandate as it stands, refusing an ended one
            if a.body not in current:
                raise NotFound(f"no mandate of body {a.body!r} to {a.action}")
            current[a.body] = apply_action(current[a.body], a)
        c.execute(insert(resolutions).values(symbol=symbol, adopted_on=day, title_en=d.title, title_ar=d.title,
                                             matter=d.matter))
        c.execute(insert(resolution_votes), [{"symbol": symbol, "state": s, "vote": v.value}
                                             for s, v in sorted(votes.items())])
        uow.append("council.resolution_adopted", {"symbol": symbol, "adopted_on": day, "matter": d.matter,
                                                  "title": {"en": d.title, "ar": d.title}, "draft": d.symbol,
                                                  "votes": {s: v.value for s, v in sorted(votes.items())}})
        for a in acts:
            row = {"resolution": symbol, "body": a.body, "action": a.action, "on": a.on, "until": a.until,
                   "add_tasks": json.dumps(list(a.add_tasks)), "remove_tasks": json.dumps(list(a.remove_tasks)),
                   "report_every_months": a.report_every_months}
            c.execute(insert(mandate_actions).values(**row))
            uow.append("council.mandate_action", a.as_json())

    @staticmethod
    def _votes(conn: Connection, symbol: str) -> dict[str, Vote]:
        return {s: Vote(v) for s, v in conn.execute(select(council_draft_votes.c.state, council_draft_votes.c.vote)
                                                      .where(council_draft_votes.c.draft == symbol))}

    # -- reading --------------------------------------------------------------------------------------
    def show(self, symbol: str) -> DraftView:
        """A draft (any status) or a resolution, with its votes and outcome under Article 27."""
        with self.store.read() as conn:
            d = conn.execute(select(council_drafts).where(council_drafts.c.symbol == symbol)).first()
            if d is not None:
                votes = self._votes(conn, symbol)
                outcome = None
                if d.status == DraftStatus.PUT_TO_VOTE:
                    permanent, elected = self._member_codes(d.voted_on)
                    outcome = article27(votes, permanent, d.matter, needed=council_size(d.voted_on)[1],
                                        members=permanent + elected)
                return DraftView(d.symbol, d.title, d.matter, d.status, d.tabled_on, d.voted_on, d.chapter_vi,
                                 tuple(json.loads(d.parties)), tuple(sorted((k, v.value) for k, v in votes.items())),
                                 outcome, d.resolution, tuple(json.loads(d.actions)))
            r = conn.execute(select(resolutions).where(resolutions.c.symbol == symbol)).first()
            if r is None:
                raise NotFound(f"no draft or resolution {symbol}")
            rv = {s: Vote(v) for s, v in conn.execute(select(resolution_votes.c.state, resolution_votes.c.vote)
                                                        .where(resolution_votes.c.symbol == symbol))}
        permanent, elected = self._member_codes(r.adopted_on)
        outcome = article27(rv, permanent, r.matter, needed=council_size(r.adopted_on)[1],
                            members=permanent + elected)
        return DraftView(r.symbol, r.title_en, r.matter, "adopted", r.adopted_on, r.adopted_on, False, (),
                         tuple(sorted((k, v.value) for k, v in rv.items())), outcome, r.symbol)

    def list_drafts(self, *, status: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                    offset: int = 0) -> Page[DraftView]:
        """Resolutions and drafts, newest first; ``status`` filters (adopted, tabled, voting_open, put_to_vote),
        ``exercise`` too (the profile's resolutions are real)."""
        adopted = select(resolutions.c.adopted_on.label("on"), resolutions.c.symbol.label("symbol"),
                         literal("adopted").label("status"), false().label("exercise"))
        tabled = select(council_drafts.c.tabled_on, council_drafts.c.symbol, council_drafts.c.status,
                        council_drafts.c.exercise)
        every = union_all(adopted, tabled).subquery()
        q = select(every.c.symbol).order_by(every.c.on.desc(), every.c.symbol.desc(), every.c.status.desc())
        if status is not None:
            q = q.where(every.c.status == status)
        if exercise is not None:
            q = q.where(every.c.exercise.is_(exercise))
        with self.store.read() as conn:
            found = fetch_page(conn, q, limit=limit, offset=offset)
        return found.map(lambda r: self.show(r.symbol))

    def what_if(self, symbol: str, changes: Mapping[str, Vote]) -> WhatIf:
        """The recorded vote recomputed with some members' votes changed (nothing is written)."""
        view = self.show(symbol)
        if view.voted_on is None or view.outcome is None:
            raise IllegalTransition("not-voted", f"{symbol} has not been put to the vote yet")
        permanent, elected = self._member_codes(view.voted_on)
        members = permanent + elected
        for s in changes:
            if s not in members:
                raise InputError(f"{s} was not a member of the Council on {view.voted_on}", field="--set")
        votes = {s: Vote(v) for s, v in view.votes} | dict(changes)
        changed = article27(votes, permanent, view.matter, needed=view.outcome.needed, members=members,
                            parties=view.parties, chapter_vi=view.chapter_vi)
        return WhatIf(symbol, tuple(sorted((k, v.value) for k, v in changes.items())), view.outcome, changed)

    def mandates(self, on: dt.date | None = None, *, in_force_only: bool = False, limit: int = DEFAULT_LIMIT,
                 offset: int = 0) -> Page[MandateView]:
        """Each body's mandate as it stands on ``on`` (default today): in force?, days to expiry, report dues.

        A mandate is the fold of its resolution and every later action, one per mandated body of the profile: the
        page is cut from that fold (the database holds no row per mandate as it stands)."""
        check_window(limit, offset)
        day = on or self.today()
        with self.store.read() as conn:
            states_ = mandate_states(conn, until=day)
            names = {b.id: b.name_en for b in conn.execute(select(bodies.c.id, bodies.c.name_en))}
        views = [MandateView(s, names.get(b, b), day, s.in_force(day), s.days_to_expiry(day), report_dues(s))
                 for b, s in sorted(states_.items())]
        chosen = [v for v in views if v.in_force or not in_force_only]
        return Page(tuple(chosen[offset:offset + limit]), len(chosen), limit, offset)

    def power(self, year: int | None = None, *, exact: bool = True) -> PowerResult:
        """Shapley-Shubik and Banzhaf indices of the Council of ``year`` under Article 27 (substantive)."""
        from custodes.council.power import power_indices, security_council  # numpy: only here

        seats = self.members(year or self.today().year)
        game = security_council([s.state for s in seats if s.kind == "permanent"],
                                [s.state for s in seats if s.kind == "elected"])
        return power_indices(game, exact=exact)

    # -- the public veto list ---------------------------------------------------------------------------
    def import_vetoes(self, path: Path, *, actor: str) -> ImportResult:
        """Import the veto list; a second import adds nothing. Bad rows are refused by line and field."""
        try:
            raw = path.read_bytes()
            refuse_non_csv(raw[:64], str(path))
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot be read: {exc}", source=str(path)) from None
        rows = parse_vetoes(text, path.name)
        added = 0
        with self.store.write(actor) as uow:
            known = {k for (k,) in uow.conn.execute(select(council_vetoes.c.key))}
            for r in rows:
                if r.key in known:
                    continue
                rec = {"key": r.key, "line": r.line, "draft": r.draft, "voted_on": r.voted_on,
                       "meeting": r.meeting, "agenda": r.agenda, "vetoed_by": ",".join(r.vetoed_by),
                       "source": path.name}
                uow.conn.execute(insert(council_vetoes).values(**rec))
                uow.append("council.veto_imported", {**rec, "vetoed_by": list(r.vetoed_by)})
                known.add(r.key)
                added += 1
        return ImportResult(path.name, len(rows), added, len(rows) - added)

    def vetoes(self, *, member: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
               offset: int = 0) -> Page[VetoView]:
        """Recorded vetoes by date, optionally those cast by one member. The imported list is real (public)
        record: asked for exercise records only, it is empty."""
        q = select(council_vetoes).order_by(council_vetoes.c.voted_on, council_vetoes.c.line)
        if member is not None:
            q = q.where((literal(",") + council_vetoes.c.vetoed_by + literal(","))
                        .contains(f",{member},", autoescape=True))
        if exercise:
            q = q.where(false())
        with self.store.read() as conn:
            found = fetch_page(conn, q, limit=limit, offset=offset)
        return found.map(lambda r: VetoView(r.draft, r.voted_on, r.meeting, r.agenda, tuple(r.vetoed_by.split(",")),
                                            r.line))

    def replay_vetoes(self, *, member: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                      offset: int = 0) -> Page[tuple[VetoView, Outcome]]:
        """Imported vetoes (a page of :meth:`vetoes`) replayed under Article 27 (vetoing members no, the others
        yes)."""
        found = self.vetoes(member=member, exercise=exercise, limit=limit, offset=offset)
        return found.map(lambda v: (v, replay(v.voted_on, v.vetoed_by)))
