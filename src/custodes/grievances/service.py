"""Use cases of grievances: file, acknowledge, answer, close, co-sign, escalate the overdue, read.

Every read and every step returns the public view (:func:`~custodes.grievances.visibility.public_view`,
an allowlist: no subject, text, complainant or exact place). The subject and text are added only by
:meth:`GrievanceService.for_viewer` (for those :func:`~custodes.grievances.visibility.sees_content`
allows) or :meth:`GrievanceService.with_content` (the CLI operator who asks for them); the complainant and
exact place only by :meth:`GrievanceService.restricted`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from custodes.accounts.policy import Principal
from custodes.errors import IllegalTransition, InputError
from custodes.grievances import records
from custodes.grievances.model import (
    ORG_KINDS,
    GStatus,
    check_grievance_transition,
    deadlines,
    overdue_reason,
    validate_filing,
)
from custodes.grievances.settings import GrievanceSettings
from custodes.grievances.store import cosign_organisations, grievance_cosigners, grievances
from custodes.grievances.visibility import (
    CONTENT_FIELDS,
    answers_for,
    check_answers_for,
    restricted_part,
    sees_content,
)
from custodes.incidents.places import Gazetteer
from custodes.ledger.disclosure import publishes
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.uow import Store, Today, UnitOfWork

__all__ = ["EscalationResult", "GrievanceService"]

# who filed a grievance, its place, subject and text go to its addressee and the roles the policy names, never to
# the log in clear; the addressee's answer is public (the form says so), a closing note may quote them and is sealed
publishes("participation.grievance_filed", "id", "addressee", "addressee_kind", "category", "language", "pcode",
          "acknowledge_by", "answer_by")
publishes("participation.grievance_acknowledged", "id", "from", "to")
publishes("participation.grievance_answered", "id", "from", "to", "answer")
publishes("participation.grievance_closed", "id", "from", "to")
publishes("participation.grievance_escalated", "id", "from", "to", "to_body", "addressee", "reason", "today")
publishes("participation.grievance_cosigned", "id", "organisation")
publishes("participation.organisation_registered", "id", "name", "kind")


@dataclass(frozen=True, slots=True)
class EscalationResult:
    today: dt.date
    escalated: tuple[tuple[str, str], ...]  # (grievance id, reason)

    def as_json(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "escalated": [{"id": i, "reason": r} for i, r in self.escalated]}


class GrievanceService:
    """Grievance use cases on one mission."""

    def __init__(self, store: Store, today: Today, settings: GrievanceSettings, gazetteer: Gazetteer) -> None:
        self.store = store
        self.today = today
        self.settings = settings
        self.gazetteer = gazetteer

    @property
    def acknowledge_days(self) -> int:
        """Days the addressee has to acknowledge a grievance."""
        return self.settings.acknowledge_days

    @property
    def answer_days(self) -> int:
        """Days the addressee has to answer a grievance."""
        return self.settings.answer_days

    # -- reading ----------------------------------------------------------------------------------
    def _public(self, conn: Connection, row: Row[Any]) -> dict[str, Any]:
        return records.public(conn, row, self.gazetteer.name)

    def get(self, gid: str) -> dict[str, Any]:
        """The public view of one grievance (never its subject, text, complainant or exact place)."""
        with self.store.read() as conn:
            return self._public(conn, records.row(conn, gid))

    def list_grievances(self, *, status: str | None = None, addressee: str | None = None, category: str | None = None,
                        exercise: bool | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
                        ) -> Page[dict[str, Any]]:
        """Grievances' public records, newest first, filtered by status, addressee or category; one page."""
        with self.store.read() as conn:
            return records.page(conn, records.Filters(status, addressee, category, exercise), self.gazetteer.name,
                                limit=limit, offset=offset)

    def count_grievances(self, *, status: str | None = None, addressee: str | None = None,
                         category: str | None = None, exercise: bool | None = None) -> int:
        """How many grievances match the filters."""
        with self.store.read() as conn:
            return records.count(conn, records.Filters(status, addressee, category, exercise))

    def counts(self, *, exercise: bool | None) -> records.Counts:
        """Grievances received, answered and overdue today (the one rule of :func:`overdue_reason`), by status:
        counts only, never their text."""
        with self.store.read() as conn:
            return records.counts(conn, self.today(), exercise=exercise)

    def for_viewer(self, viewer: Principal, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``views`` (public views) as ``viewer`` reads them: with the subject and text of those it is
        entitled to (its addressee, the account that filed it, the roles of ``grievance.content``)."""
        with self.store.read() as conn:
            content = records.content(conn, [g["id"] for g in views])
        out = []
        for g in views:
            c = content.get(g["id"])
            if c is not None and sees_content(viewer, c, filed_by=c["filed_by"]):  # the stored addressee
                out.append({**g, **{k: c[k] for k in CONTENT_FIELDS}})
            else:
                out.append(dict(g))
        return out

    def views_for(self, viewer: Principal, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``views`` as ``viewer`` reads them: :meth:`for_viewer`, and the ``restricted`` part (complainant,
        exact place) where the policy allows (:func:`~custodes.grievances.visibility.restricted_part`)."""
        private = self.restricted([g["id"] for g in views])
        return [{**g, "restricted": None if g["id"] not in private else restricted_part(viewer, private[g["id"]])}
                for g in self.for_viewer(viewer, views)]

    def get_for(self, viewer: Principal, gid: str) -> dict[str, Any]:
        """One grievance as ``viewer`` reads it (:meth:`views_for`)."""
        return self.views_for(viewer, [self.get(gid)])[0]

    def list_for(self, viewer: Principal, *, status: str | None = None, addressee: str | None = None,
                 category: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                 offset: int = 0) -> Page[dict[str, Any]]:
        """:meth:`list_grievances` as ``viewer`` reads them (:meth:`views_for`)."""
        found = self.list_grievances(status=status, addressee=addressee, category=category, exercise=exercise,
                                     limit=limit, offset=offset)
        return Page(tuple(self.views_for(viewer, list(found.items))), found.total, found.limit, found.offset)

    def may_answer(self, viewer: Principal, gid: str) -> bool:
        """Whether ``viewer`` answers for grievance ``gid``'s addressee (acts on it)."""
        g = self.get(gid)
        return answers_for(viewer, str(g["addressee_kind"]), str(g["addressee"]))

    def with_content(self, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``views`` with their subject and text, for an operator who asked (the CLI's ``--with-content``)."""
        with self.store.read() as conn:
            content = records.content(conn, [g["id"] for g in views])
        return [{**g, **{k: content[g["id"]][k] for k in CONTENT_FIELDS}} if g["id"] in content
                else dict(g) for g in views]

    def restricted(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The complainant and exact place of these grievances; for roles the policy lets see them."""
        with self.store.read() as conn:
            return records.private_fields(conn, ids)

    def organisations(self) -> list[dict[str, Any]]:
        """The organisations registered to co-sign grievances, by id."""
        with self.store.read() as conn:
            return records.organisations(conn)

    def governorates(self, lang: str = "en") -> list[tuple[str, str]]:
        """The governorates a grievance may name: (P-code, name), by P-code."""
        return [(p, self.gazetteer.name(p, lang)) for p in sorted(self.gazetteer.names)]

    # -- filing -----------------------------------------------------------------------------------
    def file(self, actor: str, *, addressee: str, category: str, language: str, subject: str, text: str,
             agency: str | None = None, complainant: str | None = None, pcode: str | None = None,
             lat: float | None = None, lon: float | None = None, filed_by: int | None = None,
             exercise: bool = False, at: dt.datetime | None = None) -> dict[str, Any]:
        """File a grievance (``complainant=None``: anonymous). A point gives its governorate; only that is public.

        ``filed_by`` is the filing account, kept (privately) only with a complainant: that account then reads
        the grievance's subject and text; an anonymous filing keeps no account.
        """
        name = validate_filing(addressee, agency, category, language, subject, text)
        if (lat is None) != (lon is None):
            raise InputError("give both lat and lon, or neither", field="lat" if lat is None else "lon")
        if lat is not None and lon is not None:
            place = self.gazetteer.locate(lon, lat)
            if place is None:
                raise InputError(f"the point ({lat}, {lon}) lies outside the mission's governorates", field="lat")
            if pcode and pcode != place[0]:
                raise InputError(f"the point lies in {place[0]}, not {pcode}", field="pcode")
            pcode = place[0]
        elif pcode and pcode not in self.gazetteer.names:
            raise InputError(f"unknown governorate P-code {pcode!r}; one of {', '.join(self.gazetteer.names)}",
                             field="pcode")
        with self.store.write(actor, exercise=exercise) as uow:
            now = at or uow.now
            filed_on = now.astimezone(dt.UTC).date()
            last = uow.conn.execute(select(func.max(grievances.c.id))).scalar_one()
            n = (int(last[1:]) if last else 0) + 1
            gid = f"G{n:06d}"
            ack_due, answer_due = deadlines(filed_on, self.acknowledge_days, self.answer_days)
            uow.conn.execute(insert(grievances).values(
                id=gid, filed_at=now, filed_on=filed_on, addressee_kind=addressee, addressee=name,
                category=category, language=language, subject=subject, text=text, pcode=pcode,
                complainant=complainant, filed_by=None if complainant is None else filed_by, lat=lat, lon=lon,
                status=GStatus.RECEIVED.value, ack_due=ack_due,
                answer_due=answer_due, exercise=uow.exercise))
            uow.append("participation.grievance_filed", {
                "id": gid, "addressee_kind": addressee, "addressee": name, "category": category,
                "language": language, "subject": subject, "text": text, "pcode": pcode,
                "complainant": complainant, "anonymous": complainant is None,
                "location_exact": None if lat is None else {"lat": lat, "lon": lon},
                "acknowledge_by": ack_due, "answer_by": answer_due}, at=now)
            return self._public(uow.conn, records.row(uow.conn, gid))

    # -- steps ------------------------------------------------------------------------------------
    def _step(self, actor: str, gid: str, action: str, *, exercise: bool, at: dt.datetime | None,
              values: dict[str, Any], record: dict[str, Any], responder: str | None = None,
              answerer: Principal | None = None) -> dict[str, Any]:
        with self.store.write(actor, exercise=exercise) as uow:  # the addressee checked in the step's own work
            now = at or uow.now
            row = records.row(uow.conn, gid)
            if answerer is not None:
                check_answers_for(answerer, gid, row.addressee_kind, row.addressee)
            if responder is not None and responder != row.addressee:
                raise IllegalTransition(f"grievance-{action}-not-addressee",
                                        f"grievance {gid} is addressed to {row.addressee}, not {responder}")
            target = check_grievance_transition(gid, GStatus(row.status), action,
                                                acknowledged=row.acknowledged_at is not None)
            vals = {k: (now if v is _NOW else v) for k, v in values.items()}
            if action == "answer" and row.acknowledged_at is None:
                vals["acknowledged_at"] = now
            uow.conn.execute(update(grievances).where(grievances.c.id == gid).values(status=target.value, **vals))
            self._journal(uow, f"participation.grievance_{_PAST[action]}",
                          {"id": gid, "from": row.status, "to": target.value, **record}, now)
            return self._public(uow.conn, records.row(uow.conn, gid))

    @staticmethod
    def _journal(uow: UnitOfWork, kind: str, record: dict[str, Any], at: dt.datetime) -> None:
        uow.append(kind, record, at=at)

    def acknowledge(self, actor: str, gid: str, *, responder: str | None = None, answerer: Principal | None = None,
                    exercise: bool = False, at: dt.datetime | None = None) -> dict[str, Any]:
        """received (or escalated) -> acknowledged. ``responder`` (an addressee's name, the CLI's) must be the
        addressee; ``answerer`` (the web's signed-in account) must answer for it, else PermissionDenied."""
        return self._step(actor, gid, "acknowledge", exercise=exercise, at=at, responder=responder,
                          answerer=answerer, values={"acknowledged_at": _NOW}, record={})

    def answer(self, actor: str, gid: str, answer: str, *, responder: str | None = None,
               answerer: Principal | None = None, exercise: bool = False,
               at: dt.datetime | None = None) -> dict[str, Any]:
        """acknowledged (or escalated) -> answered, with the public answer (``responder``, ``answerer``: as
        :meth:`acknowledge`)."""
        if not answer.strip():
            raise InputError("the answer is empty", field="answer")
        return self._step(actor, gid, "answer", exercise=exercise, at=at, responder=responder, answerer=answerer,
                          values={"answered_at": _NOW, "answer": answer}, record={"answer": answer})

    def close(self, actor: str, gid: str, *, note: str = "", answerer: Principal | None = None,
              exercise: bool = False, at: dt.datetime | None = None) -> dict[str, Any]:
        """answered -> closed (``answerer``: as :meth:`acknowledge`)."""
        return self._step(actor, gid, "close", exercise=exercise, at=at, answerer=answerer,
                          values={"closed_at": _NOW}, record={"note": note})

    def escalate_overdue(self, today: dt.date, actor: str, *,
                         exercise_only: bool = False) -> EscalationResult:
        """Escalate to the Board every grievance past a deadline on ``today`` (the CLI and the server run this).

        ``exercise_only`` limits it to exercise records (the exercise generator never touches real ones).
        """
        done: list[tuple[str, str]] = []
        with self.store.write(actor, exercise=exercise_only) as uow:
            q = select(grievances).where(
                grievances.c.status.in_([GStatus.RECEIVED.value, GStatus.ACKNOWLEDGED.value])).order_by(grievances.c.id)
            if exercise_only:
                q = q.where(grievances.c.exercise.is_(True))
            rows = uow.conn.execute(q).all()
            for row in rows:
                reason = overdue_reason(today, row.ack_due, row.answer_due,
                                        acknowledged=row.acknowledged_at is not None,
                                        answered=row.answered_at is not None)
                if reason is None:
                    continue
                uow.conn.execute(update(grievances).where(grievances.c.id == row.id).values(
                    status=GStatus.ESCALATED.value, escalated_at=uow.now, escalation_reason=reason))
                uow.append("participation.grievance_escalated", {
                    "id": row.id, "from": row.status, "to": GStatus.ESCALATED.value, "to_body": "board-of-peace",
                    "addressee": row.addressee, "reason": reason, "today": today}, exercise=bool(row.exercise))
                done.append((row.id, reason))
        return EscalationResult(today, tuple(done))

    # -- co-signing -------------------------------------------------------------------------------
    def register_organisation(self, actor: str, org_id: str, name: str, kind: str, *,
                              exercise: bool = False) -> dict[str, Any]:
        """Register the Palestinian committee or a civil society organisation as allowed to co-sign."""
        if kind not in ORG_KINDS:
            raise InputError(f"kind {kind!r} is not one of {', '.join(ORG_KINDS)}", field="kind")
        if not org_id.strip() or not name.strip():
            raise InputError("an organisation needs an id and a name", field="id" if not org_id.strip() else "name")
        with self.store.write(actor, exercise=exercise) as uow:
            if uow.conn.execute(select(cosign_organisations.c.id).where(cosign_organisations.c.id == org_id)).first():
                raise IllegalTransition("organisation-already-registered", f"{org_id} is already registered")
            uow.conn.execute(insert(cosign_organisations).values(id=org_id, name=name, kind=kind,
                                                                 registered_at=uow.now, exercise=uow.exercise))
            uow.append("participation.organisation_registered", {"id": org_id, "name": name, "kind": kind})
        return {"id": org_id, "name": name, "kind": kind}

    def cosign(self, actor: str, gid: str, org_id: str, *, exercise: bool = False,
               at: dt.datetime | None = None) -> dict[str, Any]:
        """A registered organisation co-signs an open grievance."""
        with self.store.write(actor, exercise=exercise) as uow:
            now = at or uow.now
            row = records.row(uow.conn, gid)
            if uow.conn.execute(select(cosign_organisations.c.id)
                                .where(cosign_organisations.c.id == org_id)).first() is None:
                raise IllegalTransition("grievance-cosign-unregistered",
                                        f"{org_id} is not registered to co-sign; the Palestinian committee and "
                                        "registered civil society organisations can co-sign")
            if row.status == GStatus.CLOSED.value:
                raise IllegalTransition("grievance-cosign-closed", f"grievance {gid} is closed")
            if uow.conn.execute(select(grievance_cosigners.c.organisation).where(
                    grievance_cosigners.c.grievance_id == gid, grievance_cosigners.c.organisation == org_id)).first():
                raise IllegalTransition("grievance-cosign-twice", f"{org_id} already co-signed grievance {gid}")
            uow.conn.execute(insert(grievance_cosigners).values(grievance_id=gid, organisation=org_id, at=now))
            uow.append("participation.grievance_cosigned", {"id": gid, "organisation": org_id}, at=now)
            return self._public(uow.conn, records.row(uow.conn, gid))


_NOW = object()
_PAST = {"acknowledge": "acknowledged", "answer": "answered", "close": "closed", "escalate": "escalated"}
