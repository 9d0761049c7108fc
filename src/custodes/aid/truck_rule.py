"""Correct the stored rows' trucks to the current truck rule, and record the correction in the journal.

Rows imported before truck rule 2 were stored with trucks only where their unit said trucks (rule 1).
:func:`apply_truck_rule` reads every import entry of the journal (its format and each row's journalled
fields), works out each row's trucks under :data:`custodes.aid.lines.TRUCK_RULE`
(:func:`custodes.aid.lines.row_trucks`), updates the rows that differ and their running totals, and
journals one ``aid.truck_rule_applied`` entry with what changed: counts only, all of them public. The
correction is wholly determined by the rule and the import entries already in the log, so anyone can
recompute it; run twice, the second run changes nothing and journals nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select, update

from custodes.aid import totals
from custodes.aid.lines import TRUCK_RULE, row_trucks
from custodes.aid.store import consignments
from custodes.ledger.disclosure import publishes
from custodes.ledger.sequencer import journal, read_entries
from custodes.storage.uow import Store

__all__ = ["RuleCorrection", "apply_truck_rule"]

publishes("aid.truck_rule_applied", "rule", "rows", "trucks_before", "trucks_after", "by_source")


@dataclass(frozen=True, slots=True)
class RuleCorrection:
    rule: int
    rows: int  # rows whose trucks changed
    trucks_before: int
    trucks_after: int
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    applied: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "rows": self.rows, "trucks_before": self.trucks_before,
                "trucks_after": self.trucks_after, "by_source": self.by_source, "applied": self.applied}


def _wanted(body: bytes) -> dict[str, int | None]:
    """Each row id of one import entry with its trucks under the current rule."""
    rec = json.loads(body)["rec"]
    rows = rec.get("rows")
    if not isinstance(rows, list):
        return {}  # an import entry from before the figure fields were journalled: nothing to derive from
    fmt = str(rec.get("source") or "")
    at = {c: i for i, c in enumerate(rec["columns"])}

    def cell(row: list[Any], name: str) -> Any:
        i = at.get(name)
        return None if i is None or i >= len(row) else row[i]

    return {str(cell(r, "id")): row_trucks(fmt, TRUCK_RULE, crossing=cell(r, "crossing"), route=cell(r, "route"),
                                           quantity=cell(r, "quantity"), unit=cell(r, "unit"))
            for r in rows}


def apply_truck_rule(store: Store, actor: str, *, apply: bool = True) -> RuleCorrection:
    """Bring the stored imported rows to the current truck rule (``apply=False``: only say what would change)."""
    with store.write(actor) as uow:
        conn = uow.conn
        wanted: dict[str, int | None] = {}
        for (i,) in conn.execute(select(journal.c.idx).where(journal.c.kind == "aid.consignments_imported")
                                 .order_by(journal.c.idx)):
            for _, body in read_entries(conn, i, i + 1):  # the entry's public bytes
                wanted.update(_wanted(body))
        changed_old: list[dict[str, Any]] = []
        changed_new: list[dict[str, Any]] = []
        for r in conn.execute(select(consignments)):
            if r.id in wanted and r.trucks != wanted[r.id]:
                row = dict(r._mapping)
                changed_old.append(row)
                changed_new.append({**row, "trucks": wanted[r.id]})
        by_source: dict[str, dict[str, int]] = {}
        for o, n in zip(changed_old, changed_new, strict=True):
            s = by_source.setdefault(str(o["source"]), {"rows": 0, "trucks_before": 0, "trucks_after": 0})
            s["rows"] += 1
            s["trucks_before"] += o["trucks"] or 0
            s["trucks_after"] += n["trucks"] or 0
        out = RuleCorrection(TRUCK_RULE, len(changed_old), sum(s["trucks_before"] for s in by_source.values()),
                             sum(s["trucks_after"] for s in by_source.values()), dict(sorted(by_source.items())),
                             apply and bool(changed_old))
        if apply and changed_old:
            conn.execute(update(consignments).where(consignments.c.id == bindparam("cid"))
                         .values(trucks=bindparam("new_trucks")),
                         [{"cid": n["id"], "new_trucks": n["trucks"]} for n in changed_new])
            totals.replace(conn, changed_old, changed_new)
            uow.append("aid.truck_rule_applied", {k: v for k, v in out.as_json().items() if k != "applied"})
    return out
