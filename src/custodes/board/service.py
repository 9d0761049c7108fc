"""Use cases of the Board of Peace: members, decisions, funding, reports owed to the Security Council."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, func, insert, select, update

from custodes.board.model import TRANSACTION_TYPES, DecisionRule, check_details, decide, flow_of
from custodes.board.results import Decision, FundingTotal, Member, OverdueReports, ReportDue, Transaction
from custodes.board.store import board_decisions, board_funds, board_members, board_reports, funding_transactions
from custodes.council.service import mandate_states, report_dues
from custodes.errors import ConfigError, IllegalTransition, InputError, NotFound
from custodes.ledger.disclosure import publishes

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["BoardService", "reports_owed"]

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


def reports_owed(conn: Connection, on: dt.date) -> dict[str, list[ReportDue]]:
    """Each mandated body's reports to the Council as of ``on``: due, submitted or overdue (due before ``on``
    and not submitted). Submissions are real records only: the exercise generator submits none."""
    done: dict[str, dict[dt.date, Any]] = defaultdict(dict)
    for row in conn.execute(select(board_reports)):
        done[row.body][row.due_on] = row
    out: dict[str, list[ReportDue]] = {}
    for body, state in mandate_states(conn).items():
        rows = out[body] = []
        for due in report_dues(state):
            r = done[body].get(due)
            status = "submitted" if r else ("overdue" if due < on else "due")
            rows.append(ReportDue(body, due, status, (due - on).days, r.submitted_on if r else None,
                                  r.content_sha256 if r else None))
    return out


class BoardService:
    """The Board's use cases on one mission (``app.board``)."""

    def __init__(self, app: Custodes, *, exercise: bool = False, actor: str | None = None) -> None:
        self.app = app
        self.exercise = exercise  # records written through this service are exercise data
        self._actor = actor  # who the journal names (default: the settings' actor, e.g. the CLI's)

    @property
    def actor(self) -> str:
        """The journal actor of this service's writes."""
        return self._actor or self.app.settings.actor

    def _write(self) -> Any:
        return self.app.store.write(self.actor, exercise=self.exercise)

    def rule(self) -> DecisionRule:
        """The decision rule from the profile's settings ``board.quorum_share`` and ``board.casting_vote``."""
        p = self.app.profile
        try:
            share = Fraction(str(p.setting("board.quorum_share", "0.5")))
        except (ValueError, ZeroDivisionError):
            raise ConfigError("profile setting board.quorum_share should be a share such as 0.5") from None
        casting = str(p.setting("board.casting_vote", "chair"))
        majority = str(p.setting("board.majority_of", "present"))
        if not 0 <= share < 1 or casting not in ("chair", "none") or majority not in ("present", "cast"):
            raise ConfigError("board settings: quorum_share in [0, 1), casting_vote chair|none, "
                              "majority_of present|cast")
        return DecisionRule(share, casting, majority)

    # -- members --------------------------------------------------------------------------------------
    def appoint(self, member_id: str, role: str, seat: str, represents: str, start: dt.date,
                end: dt.date | None = None) -> Member:
        """Add a member by role and office (no personal data); one chair at a time."""
        if role not in ("chair", "member", "observer"):
            raise InputError(f"role {role!r} should be chair, member or observer", field="role")
        if end is not None and end < start:
            raise InputError(f"dates out of order: end {end} before start {start}", field="end")
        with self._write() as uow:
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

    def end_term(self, member_id: str, end: dt.date) -> Member:
        """End a Board member's term on a day."""
        with self._write() as uow:
            r = uow.conn.execute(select(board_members).where(board_members.c.id == member_id)).first()
            if r is None:
                raise NotFound(f"no board member {member_id}")
            if (r.end is not None and r.end < end) or end < r.start:
                raise IllegalTransition("term-ended", f"{member_id} serves {r.start} to {r.end}; cannot end on {end}")
            uow.conn.execute(update(board_members).where(board_members.c.id == member_id).values(end=end))
            uow.append("board.term_ended", {"id": member_id, "end": end})
        return Member(r.id, r.role, r.seat, r.represents, r.start, end, r.exercise)

    def members(self, on: dt.date | None = None) -> list[Member]:
        """Members serving on ``on`` (all ever appointed when None)."""
        with self.app.store.read() as conn:
            rows = conn.execute(select(board_members).order_by(board_members.c.start, board_members.c.id)).all()
        out = [Member(r.id, r.role, r.seat, r.represents, r.start, r.end, r.exercise) for r in rows]
        return [m for m in out if on is None or m.serves(on)]

    # -- decisions ------------------------------------------------------------------------------------
    def decide(self, decision_id: str, kind: str, title: str, present: Sequence[str], votes: Mapping[str, str],
               details: Mapping[str, Any] | None = None, decided_on: dt.date | None = None) -> Decision:
        """Record a decision under the Board's rule; refused without quorum, never half-written."""
        day = decided_on or self.app.today()
        info = check_details(kind, details or {})
        serving = self.members(day)
        voting = [m.id for m in serving if m.role in ("chair", "member")]
        observers = [m.id for m in serving if m.role == "observer"]
        chair = next((m.id for m in serving if m.role == "chair"), None)
        unknown = sorted(set(present) - {m.id for m in serving})
        if unknown:
            raise IllegalTransition("not-a-member", f"{', '.join(unknown)} did not serve on the Board on {day}")
        outcome = decide(self.rule(), voting, chair, list(present), dict(votes), observers)
        with self._write() as uow:
            c = uow.conn
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

    def decisions(self, *, kind: str | None = None, limit: int = 50, offset: int = 0) -> list[Decision]:
        """Board decisions, newest first, optionally of one kind."""
        q = select(board_decisions).order_by(board_decisions.c.decided_on.desc(), board_decisions.c.id)
        if kind:
            q = q.where(board_decisions.c.kind == kind)
        return self._decisions(q.limit(limit).offset(offset))

    def _decisions(self, q: Select[Any]) -> list[Decision]:
        with self.app.store.read() as conn:
            rows = conn.execute(q).all()
        return [Decision(r.id, r.kind, r.title, r.decided_on, tuple(json.loads(r.present)),
                         tuple(json.loads(r.votes).items()), r.adopted, r.reason, json.loads(r.details), r.exercise)
                for r in rows]

    def decision(self, decision_id: str) -> Decision:
        """One Board decision by id."""
        found = self._decisions(select(board_decisions).where(board_decisions.c.id == decision_id))
        if not found:
            raise NotFound(f"no Board decision {decision_id}")
        return found[0]

    # -- funding --------------------------------------------------------------------------------------
    def funds(self) -> list[tuple[str, str, str]]:
        """Every fund as (id, name, manager), by id."""
        with self.app.store.read() as conn:
            return [(r.id, r.name, r.manager) for r in conn.execute(select(board_funds).order_by(board_funds.c.id))]

    def transaction(self, tx_id: str) -> Transaction:
        """One funding transaction by id."""
        with self.app.store.read() as conn:
            r = conn.execute(select(funding_transactions).where(funding_transactions.c.id == tx_id)).first()
        if r is None:
            raise NotFound(f"no funding transaction {tx_id}")
        return Transaction(r.id, r.fund, r.donor, r.type, Decimal(str(r.amount)).quantize(Decimal("0.01")),
                           r.currency, r.on, r.commitment, r.decision, r.exercise)

    def open_fund(self, fund_id: str, name: str, manager: str) -> None:
        """Open a fund with its name and manager (once)."""
        with self._write() as uow:
            if uow.conn.execute(select(board_funds.c.id).where(board_funds.c.id == fund_id)).first():
                raise IllegalTransition("fund-exists", f"fund {fund_id} is already open")
            row = {"id": fund_id, "name": name, "manager": manager, "exercise": uow.exercise}
            uow.conn.execute(insert(board_funds).values(**row))
            uow.append("board.fund_opened", row)

    def record_transaction(self, tx_id: str, fund: str, donor: str, type_code: int, amount: Decimal | str,
                           currency: str = "USD", on: dt.date | None = None, commitment: str | None = None,
                           decision: str | None = None) -> Transaction:
        """A pledge, commitment, disbursement or expenditure (IATI codes 1, 2, 3, 4, 11, 12, 13).

        A disbursement (1 or 3) draws on a commitment (2 or 11) of the same donor, fund and currency and
        may not exceed what is left of it; an expenditure (4) may not exceed what the fund has received.
        """
        flow = flow_of(type_code)
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            raise InputError(f"{amount!r} is not an amount", field="amount") from None
        if not value.is_finite() or value <= 0 or value >= Decimal(10) ** 16:
            raise InputError(f"{amount} should be a positive amount below 10^16", field="amount")
        if value != value.quantize(Decimal("0.01")):
            raise InputError(f"{amount} should be a positive amount with at most 2 decimals", field="amount")
        value = value.quantize(Decimal("0.01"))
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise InputError(f"{currency!r} is not an ISO 4217 code", field="currency")
        day = on or self.app.today()
        with self._write() as uow:
            c = uow.conn
            if c.execute(select(funding_transactions.c.id).where(funding_transactions.c.id == tx_id)).first():
                raise IllegalTransition("transaction-exists", f"transaction {tx_id} is already recorded")
            if not c.execute(select(board_funds.c.id).where(board_funds.c.id == fund)).first():
                raise NotFound(f"no fund {fund!r}; open it first (custodes board fund-open)")
            if decision and not c.execute(select(board_decisions.c.id).where(board_decisions.c.id == decision)).first():
                raise NotFound(f"no Board decision {decision!r}")
            if flow == "disbursed":
                self._check_disbursement(c, tx_id, fund, donor, currency, value, commitment)
            elif commitment is not None:
                raise InputError("only a disbursement (1 or 3) draws on a commitment", field="commitment")
            if flow == "spent":
                got = self._sum(c, fund, currency, (1, 3))
                spent = self._sum(c, fund, currency, (4,))
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

    @staticmethod
    def _sum(c: Connection, fund: str, currency: str, types: tuple[int, ...]) -> Decimal:
        total = c.execute(select(func.coalesce(func.sum(funding_transactions.c.amount), 0)).where(
            funding_transactions.c.fund == fund, funding_transactions.c.currency == currency,
            funding_transactions.c.type.in_(types))).scalar_one()
        return Decimal(str(total))

    @staticmethod
    def _check_disbursement(c: Connection, tx_id: str, fund: str, donor: str, currency: str, value: Decimal,
                            commitment: str | None) -> None:
        if commitment is None:
            raise InputError("a disbursement names the commitment it draws on", field="commitment")
        com = c.execute(select(funding_transactions).where(funding_transactions.c.id == commitment)).first()
        if com is None or com.type not in (2, 11):
            raise NotFound(f"no commitment {commitment!r} (IATI type 2 or 11)")
        if (com.fund, com.donor, com.currency) != (fund, donor, currency):
            raise InputError(f"commitment {commitment} is {com.donor} to {com.fund} in {com.currency}",
                             field="commitment")
        drawn = Decimal(str(c.execute(select(func.coalesce(func.sum(funding_transactions.c.amount), 0)).where(
            funding_transactions.c.commitment == commitment)).scalar_one()))
        left = Decimal(str(com.amount)) - drawn
        if value > left:
            raise IllegalTransition("disbursement-exceeds-commitment",
                                    f"{tx_id}: {value} {currency} is more than the {left} {currency} left of "
                                    f"commitment {commitment} ({com.amount} committed, {drawn} disbursed)")

    def transactions(self, *, donor: str | None = None, fund: str | None = None, limit: int = 100,
                     offset: int = 0) -> list[Transaction]:
        """Funding transactions by date, optionally of one donor or fund."""
        q = select(funding_transactions).order_by(funding_transactions.c.on, funding_transactions.c.id)
        if donor:
            q = q.where(funding_transactions.c.donor == donor)
        if fund:
            q = q.where(funding_transactions.c.fund == fund)
        with self.app.store.read() as conn:
            rows = conn.execute(q.limit(limit).offset(offset)).all()
        return [Transaction(r.id, r.fund, r.donor, r.type, Decimal(str(r.amount)).quantize(Decimal("0.01")),
                            r.currency, r.on, r.commitment, r.decision, r.exercise) for r in rows]

    def totals(self, *, by_fund: bool = False) -> list[FundingTotal]:
        """Pledged vs committed vs disbursed (and spent) per donor (and fund) and currency."""
        acc: dict[tuple[str, str, str], dict[str, Decimal]] = defaultdict(
            lambda: dict.fromkeys(("pledged", "committed", "disbursed", "spent"), Decimal(0)))
        for t in self.transactions(limit=10**9):
            acc[(t.donor, t.fund if by_fund else "*", t.currency)][flow_of(t.type)] += t.amount
        return [FundingTotal(d, f, cur, v["pledged"], v["committed"], v["disbursed"], v["spent"])
                for (d, f, cur), v in sorted(acc.items())]

    # -- reports owed to the Council ------------------------------------------------------------------
    def report_schedule(self, on: dt.date | None = None, body: str = BOARD) -> list[ReportDue]:
        """Each report due under the mandate (as extended or amended), with status due/submitted/overdue."""
        day = on or self.app.today()
        with self.app.store.read() as conn:
            schedule = reports_owed(conn, day).get(body)
        if schedule is None:
            raise NotFound(f"no mandate of {body}")
        return schedule

    def overdue_reports(self, lang: str = "en", on: dt.date | None = None, body: str = BOARD) -> OverdueReports:
        """The reports ``body`` owes the Council: due before ``on`` (today) and not submitted."""
        names = {b.id: b.name.get(lang) for b in self.app.profile.bodies()}
        due = tuple(r.due_on for r in self.report_schedule(on, body) if r.status == "overdue")
        return OverdueReports(body, names.get(body, body), due)

    def mark_report_submitted(self, due_on: dt.date, content_sha256: str, submitted_on: dt.date | None = None,
                              body: str = BOARD) -> ReportDue:
        """Record that the report due on ``due_on`` was submitted, with the SHA-256 of its content."""
        if not SHA256.match(content_sha256):
            raise InputError("should be a SHA-256 in hex (optionally prefixed sha256:)", field="content_sha256")
        digest = content_sha256 if content_sha256.startswith("sha256:") else "sha256:" + content_sha256
        day = submitted_on or self.app.today()
        if day > self.app.today():
            raise InputError(f"submission date {day} is in the future", field="submitted_on")
        if due_on not in {r.due_on for r in self.report_schedule(day, body)}:
            raise NotFound(f"no report of {body} is due on {due_on}")
        with self._write() as uow:
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
        with self.app.store.read() as conn:
            return any(conn.execute(select(t.c.id).where(t.c.exercise.is_(True)).limit(1)).first()
                       for t in (board_members, board_funds, board_decisions, funding_transactions))
