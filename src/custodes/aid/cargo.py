"""Use cases of crossings and consignments: record a crossing's status, register and move consignments."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, select, update

from custodes.aid import totals
from custodes.aid.model import (
    CONSIGNMENT,
    INTERCEPTORS,
    Consignment,
    CrossingStatus,
    CrossingStatusRecord,
    next_state,
    utc,
)
from custodes.aid.store import consignments, crossing_status, crossings
from custodes.errors import InputError, NotFound, PermissionDenied
from custodes.ledger.disclosure import publishes
from custodes.paging import Page
from custodes.storage.paging import fetch_page
from custodes.storage.uow import Store

__all__ = ["CrossingView", "consignment_from_row", "consignment_trucks", "get_consignment", "list_consignments",
           "list_crossings", "move_consignment", "move_own_consignment", "register_consignment",
           "set_crossing_status"]

publishes("aid.crossing_status", "crossing", "status", "since", "reason", "hours", "capacity_trucks")
publishes("aid.consignment_registered", "id", "state", "source", "source_ref", "date", "crossing", "category",
          "description", "quantity", "unit", "trucks", "tonnes", "donor", "agency", "destination", "route",
          "intercepted_by", "updated_at", "exercise", derived=("row_hash",))
publishes("aid.consignment_moved", "id", "action", "from", "to", "by", "note")


@dataclass(frozen=True, slots=True)
class CrossingView:
    id: str
    name_en: str
    name_ar: str
    pcode: str
    lon: float
    lat: float
    kind: str
    status: CrossingStatusRecord | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": {"en": self.name_en, "ar": self.name_ar}, "pcode": self.pcode,
                "lon": self.lon, "lat": self.lat, "kind": self.kind,
                "status": None if self.status is None else self.status.as_json()}


def _status_from_row(r: Row[Any]) -> CrossingStatusRecord:
    return CrossingStatusRecord(r.crossing, CrossingStatus(r.status), _aware(r.since), r.reason, r.hours,
                                r.capacity_trucks)


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def _crossing_ids(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(select(crossings.c.id).order_by(crossings.c.id))]


def _check_crossing(conn: Connection, crossing: str, field: str = "crossing") -> None:
    ids = _crossing_ids(conn)
    if crossing not in ids:
        raise InputError(f"unknown crossing {crossing!r}; known: {', '.join(ids)}", field=field)


def status_at(conn: Connection, crossing: str, at: dt.datetime, *,
              exercise: bool = False) -> CrossingStatusRecord | None:
    """The crossing's status at ``at`` among the real records (``exercise=True``: among the exercise ones)."""
    r = conn.execute(select(crossing_status).where(crossing_status.c.crossing == crossing,
                                                   crossing_status.c.since <= utc(at),
                                                   crossing_status.c.exercise.is_(exercise))
                     .order_by(crossing_status.c.since.desc(), crossing_status.c.id.desc()).limit(1)).first()
    return None if r is None else _status_from_row(r)


def list_crossings(store: Store, at: dt.datetime, *, exercise: bool = False) -> list[CrossingView]:
    """Every crossing (the profile's, real) with its status at ``at`` (None when never recorded), read from the
    real status records, or from the exercise ones when ``exercise``: the two are never mixed."""
    with store.read() as conn:
        rows = conn.execute(select(crossings).order_by(crossings.c.lat)).all()
        return [CrossingView(r.id, r.name_en, r.name_ar, r.pcode, r.lon, r.lat, r.kind,
                             status_at(conn, r.id, at, exercise=exercise)) for r in rows]


def crossing_history(store: Store, crossing: str, *, exercise: bool = False) -> list[CrossingStatusRecord]:
    """A crossing's real status records (the exercise ones when ``exercise``), oldest first."""
    with store.read() as conn:
        _check_crossing(conn, crossing)
        rows = conn.execute(select(crossing_status).where(crossing_status.c.crossing == crossing,
                                                          crossing_status.c.exercise.is_(exercise))
                            .order_by(crossing_status.c.since, crossing_status.c.id)).all()
    return [_status_from_row(r) for r in rows]


