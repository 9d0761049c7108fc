"""The Board's funding records read and checked in the database: amounts, what a commitment has left, totals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import BigInteger, Connection, Row, Select, cast, func, select

from custodes.board.model import flow_of
from custodes.board.results import FundingTotal, Transaction
from custodes.board.store import funding_transactions as tx
from custodes.errors import IllegalTransition, InputError, NotFound

__all__ = ["check_amount", "check_disbursement", "fund_sum", "totals", "transaction_of", "transactions_query"]

CENT = Decimal("0.01")
FLOWS = ("pledged", "committed", "disbursed", "spent")


def transaction_of(r: Row[Any]) -> Transaction:
    return Transaction(r.id, r.fund, r.donor, r.type, Decimal(str(r.amount)).quantize(CENT), r.currency, r.on,
                       r.commitment, r.decision, r.exercise)


def check_amount(amount: Decimal | str) -> Decimal:
    """A positive amount below 10^16 with at most 2 decimals."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise InputError(f"{amount!r} is not an amount", field="amount") from None
    if not value.is_finite() or value <= 0 or value >= Decimal(10) ** 16:
        raise InputError(f"{amount} should be a positive amount below 10^16", field="amount")
    if value != value.quantize(CENT):
        raise InputError(f"{amount} should be a positive amount with at most 2 decimals", field="amount")
    return value.quantize(CENT)


def fund_sum(c: Connection, fund: str, currency: str, types: tuple[int, ...]) -> Decimal:
    total = c.execute(select(func.coalesce(func.sum(tx.c.amount), 0)).where(
        tx.c.fund == fund, tx.c.currency == currency, tx.c.type.in_(types))).scalar_one()
    return Decimal(str(total))


def check_disbursement(c: Connection, tx_id: str, fund: str, donor: str, currency: str, value: Decimal,
                       commitment: str | None) -> None:
    """A disbursement draws on a commitment of the same donor, fund and currency, within what is left of it."""
    if commitment is None:
        raise InputError("a disbursement names the commitment it draws on", field="commitment")
    com = c.execute(select(tx).where(tx.c.id == commitment)).first()
    if com is None or com.type not in (2, 11):
        raise NotFound(f"no commitment {commitment!r} (IATI type 2 or 11)")
    if (com.fund, com.donor, com.currency) != (fund, donor, currency):
        raise InputError(f"commitment {commitment} is {com.donor} to {com.fund} in {com.currency}",
                         field="commitment")
    drawn = Decimal(str(c.execute(select(func.coalesce(func.sum(tx.c.amount), 0)).where(
        tx.c.commitment == commitment)).scalar_one()))
    left = Decimal(str(com.amount)) - drawn
    if value > left:
        raise IllegalTransition("disbursement-exceeds-commitment",
                                f"{tx_id}: {value} {currency} is more than the {left} {currency} left of "
                                f"commitment {commitment} ({com.amount} committed, {drawn} disbursed)")


def transactions_query(*, donor: str | None = None, fund: str | None = None,
                       exercise: bool | None = None) -> Select[Any]:
    """Funding transactions by date and id, optionally of one donor, one fund, one kind of record."""
    q = select(tx).order_by(tx.c.on, tx.c.id)
    if donor:
        q = q.where(tx.c.donor == donor)
    if fund:
        q = q.where(tx.c.fund == fund)
    if exercise is not None:
        q = q.where(tx.c.exercise.is_(exercise))
    return q


def totals(conn: Connection, *, by_fund: bool, exercise: bool | None) -> list[FundingTotal]:
    """Pledged, committed, disbursed and spent per donor (and fund) and currency, summed by the database in
    whole cents (exact on every database)."""
    cents = func.sum(cast(func.round(tx.c.amount * 100), BigInteger))
    q = select(tx.c.donor, tx.c.fund, tx.c.currency, tx.c.type, cents).group_by(
        tx.c.donor, tx.c.fund, tx.c.currency, tx.c.type)
    if exercise is not None:
        q = q.where(tx.c.exercise.is_(exercise))
    acc: dict[tuple[str, str, str], dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(FLOWS, Decimal(0)))
    for donor, fund, currency, type_code, n in conn.execute(q):
        acc[(donor, fund if by_fund else "*", currency)][flow_of(type_code)] += (Decimal(int(n)) / 100).quantize(CENT)
    return [FundingTotal(d, f, cur, v["pledged"], v["committed"], v["disbursed"], v["spent"])
            for (d, f, cur), v in sorted(acc.items())]
