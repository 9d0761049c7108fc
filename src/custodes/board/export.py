"""Funding as CSV with HXL hashtags (Humanitarian Exchange Language), written through libhxl."""

from __future__ import annotations

from collections.abc import Sequence

import hxl

from custodes.board.model import TRANSACTION_TYPES, flow_of
from custodes.board.views import FundingTotal, Transaction

__all__ = ["TOTALS_TAGS", "TRANSACTION_TAGS", "totals_hxl", "transactions_hxl"]

TRANSACTION_TAGS = (
    ("Transaction", "#meta+id"), ("Date", "#date"), ("Donor", "#org+funder"), ("Fund", "#org+recipient+fund"),
    ("IATI transaction type", "#meta+transaction+code"), ("Transaction type", "#meta+transaction+name"),
    ("Flow", "#status+flow"), ("Amount", "#value"), ("Currency", "#currency"),
    ("Commitment", "#meta+commitment"), ("Board decision", "#meta+decision"), ("Exercise", "#meta+exercise"),
)
TOTALS_TAGS = (
    ("Donor", "#org+funder"), ("Fund", "#org+recipient+fund"), ("Currency", "#currency"),
    ("Pledged", "#value+pledged"), ("Committed", "#value+committed"), ("Disbursed", "#value+disbursed"),
    ("Spent", "#value+spent"),
)


def _csv(tags: Sequence[tuple[str, str]], rows: list[list[str]]) -> str:
    data = hxl.data([[h for h, _ in tags], [t for _, t in tags], *rows])
    return "".join(data.gen_csv(show_headers=True, show_tags=True))


def transactions_hxl(txs: Sequence[Transaction]) -> str:
    """Every transaction as HXL-tagged CSV (header row, hashtag row, one row per transaction)."""
    rows = [[t.id, t.on.isoformat(), t.donor, t.fund, str(t.type), TRANSACTION_TYPES[t.type], flow_of(t.type),
             str(t.amount), t.currency, t.commitment or "", t.decision or "", "yes" if t.exercise else ""]
            for t in txs]
    return _csv(TRANSACTION_TAGS, rows)


def totals_hxl(totals: Sequence[FundingTotal]) -> str:
    """Pledged vs committed vs disbursed vs spent per donor as HXL-tagged CSV."""
    rows = [[t.donor, t.fund, t.currency, str(t.pledged), str(t.committed), str(t.disbursed), str(t.spent)]
            for t in totals]
    return _csv(TOTALS_TAGS, rows)
