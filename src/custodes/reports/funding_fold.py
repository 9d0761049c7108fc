"""Funding of the Board of Peace: pledged, committed, disbursed and spent, per currency (IATI types)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from custodes.board.model import flow_of
from custodes.reports.figures import Figure, Period
from custodes.reports.folds_base import ExerciseAware, day_of, label

__all__ = ["FLOWS", "FundingFold"]

FLOWS = ("pledged", "committed", "disbursed", "spent")
_LABELS = {"pledged": ("Pledged", "المتعهد به"), "committed": ("Committed", "الملتزم به"),
           "disbursed": ("Disbursed or received", "المصروف أو المستلم"), "spent": ("Spent", "المنفق")}


class FundingFold(ExerciseAware):
    """Folds ``board.funding_transaction``; amounts per flow are totals in the period, by currency."""

    section = "funding"
    domain = "board"

    def __init__(self) -> None:
        super().__init__()
        self.tx: dict[str, tuple[str, str, Decimal, dt.date, str]] = {}  # id -> flow, currency, amount, on, donor

    def drop(self, keys: set[str]) -> None:
        for k in keys:
            self.tx.pop(k, None)

    def feed(self, entry: Mapping[str, Any]) -> None:
        if not entry["kind"].startswith("board.") or self.withdrawn(entry):
            return
        if entry["kind"] == "board.funding_transaction":
            rec = entry["rec"]
            self.tx[str(rec["id"])] = (flow_of(int(rec["type"])), str(rec["currency"]), Decimal(str(rec["amount"])),
                                       day_of(rec["on"]), str(rec.get("donor") or ""))
            self.note(str(rec["id"]), entry)

    def totals(self, period: Period) -> dict[str, dict[str, Decimal]]:
        out: dict[str, dict[str, Decimal]] = {f: defaultdict(Decimal) for f in FLOWS}
        for k, (flow, cur, amount, on, _) in self.tx.items():
            if period.contains(on):
                out[flow][cur] += amount
                self.counted(k)
        return out

    def figures(self, period: Period) -> list[Figure]:
        tot = self.totals(period)
        out = []
        for flow in FLOWS:
            by = {c: str(v) for c, v in sorted(tot[flow].items())}
            value = "; ".join(f"{v} {c}" for c, v in by.items()) or "0"
            out.append(Figure(f"funding.{flow}", self.section, value, "", by, label(*_LABELS[flow])))
        return out
