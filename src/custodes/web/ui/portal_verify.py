"""Finding the journal entry behind a public record, for the "verify this record" page.

The lookup only says where to look: the browser fetches that entry from the log's tiles, checks that it is
the record asked for (its kind and its field's value), and checks its inclusion proof against the signed
checkpoint with the published key. A wrong answer here fails there.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import ColumnElement, Connection, LargeBinary, func, literal, select

from custodes.app import Custodes
from custodes.i18n import catalogue, t
from custodes.ledger.sequencer import journal

__all__ = ["FIELD", "KIND", "find_entry", "script_texts"]

JS_TEXTS = "ui.verify.js."


def script_texts(lang: str) -> dict[str, str]:
    """verify.js's steps and failure messages in ``lang`` (``{name}`` placeholders, filled in by the script)."""
    return {key.removeprefix(JS_TEXTS): t(key, lang) for key in catalogue() if key.startswith(JS_TEXTS)}

KIND = re.compile(r"^[a-z_]+\.[a-z_]+$")
FIELD = re.compile(r"^[a-z_]{1,40}$")


def _contains(conn: Connection, needle: bytes) -> ColumnElement[bool]:
    """The entry's bytes contain ``needle`` (a byte search: SQLite's instr, PostgreSQL's position)."""
    if conn.dialect.name == "sqlite":
        return func.instr(journal.c.body, literal(needle, LargeBinary)) > 0
    return func.position(literal(needle, LargeBinary).op("IN")(journal.c.body)) > 0


def find_entry(app: Custodes, kind: str, field: str, value: str) -> int | None:
    """The index of the latest journal entry of ``kind`` whose record has ``field`` equal to ``value``.

    The canonical JSON writes ``"field":<value>`` with no spaces, so a byte search narrows the candidates;
    each candidate is then parsed and compared exactly.
    """
    patterns = [f'"{field}":{json.dumps(value, ensure_ascii=False)}']
    if value.isdigit():
        patterns.append(f'"{field}":{int(value)}')
    with app.store.read() as conn:
        for pattern in patterns:
            rows = conn.execute(select(journal.c.idx, journal.c.body)
                                .where(journal.c.kind == kind, _contains(conn, pattern.encode()))
                                .order_by(journal.c.idx.desc()).limit(50))
            for idx, body in rows:
                rec = json.loads(bytes(body)).get("rec", {})
                if isinstance(rec, dict) and field in rec and str(rec[field]) == value:
                    return int(idx)
    return None
