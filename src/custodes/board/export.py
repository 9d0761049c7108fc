"""Funding as CSV with HXL hashtags (Humanitarian Exchange Language), written through libhxl, or as XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence

import hxl

from custodes.board.model import TRANSACTION_TYPES, flow_of
from custodes.board.results import FundingTotal, Transaction
from custodes.csvguard import guarded_writer
from custodes.exports.xlsx import Cell, xlsx_pieces
from custodes.i18n import t as text_of

__all__ = ["TOTALS_KEYS", "TOTALS_TAGS", "TRANSACTION_KEYS", "TRANSACTION_TAGS", "hxl_pieces", "totals_hxl",
           "totals_xlsx", "transaction_rows", "transactions_hxl", "transactions_xlsx"]

TRANSACTION_TAGS = (
    ("Transaction", "#meta+id"), ("Date", "#date"), ("Donor", "#org+funder"), ("Fund", "#org+recipient+fund"),
    ("IATI transaction type", "#meta+transaction+code"), ("Transaction type", "#meta+transaction+name"),
    ("Flow", "#status+flow"), ("Amount", "#value"), ("Currency", "#currency"),
    ("Commitment", "#meta+commitment"), ("Board decision", "#meta+decision"), ("Exercise", "#meta+exercise"),
)
#: the i18n keys (``column.funding.<key>``) of the columns, in the order of the tags above and below
TRANSACTION_KEYS = ("id", "date", "donor", "fund", "type_code", "type", "flow", "amount", "currency", "commitment",
                    "decision", "exercise")
TOTALS_KEYS = ("donor", "fund", "currency", "pledged", "committed", "disbursed", "spent")
TOTALS_TAGS = (
    ("Donor", "#org+funder"), ("Fund", "#org+recipient+fund"), ("Currency", "#currency"),
    ("Pledged", "#value+pledged"), ("Committed", "#value+committed"), ("Disbursed", "#value+disbursed"),
    ("Spent", "#value+spent"),
)


def hxl_pieces(tags: Sequence[tuple[str, str]], rows: Iterable[list[str]], per: int = 500) -> Iterator[str]:
    """HXL-tagged CSV in pieces: the header and hashtag rows through libhxl (which checks the hashtags),
    then the rows, ``per`` at a time, in the same CSV dialect."""
    yield "".join(hxl.data([[h for h, _ in tags], [t for _, t in tags]]).gen_csv(show_headers=True, show_tags=True))
    buf = io.StringIO()
    w = guarded_writer(buf)
    for n, row in enumerate(rows, 1):
        w.writerow(row)
        if n % per == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def _csv(tags: Sequence[tuple[str, str]], rows: list[list[str]]) -> str:
    return "".join(hxl_pieces(tags, rows))


def transaction_rows(txs: Iterable[Transaction]) -> Iterator[list[str]]:
    """The rows of :func:`transactions_hxl`, one per transaction."""
    for t in txs:
        yield [t.id, t.on.isoformat(), t.donor, t.fund, str(t.type), TRANSACTION_TYPES[t.type], flow_of(t.type),
               str(t.amount), t.currency, t.commitment or "", t.decision or "", "yes" if t.exercise else ""]


def transactions_hxl(txs: Iterable[Transaction]) -> str:
    """Every transaction as HXL-tagged CSV (header row, hashtag row, one row per transaction)."""
    return _csv(TRANSACTION_TAGS, list(transaction_rows(txs)))


def totals_hxl(totals: Sequence[FundingTotal]) -> str:
    """Pledged vs committed vs disbursed vs spent per donor as HXL-tagged CSV."""
    rows = [[t.donor, t.fund, t.currency, str(t.pledged), str(t.committed), str(t.disbursed), str(t.spent)]
            for t in totals]
    return _csv(TOTALS_TAGS, rows)


def _xlsx_head(keys: Sequence[str], tags: Sequence[tuple[str, str]], lang: str) -> tuple[list[str], list[str]]:
    return [text_of(f"column.funding.{k}", lang) for k in keys], [tag for _, tag in tags]


def transactions_xlsx(txs: Iterable[Transaction], lang: str = "en") -> Iterator[bytes]:
    """Every transaction as an XLSX workbook in pieces: headers in ``lang``, the hashtag row, typed cells."""
    cells: Iterator[list[Cell]] = (
        [x.id, x.on, x.donor, x.fund, x.type, TRANSACTION_TYPES[x.type], flow_of(x.type), x.amount, x.currency,
         x.commitment, x.decision, "yes" if x.exercise else None] for x in txs)
    return xlsx_pieces(*_xlsx_head(TRANSACTION_KEYS, TRANSACTION_TAGS, lang), cells)


def totals_xlsx(totals: Sequence[FundingTotal], lang: str = "en") -> Iterator[bytes]:
    """Pledged vs committed vs disbursed vs spent per donor as an XLSX workbook, in pieces."""
    cells: list[list[Cell]] = [[x.donor, x.fund, x.currency, x.pledged, x.committed, x.disbursed, x.spent]
                               for x in totals]
    return xlsx_pieces(*_xlsx_head(TOTALS_KEYS, TOTALS_TAGS, lang), cells)