def set_crossing_status(store: Store, actor: str, crossing: str, status: str, reason: str, *,
                        since: dt.datetime | None = None, hours: str | None = None,
                        capacity_trucks: int | None = None, exercise: bool = False) -> CrossingStatusRecord:
    """Record a crossing's new status (open, restricted, closed) with its reason, hours and capacity."""
    try:
        st = CrossingStatus(status)
    except ValueError:
        raise InputError(f"status should be open, restricted or closed, not {status!r}", field="status") from None
    if st is not CrossingStatus.OPEN and not reason.strip():
        raise InputError(f"a {st.value} crossing needs a reason", field="reason")
    if capacity_trucks is not None and capacity_trucks < 0:
        raise InputError("capacity cannot be negative", field="capacity_trucks")
    if hours is not None and not _valid_hours(hours):
        raise InputError(f"opening hours should look like 08:00-16:00, not {hours!r}", field="hours")
    with store.write(actor, exercise=exercise) as uow:
        _check_crossing(uow.conn, crossing)
        when = since or uow.now
        rec = CrossingStatusRecord(crossing, st, when, reason.strip(), hours, capacity_trucks)
        uow.conn.execute(insert(crossing_status).values(
            crossing=crossing, status=st.value, since=utc(when), reason=rec.reason, hours=hours,
            capacity_trucks=capacity_trucks, recorded_by=actor, exercise=exercise))
        uow.append("aid.crossing_status", rec.as_json())
    return rec


def _valid_hours(hours: str) -> bool:
    try:
        a, b = hours.split("-")
        return dt.time.fromisoformat(a) < dt.time.fromisoformat(b)
    except ValueError:
        return False


