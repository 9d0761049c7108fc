"""Shared helpers of the aid tests (imported by module name; no fixtures here)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from custodes.app import Custodes
from custodes.ledger.sequencer import journal, read_entries


def entries(app: Custodes, kind: str) -> list[dict[str, Any]]:
    """Published journal entries of ``kind``, decoded."""
    with app.store.read() as conn:
        idx = [i for (i,) in conn.execute(select(journal.c.idx).where(journal.c.kind == kind))]
        out = []
        for i in idx:
            (_, body), = read_entries(conn, i, i + 1)
            out.append(json.loads(body))
    return out
