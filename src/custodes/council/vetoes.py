"""The public list of vetoed drafts (1946 to September 2022): parse, check, and replay under Article 27.

The file (World Politics Data Lab, from the Dag Hammarskjöld Library list) has one row per vetoed draft:
``date`` (M/D/YYYY), ``draft``, ``meeting_record``, ``agenda_item`` and ``member_veto1..3``. Seats are
named by their holder at the time; ``USSR`` and ``Russia`` both map to the permanent seat now held by the
Russian Federation (RUS), ``China`` to the seat of China (held by the Republic of China until 1971).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from dataclasses import dataclass

from custodes.council.model import Outcome, article27, council_size
from custodes.csvguard import unguard_cell
from custodes.errors import InputError
from custodes.profiles.model import Vote

__all__ = ["PERMANENT_SEATS", "SEAT_OF", "VetoRow", "parse_vetoes", "replay"]

PERMANENT_SEATS = ("CHN", "FRA", "RUS", "GBR", "USA")
SEAT_OF = {"USSR": "RUS", "Russia": "RUS", "China": "CHN", "France": "FRA", "UK": "GBR", "USA": "USA"}
REQUIRED = ("date", "draft", "meeting_record", "agenda_item", "member_veto1", "member_veto2", "member_veto3")


@dataclass(frozen=True, slots=True)
class VetoRow:
    line: int
    draft: str
    voted_on: dt.date
    meeting: str
    agenda: str
    vetoed_by: tuple[str, ...]
    key: str  # stable identity: a re-import finds the same key


def _date(text: str) -> dt.date:
    m, d, y = (int(x) for x in text.strip().split("/"))
    return dt.date(y, m, d)


def parse_vetoes(text: str, source: str = "vetoes.csv") -> list[VetoRow]:
    """Every row, checked; the first bad row raises an InputError naming its line and field."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", source=source, line=1, field=missing[0])
    out: list[VetoRow] = []
    seen: Counter[str] = Counter()
    for raw in reader:
        line = reader.line_num
        row = {k: unguard_cell(v) if isinstance(v, str) else v for k, v in raw.items()}
        draft = (row.get("draft") or "").strip()
        if not draft:
            raise InputError("is empty; give the draft's symbol (e.g. S/2011/612)", source=source, line=line,
                             field="draft")
        try:
            day = _date(row.get("date") or "")
        except ValueError:
            raise InputError(f"{row.get('date')!r} is not a date (M/D/YYYY)", source=source, line=line,
                             field="date") from None
        if not dt.date(1946, 1, 1) <= day <= dt.date(2100, 1, 1):
            raise InputError(f"{day} is outside the Council's lifetime", source=source, line=line, field="date")
        vetoers: list[str] = []
        for col in ("member_veto1", "member_veto2", "member_veto3"):
            name = (row.get(col) or "").strip()
            if not name:
                continue
            if name not in SEAT_OF:
                raise InputError(f"{name!r} is not a permanent member; use one of {', '.join(SEAT_OF)}",
                                 source=source, line=line, field=col)
            if SEAT_OF[name] in vetoers:
                raise InputError(f"{name} is named twice", source=source, line=line, field=col)
            vetoers.append(SEAT_OF[name])
        if not vetoers:
            raise InputError("no vetoing member named", source=source, line=line, field="member_veto1")
        meeting = (row.get("meeting_record") or "").strip()
        agenda = (row.get("agenda_item") or "").strip()
        ident = "|".join((draft, day.isoformat(), meeting, agenda, ",".join(vetoers)))
        seen[ident] += 1  # the list repeats a few identical rows: each occurrence is its own veto
        key = hashlib.sha256(f"{ident}|{seen[ident]}".encode()).hexdigest()
        out.append(VetoRow(line, draft, day, meeting, agenda, tuple(vetoers), key))
    return out


def replay(voted_on: dt.date, vetoed_by: tuple[str, ...]) -> Outcome:
    """The vetoed draft under Article 27: the vetoing members vote no, every other member yes.

    >>> replay(dt.date(1946, 2, 16), ("RUS",)).reason
    'not adopted: negative vote of a permanent member (RUS)'
    """
    size, needed = council_size(voted_on)
    elected = tuple(f"elected-{i + 1}" for i in range(size - len(PERMANENT_SEATS)))
    votes = {s: (Vote.NO if s in vetoed_by else Vote.YES) for s in PERMANENT_SEATS + elected}
    return article27(votes, PERMANENT_SEATS, "substantive", needed=needed)