def consignment_from_row(r: Row[Any]) -> Consignment:
    """A consignment from its stored row."""
    return Consignment(r.id, r.state, r.source, r.date, r.crossing, r.category, r.description,
                       None if r.quantity is None else _num(r.quantity), r.unit, r.trucks,
                       None if r.tonnes is None else _num(r.tonnes), r.donor, r.agency, r.destination,
                       r.intercepted_by, bool(r.exercise))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _decimal(value: float | str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise InputError(f"{value!r} is not a number", field=field) from None
    if not d.is_finite() or d < 0:
        raise InputError(f"{value!r} should be a number of zero or more", field=field)
    return d


def register_consignment(store: Store, actor: str, *, agency: str, crossing: str, category: str, trucks: int,
                         tonnes: float | str | None = None, donor: str = "", destination: str = "",
                         description: str = "", date: dt.date | None = None, id: str | None = None,
                         exercise: bool = False) -> Consignment:
    """Register a consignment (state ``registered``), counted in trucks and, where known, tonnes."""
    if not agency.strip():
        raise InputError("the agency that owns the consignment is required", field="agency")
    if not category.strip():
        raise InputError("a cargo category is required (food, medical, shelter, wash, fuel...)", field="category")
    if trucks < 1:
        raise InputError("a consignment has at least one truck", field="trucks")
    t = _decimal(tonnes, "tonnes")
    if id is not None and (":" in id or not id.strip()):
        raise InputError("an id may not contain ':' (kept for imported rows, '<source>:<row>')", field="id")
    with store.write(actor, exercise=exercise) as uow:
        _check_crossing(uow.conn, crossing)
        cid = id or f"csg-{uuid.uuid4().hex[:12]}"
        if uow.conn.execute(select(consignments.c.id).where(consignments.c.id == cid)).first():
            raise InputError(f"consignment {cid} exists already", field="id")
        c = Consignment(cid, "registered", "manual", date or uow.now.date(), crossing, category.strip(),
                        description, str(trucks), "trucks", trucks, None if t is None else str(t), donor, agency,
                        destination, None, exercise)
        row = dict(
            id=cid, source="manual", source_ref=cid, state=c.state, date=c.date, crossing=crossing, route=None,
            category=c.category, description=description, quantity=trucks, unit="trucks", trucks=trucks,
            tonnes=None if t is None else float(t), donor=donor, agency=agency, destination=destination,
            updated_at=uow.now, exercise=exercise)
        uow.conn.execute(insert(consignments).values(**row))
        totals.add_rows(uow.conn, [row])
        uow.append("aid.consignment_registered", c.as_json())
    return c


def move_consignment(store: Store, actor: str, consignment: str, action: str, *, by: str | None = None,
                     note: str = "", exercise: bool | None = None) -> Consignment:
    """Apply one lifecycle action; an illegal one is refused by name and nothing changes."""
    return _move(store, actor, consignment, action, by=by, note=note, exercise=exercise, agency=None)


def move_own_consignment(store: Store, actor: str, agency: str | None, consignment: str, action: str, *,
                         by: str | None = None, note: str = "") -> Consignment:
    """An agency applies one lifecycle action to one of its own consignments (``agency``: the caller's
    organisation; another's consignment is refused, checked in the unit of work that moves it)."""
    return _move(store, actor, consignment, action, by=by, note=note, exercise=None, agency=agency or "")


def _move(store: Store, actor: str, consignment: str, action: str, *, by: str | None, note: str,
          exercise: bool | None, agency: str | None) -> Consignment:
    """``agency``: None for an operator's move, else the only owner whose consignment may move ('' for none)."""
    if action == "intercept":
        if by not in INTERCEPTORS:
            raise InputError(f"say who intercepted it: {' or '.join(INTERCEPTORS)}", field="by")
    elif by is not None:
        raise InputError("'by' is only for an interception", field="by")
    with store.write(actor, exercise=bool(exercise)) as uow:
        row = uow.conn.execute(select(consignments).where(consignments.c.id == consignment)).first()
        if row is None:
            raise NotFound(f"no consignment {consignment!r}")
        if agency is not None and row.agency != agency:
            raise PermissionDenied(f"consignment {consignment} belongs to {row.agency}, not to {agency or None}")
        if exercise is None and row.exercise:
            uow.exercise = True
        new = next_state(CONSIGNMENT, row.state, action)
        uow.conn.execute(update(consignments).where(consignments.c.id == consignment)
                         .values(state=new, intercepted_by=by, updated_at=uow.now))
        totals.move(uow.conn, dict(row._mapping), new)
        uow.append("aid.consignment_moved", {"id": consignment, "action": action, "from": row.state, "to": new,
                                             "by": by, "note": note})
        moved = uow.conn.execute(select(consignments).where(consignments.c.id == consignment)).one()
    return consignment_from_row(moved)


def get_consignment(store: Store, consignment: str) -> Consignment:
    """One consignment by id."""
    with store.read() as conn:
        row = conn.execute(select(consignments).where(consignments.c.id == consignment)).first()
    if row is None:
        raise NotFound(f"no consignment {consignment!r}")
    return consignment_from_row(row)


def consignment_filter(*, source: str | None = None, crossing: str | None = None, state: str | None = None,
                       agency: str | None = None, category: str | None = None, start: dt.date | None = None,
                       end: dt.date | None = None, exercise: bool | None = None) -> Any:
    """The SQL condition for the given consignment filters (None where none is given)."""
    c = consignments.c
    conds = [cond for cond in (
        None if source is None else c.source == source,
        None if crossing is None else c.crossing == crossing,
        None if state is None else c.state == state,
        None if agency is None else c.agency == agency,
        None if category is None else c.category == category,
        None if start is None else c.date >= start,
        None if end is None else c.date <= end,
        None if exercise is None else c.exercise == exercise,
    ) if cond is not None]
    return and_(*conds) if conds else None


def list_consignments(store: Store, *, limit: int, offset: int, **filters: Any) -> Page[Consignment]:
    """A page of the consignments matching ``filters`` (see :func:`consignment_filter`), newest first, with the
    total counted in the database."""
    where = consignment_filter(**filters)
    q = select(consignments).order_by(consignments.c.date.desc(), consignments.c.id)
    if where is not None:
        q = q.where(where)
    with store.read() as conn:
        return fetch_page(conn, q, limit=limit, offset=offset).map(consignment_from_row)


def consignment_trucks(store: Store, **filters: Any) -> int:
    """The trucks of every consignment matching ``filters`` (see :func:`consignment_filter`)."""
    where = consignment_filter(**filters)
    q = select(func.coalesce(func.sum(consignments.c.trucks), 0)).select_from(consignments)
    if where is not None:
        q = q.where(where)
    with store.read() as conn:
        return int(conn.execute(q).scalar_one())
