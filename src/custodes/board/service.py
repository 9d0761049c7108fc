"""Use cases of the Board of Peace: members, decisions, funding, reports owed to the Security Council.

Each write takes the journal's ``actor`` and whether its records are ``exercise`` data; the exercise generator
writes through the ``*_in(uow, ...)`` variants, in one unit of work of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, insert, or_, select, update

from custodes.board import funding
from custodes.board.model import TRANSACTION_TYPES, DecisionRule, check_details, decide, flow_of
from custodes.board.reports_owed import reports_owed
from custodes.board.results import Decision, FundingTotal, Member, OverdueReports, ReportDue, Transaction
from custodes.board.settings import BoardSettings
from custodes.board.store import board_decisions, board_funds, board_members, board_reports, funding_transactions
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.ledger.disclosure import publishes
from custodes.mission.store import bodies
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store, Today, UnitOfWork

__all__ = ["BoardService"]

publishes("board.member_appointed", "id", "seat", "role", "represents", "start", "end", "exercise")
publishes("board.term_ended", "id", "end")
publishes("board.decision", "id", "kind", "title", "decided_on", "present", "votes", "adopted", "reason", "details",
          "exercise")
publishes("board.fund_opened", "id", "name", "manager", "exercise")
publishes("board.funding_transaction", "id", "fund", "decision", "type", "type_name", "on", "amount", "currency",
          "donor", "commitment", "exercise")
publishes("board.report_submitted", "body", "due_on", "submitted_on", "content_sha256", "submitted_by")

BOARD = "board-of-peace"
SHA256 = re.compile(r"^(sha256:)?[0-9a-f]{64}$")


def _member(r: Row[Any]) -> Member:
    return Member(r.id, r.role, r.seat, r.represents, r.start, r.end, r.exercise)


def _decision(r: Row[Any]) -> Decision:
    return Decision(r.id, r.kind, r.title, r.decided_on, tuple(json.loads(r.present)),
                    tuple(json.loads(r.votes).items()), r.adopted, r.reason, json.loads(r.details), r.exercise)


def _serving(conn: Connection, on: dt.date) -> list[Member]:
    """Every member serving on ``on`` (the Board's rule counts them all)."""
    q = select(board_members).where(board_members.c.start <= on, or_(board_members.c.end.is_(None),
                                                                     board_members.c.end >= on))
    return [_member(r) for r in conn.execute(q.order_by(board_members.c.start, board_members.c.id))]


class BoardService:
    """The Board's use cases on one mission (``app.board``)."""

    def __init__(self, store: Store, today: Today, settings: BoardSettings) -> None:
        self.store = store
        self.today = today
        self.settings = settings

    def rule(self) -> DecisionRule:
        """The decision rule from the profile's settings ``board.quorum_share``, ``board.casting_vote`` and
        ``board.majority_of``."""
        return self.settings.rule

    # -- members --------------------------------------------------------------------------------------
    def appoint(self, member_id: str, role: str, seat: str, represents: str, start: dt.date,
                end: dt.date | None = None, *, actor: str, exercise: bool = False) -> Member:
        """Add a member by role and office (no personal data); one chair at a time."""
        with self.store.write(actor, exercise=exercise) as uow:
            return self.appoint_in(uow, member_id, role, seat, represents, start, end)

    def appoint_in(self, uow: UnitOfWork, member_id: str, role: str, seat: str, represents: str, start: dt.date,
                   end: dt.date | None = None) -> Member:
        """:meth:`appoint` in the caller's unit of work."""
        if role not in ("chair", "member", "observer"):
            raise InputError(f"role {role!r} should be chair, member or observer", field="role")
        if end is not None and end < start:
            raise InputError(f"dates out of order: end {end} before start {start}", field="end")
        if uow.conn.execute(select(board_members.c.id).where(board_members.c.id == member_id)).first():
            raise IllegalTransition("member-exists", f"board member {member_id} is already recorded")
        if role == "chair":
            for r in uow.conn.execute(select(board_members).where(board_members.c.role == "chair")):
                if r.start <= (end or dt.date.max) and start <= (r.end or dt.date.max):
                    raise IllegalTransition("two-chairs", f"{r.id} chairs the Board from {r.start} to "
                                            f"{r.end or 'open'}; end that term first")
        row = {"id": member_id, "role": role, "seat": seat, "represents": represents, "start": start,
               "end": end, "exercise": uow.exercise}
        uow.conn.execute(insert(board_members).values(**row))
        uow.append("board.member_appointed", row)
        return Member(member_id, role, seat, represents, start, end, uow.exercise)

    def end_term(self, member_id: str, end: dt.date, *, actor: str) -> Member:
        """End a Board member's term on a day."""
        with self.store.write(actor) as uow:
            r = uow.conn.execute(select(board_members).where(board_members.c.id == member_id)).first()
            if r is None:
                raise NotFound(f"no board member {member_id}")
            if (r.end is not None and r.end < end) or end < r.start:
                raise IllegalTransition("term-ended", f"{member_id} serves {r.start} to {r.end}; cannot end on {end}")
            uow.conn.execute(update(board_members).where(board_members.c.id == member_id).values(end=end))
            uow.append("board.term_ended", {"id": member_id, "end": end})
        return Member(r.id, r.role, r.seat, r.represents, r.start, end, r.exercise)

    def members(self, on: dt.date | None = None, *, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                offset: int = 0) -> Page[Member]:
        """Members serving on ``on`` (all ever appointed when None), by start and id."""
        q = select(board_members).order_by(board_members.c.start, board_members.c.id)
        if on is not None:
            q = q.where(board_members.c.start <= on, or_(board_members.c.end.is_(None), board_members.c.end >= on))
        if exercise is not None:
            q = q.where(board_members.c.exercise.is_(exercise))
        with self.store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(_member)

    # -- decisions ------------------------------------------------------------------------------------
    def decide(self, decision_id: str, kind: str, title: str, present: Sequence[str], votes: Mapping[str, str],
               details: Mapping[str, Any] | None = None, decided_on: dt.date | None = None, *, actor: str,
               exercise: bool = False) -> Decision:
        """Record a decision under the Board's rule; refused without quorum, never half-written."""
        with self.store.write(actor, exercise=exercise) as uow:
            return self.decide_in(uow, decision_id, kind, title, present, votes, details, decided_on)

    def decide_in(self, uow: UnitOfWork, decision_id: str, kind: str, title: str, present: Sequence[str],
                  votes: Mapping[str, str], details: Mapping[str, Any] | None = None,
                  decided_on: dt.date | None = None) -> Decision:
        """:meth:`decide` in the caller's unit of work."""
        day = decided_on or self.today()
        info = check_details(kind, details or {})
        c = uow.conn
        serving = _serving(c, day)
        voting = [m.id for m in serving if m.role in ("chair", "member")]
        observers = [m.id for m in serving if m.role == "observer"]
        chair = next((m.id for m in serving if m.role == "chair"), None)
        unknown = sorted(set(present) - {m.id for m in serving})
        if unknown:
            raise IllegalTransition("not-a-member", f"{', '.join(unknown)} did not serve on the Board on {day}")
        outcome = decide(self.rule(), voting, chair, list(present), dict(votes), observers)
        if c.execute(select(board_decisions.c.id).where(board_decisions.c.id == decision_id)).first():
            raise IllegalTransition("decision-exists", f"decision {decision_id} is already recorded")
        if kind == "funding" and not c.execute(select(board_funds.c.id)
                                               .where(board_funds.c.id == info.get("fund"))).first():
            raise NotFound(f"no fund {info.get('fund')!r}; open it first (custodes board fund-open)")
        row = {"id": decision_id, "kind": kind, "title": title, "decided_on": day,
               "present": json.dumps(sorted(present)), "votes": json.dumps(dict(sorted(votes.items()))),
               "adopted": outcome.adopted, "reason": outcome.reason, "details": json.dumps(info),
               "exercise": uow.exercise}
        c.execute(insert(board_decisions).values(**row))
        uow.append("board.decision", {**row, "present": sorted(present), "votes": dict(sorted(votes.items())),
                                      "details": info})
        return Decision(decision_id, kind, title, day, tuple(sorted(present)), tuple(sorted(votes.items())),
                        outcome.adopted, outcome.reason, info, uow.exercise)

    def decisions(self, *, kind: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                  offset: int = 0) -> Page[Decision]:
        """Board decisions, newest first, optionally of one kind."""
        q = select(board_decisions).order_by(board_decisions.c.decided_on.desc(), board_decisions.c.id)
        if kind:
            q = q.where(board_decisions.c.kind == kind)
        if exercise is not None:
            q = q.where(board_decisions.c.exercise.is_(exercise))
        with self.store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(_decision)

    def decision(self, decision_id: str) -> Decision:
        """One Board decision by id."""
        with self.store.read() as conn:
            r = conn.execute(select(board_decisions).where(board_decisions.c.id == decision_id)).first()
        if r is None:
            raise NotFound(f"no Board decision {decision_id}")
        return _decision(r)

    # -- funding --------------------------------------------------------------------------------------
    def funds(self, *, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
              offset: int = 0) -> Page[tuple[str, str, str]]:
        """Funds as (id, name, manager), by id."""
        q = select(board_funds).order_by(board_funds.c.id)
        if exercise is not None:
            q = q.where(board_funds.c.exercise.is_(exercise))
        with self.store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(lambda r: (r.id, r.name, r.manager))

    def transaction(self, tx_id: str) -> Transaction:
        """One funding transaction by id."""
        with self.store.read() as conn:
            r = conn.execute(select(funding_transactions).where(funding_transactions.c.id == tx_id)).first()
        if r is None:
            raise NotFound(f"no funding transaction {tx_id}")
        return funding.transaction_of(r)

    def open_fund(self, fund_id: str, name: str, manager: str, *, actor: str, exercise: bool = False) -> None:
        """Open a fund with its name and manager (once)."""
        with self.store.write(actor, exercise=exercise) as uow:
            self.open_fund_in(uow, fund_id, name, manager)

    def open_fund_in(self, uow: UnitOfWork, fund_id: str, name: str, manager: str) -> None:
        """:meth:`open_fund` in the caller's unit of work."""
        if uow.conn.execute(select(board_funds.c.id).where(board_funds.c.id == fund_id)).first():
            raise IllegalTransition("fund-exists", f"fund {fund_id} is already open")
        row = {"id": fund_id, "name": name, "manager": manager, "exercise": uow.exercise}
        uow.conn.execute(insert(board_funds).values(**row))
        uow.append("board.fund_opened", row)

    def record_transaction(self, tx_id: str, fund: str, donor: str, type_code: int, amount: Decimal | str,
                           currency: str = "USD", on: dt.date | None = None, commitment: str | None = None,
                           decision: str | None = None, *, actor: str, exercise: bool = False) -> Transaction:
        """A pledge, commitment, disbursement or expenditure (IATI codes 1, 2, 3, 4, 11, 12, 13).

        A disbursement (1 or 3) draws on a commitment (2 or 11) of the same donor, fund and currency and
        may not exceed what is left of it; an expenditure (4) may not exceed what the fund has received.
        """
        with self.store.write(actor, exercise=exercise) as uow:
            return self.record_transaction_in(uow, tx_id, fund, donor, type_code, amount, currency, on, commitment,
                                              decision)

    def record_transaction_in(self, uow: UnitOfWork, tx_id: str, fund: str, donor: str, type_code: int,
                              amount: Decimal | str, currency: str = "USD", on: dt.date | None = None,
                              commitment: str | None = None, decision: str | None = None) -> Transaction:
        """:meth:`record_transaction` in the caller's unit of work."""
        flow = flow_of(type_code)
        value = funding.check_amount(amount)
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise InputError(f"{currency!r} is not an ISO 4217 code", field="currency")
        day = on or self.today()
        c = uow.conn
        if c.execute(select(funding_transactions.c.id).where(funding_transactions.c.id == tx_id)).first():
            raise IllegalTransition("transaction-exists", f"transaction {tx_id} is already recorded")
        if not c.execute(select(board_funds.c.id).where(board_funds.c.id == fund)).first():
            raise NotFound(f"no fund {fund!r}; open it first (custodes board fund-open)")
        if decision and not c.execute(select(board_decisions.c.id).where(board_decisions.c.id == decision)).first():
            raise NotFound(f"no Board decision {decision!r}")
        if flow == "disbursed":
            funding.check_disbursement(c, tx_id, fund, donor, currency, value, commitment)
        elif commitment is not None:
            raise InputError("only a disbursement (1 or 3) draws on a commitment", field="commitment")
        if flow == "spent":
            got = funding.fund_sum(c, fund, currency, (1, 3))
            spent = funding.fund_sum(c, fund, currency, (4,))
            if spent + value > got:
                raise IllegalTransition("expenditure-exceeds-funds",
                                        f"fund {fund} has received {got} {currency} and spent {spent}; "
                                        f"{value} more is too much")
        row = {"id": tx_id, "fund": fund, "donor": donor, "type": type_code, "amount": value,
               "currency": currency, "on": day, "commitment": commitment, "decision": decision,
               "exercise": uow.exercise}
        c.execute(insert(funding_transactions).values(**row))
        uow.append("board.funding_transaction", {**row, "type_name": TRANSACTION_TYPES[type_code]})
        return Transaction(tx_id, fund, donor, type_code, value, currency, day, commitment, decision, uow.exercise)

    def transactions(self, *, donor: str | None = None, fund: str | None = None, exercise: bool | None = None,
                     limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page[Transaction]:
        """Funding transactions by date, optionally of one donor or fund."""
        q = funding.transactions_query(donor=donor, fund=fund, exercise=exercise)
        with self.store.read() as conn:
            return fetch_page(conn, q, limit=limit, offset=offset).map(funding.transaction_of)

    def every_transaction(self, *, exercise: bool | None = None, per: int = 1000) -> Iterator[Transaction]:
        """Every funding transaction by date, read ``per`` at a time (for an export that streams them all)."""
        offset = 0
        while True:
            found = self.transactions(exercise=exercise, limit=per, offset=offset)
            yield from found
            offset += len(found)
            if not found.items or offset >= found.total:
                return

    def totals(self, *, by_fund: bool = False, exercise: bool | None = None) -> list[FundingTotal]:
        """Pledged vs committed vs disbursed (and spent) per donor (and fund) and currency."""
        with self.store.read() as conn:
            return funding.totals(conn, by_fund=by_fund, exercise=exercise)

    # -- reports owed to the Council ------------------------------------------------------------------
    def report_schedule(self, on: dt.date | None = None, body: str = BOARD) -> list[ReportDue]:
        """Each report due under the mandate (as extended or amended), with status due/submitted/overdue."""
        day = on or self.today()
        with self.store.read() as conn:
            schedule = reports_owed(conn, day).get(body)
        if schedule is None:
            raise NotFound(f"no mandate of {body}")
        return schedule

    def overdue_reports(self, lang: str = "en", on: dt.date | None = None, body: str = BOARD) -> OverdueReports:
        """The reports ``body`` owes the Council: due before ``on`` (today) and not submitted."""
        with self.store.read() as conn:
            r = conn.execute(select(bodies.c.name_en, bodies.c.name_ar).where(bodies.c.id == body)).first()
        name = body if r is None else (r.name_ar if lang == "ar" else r.name_en)
        due = tuple(r.due_on for r in self.report_schedule(on, body) if r.status == "overdue")
        return OverdueReports(body, name, due)

    def mark_report_submitted(self, due_on: dt.date, content_sha256: str, submitted_on: dt.date | None = None,
                              body: str = BOARD, *, actor: str) -> ReportDue:
        """Record that the report due on ``due_on`` was submitted, with the SHA-256 of its content."""
        if not SHA256.match(content_sha256):
            raise InputError("should be a SHA-256 in hex (optionally prefixed sha256:)", field="content_sha256")
        digest = content_sha256 if content_sha256.startswith("sha256:") else "sha256:" + content_sha256
        day = submitted_on or self.today()
        if day > self.today():
            raise InputError(f"submission date {day} is in the future", field="submitted_on")
        with self.store.write(actor) as uow:
            schedule = reports_owed(uow.conn, day).get(body)
            if schedule is None:
                raise NotFound(f"no mandate of {body}")
            if due_on not in {r.due_on for r in schedule}:
                raise NotFound(f"no report of {body} is due on {due_on}")
            if uow.conn.execute(select(board_reports.c.due_on).where(
                    board_reports.c.body == body, board_reports.c.due_on == due_on)).first():
                raise IllegalTransition("report-submitted", f"the report due on {due_on} is already submitted")
            row = {"body": body, "due_on": due_on, "submitted_on": day, "content_sha256": digest,
                   "submitted_by": uow.actor}
            uow.conn.execute(insert(board_reports).values(**row))
            uow.append("board.report_submitted", row)
        return next(r for r in self.report_schedule(day, body) if r.due_on == due_on)

    def has_exercise(self) -> bool:
        """Whether any Board record is exercise data."""
        with self.store.read() as conn:
            return any(conn.execute(select(t.c.id).where(t.c.exercise.is_(True)).limit(1)).first()
                       for t in (board_members, board_funds, board_decisions, funding_transactions))
