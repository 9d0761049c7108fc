"""Use cases of incident reports: report, review, confirm, verify, reject, add evidence, read.

Each use case loads the incident, applies a rule from :mod:`custodes.incidents.model`, saves and
journals in one unit of work. Reporter identity and a hidden exact place enter the journal as
commitments only (the profile's ``sensitive`` map for ``incidents.reported``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from custodes.accounts.policy import Principal
from custodes.errors import InputError, NotFound
from custodes.incidents import map_read, records
from custodes.incidents.acled import row_hash
from custodes.incidents.ceasefire import CeasefireView, ceasefire_view
from custodes.incidents.model import (
    GEO_PRECISION,
    TIME_PRECISION,
    Incident,
    Status,
    check_confirmation,
    check_transition,
    interaction,
    validate_typology,
)
from custodes.incidents.places import Gazetteer
from custodes.incidents.records import IncidentRow
from custodes.incidents.settings import IncidentSettings
from custodes.incidents.store import incident_confirmations, incident_evidence, incidents
from custodes.incidents.visibility import check_organisation_filter, view_for
from custodes.ledger.disclosure import publishes
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.blobs import BlobStore
from custodes.storage.uow import Store, UnitOfWork

__all__ = ["IncidentService"]

# who reported (account, organisation, whether anonymous), the hidden exact place and the row's hash (computed from
# them) stay sealed; a hidden incident publishes its governorate only
publishes("incidents.reported", "id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
          "inter1", "actor2", "inter2", "interaction", "fatalities", "pcode", "admin2", "geo_precision", "location",
          "source", "notes")
publishes("incidents.review_started", "id", "from", "to")
publishes("incidents.verified", "id", "from", "to", "organisations")
publishes("incidents.unverified", "id", "from", "to", "reason")
publishes("incidents.rejected", "id", "from", "to", "reason")
publishes("incidents.confirmed", "id", "monitor", "organisation", "confirmations", "needed")
publishes("incidents.evidence_added", "id", "sha256", "size", "media_type")

_KINDS = {"review": "incidents.review_started", "verify": "incidents.verified", "unverify": "incidents.unverified",
          "reject": "incidents.rejected"}


class IncidentService:
    """Incident use cases on one mission (the web layer and the CLI call these)."""

    def __init__(self, store: Store, settings: IncidentSettings, gazetteer: Gazetteer, blobs: BlobStore) -> None:
        self.store = store
        self.settings = settings
        self.gazetteer = gazetteer
        self.blobs = blobs

    @property
    def confirmations_needed(self) -> int:
        """How many distinct organisations must confirm a report to verify it (at least 1)."""
        return self.settings.confirmations_needed

    # -- reading ----------------------------------------------------------------------------------
    def public(self, inc: Incident) -> dict[str, Any]:
        """An incident's public record, with its place's name and centre."""
        return inc.public_record(self.gazetteer.name(inc.pcode), self.gazetteer.centre(inc.pcode))

    def get(self, incident_id: str) -> dict[str, Any]:
        """The public view of one incident."""
        with self.store.read() as conn:
            inc, _ = records.load(conn, incident_id)
        return self.public(inc)

    def list_incidents(self, *, status: str | None = None, pcode: str | None = None, event_type: str | None = None,
                       since: dt.date | None = None, until: dt.date | None = None, organisation: str | None = None,
                       exercise: bool | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
                       ) -> Page[dict[str, Any]]:
        """Public views, newest first, filtered; one page with the total of all pages."""
        f = records.Filters(status, pcode, event_type, since, until, organisation, exercise)
        with self.store.read() as conn:
            found = records.page(conn, f, limit=limit, offset=offset)
        return found.map(self.public)

    def count_incidents(self, *, status: str | None = None, pcode: str | None = None,
                        event_type: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                        organisation: str | None = None, exercise: bool | None = None) -> int:
        """How many incidents :meth:`list_incidents` would list on all its pages."""
        with self.store.read() as conn:
            return records.count(conn, records.Filters(status, pcode, event_type, since, until, organisation,
                                                       exercise))

    def restricted(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The restricted fields of these incidents (who reported: account and organisation; exact place); for
        roles the policy lets see them."""
        with self.store.read() as conn:
            return records.private_fields(conn, ids)

    def views_for(self, viewer: Principal, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``views`` (public views) as ``viewer`` reads them: the reporting organisation and the ``restricted``
        part (reporter, exact place) where the policy allows (:mod:`custodes.incidents.visibility`)."""
        private = self.restricted([v["id"] for v in views])
        return [view_for(viewer, v, private.get(v["id"])) for v in views]

    def get_for(self, viewer: Principal, incident_id: str) -> dict[str, Any]:
        """One incident as ``viewer`` reads it (:meth:`views_for`)."""
        return self.views_for(viewer, [self.get(incident_id)])[0]

    def list_for(self, viewer: Principal, *, status: str | None = None, pcode: str | None = None,
                 event_type: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                 organisation: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                 offset: int = 0) -> Page[dict[str, Any]]:
        """:meth:`list_incidents` as ``viewer`` reads it; filtering by the reporting organisation is refused to
        those who may not see it (the total would tell them)."""
        check_organisation_filter(viewer, organisation)
        found = self.list_incidents(status=status, pcode=pcode, event_type=event_type, since=since, until=until,
                                    organisation=organisation, exercise=exercise, limit=limit, offset=offset)
        return Page(tuple(self.views_for(viewer, list(found.items))), found.total, found.limit, found.offset)

    def verified_page(self, *, exercise: bool | None, lang: str = "en", limit: int = DEFAULT_LIMIT,
                      offset: int = 0) -> Page[IncidentRow]:
        """Verified incidents, newest first, as the portal shows them: the governorate, never the place."""
        with self.store.read() as conn:
            return records.verified_page(conn, lambda p: self.gazetteer.name(p, lang) or "—", exercise=exercise,
                                         limit=limit, offset=offset)

    def verified_by_type(self, *, exercise: bool | None) -> dict[str, int]:
        """Verified incidents per ACLED event type, most first."""
        with self.store.read() as conn:
            return records.verified_by_type(conn, exercise=exercise)

    def ceasefire(self, start: dt.date, end: dt.date, *, context_file: Path | None = None,
                  exercise: bool | None = None) -> CeasefireView:
        """Verified incidents per day, type and governorate in ``start..end``; context figures apart."""
        return ceasefire_view(self.store, start, end, context_file=context_file, exercise=exercise)

    def map_points(self, *, since: dt.date | None, until: dt.date | None, event_type: str | None,
                   exercise: bool | None) -> tuple[map_read.IncidentPoint, ...]:
        """Verified incidents at their points, oldest first (the map's exact view)."""
        return map_read.verified_points(self.store, since=since, until=until, event_type=event_type,
                                        exercise=exercise)

    def map_counts(self, *, since: dt.date | None, until: dt.date | None, event_type: str | None,
                   exercise: bool | None) -> dict[str | None, map_read.GovernorateCount]:
        """Verified incidents counted per governorate (the map's public view)."""
        return map_read.verified_counts(self.store, since=since, until=until, event_type=event_type,
                                        exercise=exercise)

    # -- reporting --------------------------------------------------------------------------------
    def report(self, actor: str, *, event_date: dt.date, event_type: str, sub_event_type: str, actor1: str,
               inter1: int, lat: float, lon: float, actor2: str | None = None, inter2: int | None = None,
               location: str = "", geo_precision: int = 1, time_precision: int = 1, fatalities: int = 0,
               source: str = "", notes: str = "", reporter: str | None = None, organisation: str | None = None,
               hide_location: bool = False, civilian_targeting: bool = False, assoc_actor_1: str = "",
               assoc_actor_2: str = "", tags: str = "", exercise: bool = False) -> dict[str, Any]:
        """File a report (``reporter=None``: anonymous). Returns the public view."""
        validate_typology(event_type, sub_event_type, inter1, inter2)
        if inter2 is not None and not actor2:
            raise InputError("actor2 is empty while inter2 is given", field="actor2")
        if geo_precision not in GEO_PRECISION:
            raise InputError("geo precision must be 1 (exact), 2 (near) or 3 (region)", field="geo_precision")
        if time_precision not in TIME_PRECISION:
            raise InputError("time precision must be 1 (day), 2 (week) or 3 (month)", field="time_precision")
        if fatalities < 0:
            raise InputError("fatalities cannot be negative", field="fatalities")
        place = self.gazetteer.locate(lon, lat)
        if place is None:
            raise InputError(f"the point ({lat}, {lon}) lies outside the mission's governorates", field="lat")
        pcode, adm1, adm2 = place
        with self.store.write(actor, exercise=exercise) as uow:
            if event_date > uow.now.date() + dt.timedelta(days=1):
                raise InputError(f"event date {event_date} is in the future", field="event_date")
            seq = int(uow.conn.execute(select(func.coalesce(func.max(incidents.c.seq), 0))).scalar_one()) + 1
            values: dict[str, Any] = {
                "id": f"CUS{seq:06d}", "event_date": event_date, "time_precision": time_precision,
                "event_type": event_type, "sub_event_type": sub_event_type, "actor1": actor1,
                "assoc_actor_1": assoc_actor_1, "inter1": inter1, "actor2": actor2, "assoc_actor_2": assoc_actor_2,
                "inter2": inter2, "civilian_targeting": civilian_targeting, "admin1": adm1, "admin2": adm2,
                "admin3": "", "location": location or adm2, "lat": lat, "lon": lon, "geo_precision": geo_precision,
                "pcode": pcode, "fatalities": fatalities, "source": source, "source_scale": "", "notes": notes,
                "tags": tags}
            h = row_hash(values)
            uow.conn.execute(insert(incidents).values(
                **values, seq=seq, status=Status.REPORTED.value, location_hidden=hide_location, reporter=reporter,
                organisation=organisation, origin="report", row_hash=h, reported_at=uow.now, updated_at=uow.now,
                exercise=uow.exercise))
            exact = {"lat": lat, "lon": lon, "location": values["location"]}
            uow.append("incidents.reported", {
                "id": values["id"], "event_date": event_date, "time_precision": time_precision,
                "event_type": event_type, "sub_event_type": sub_event_type, "actor1": actor1, "inter1": inter1,
                "actor2": actor2, "inter2": inter2, "interaction": interaction(inter1, inter2),
                "fatalities": fatalities, "pcode": pcode, "admin2": adm2,
                "geo_precision": 3 if hide_location else geo_precision,
                "location": None if hide_location else exact, "location_exact": exact if hide_location else None,
                "reporter": reporter, "anonymous": reporter is None, "organisation": organisation,
                "source": source, "notes": notes, "sha256": h})
            inc, _ = records.load(uow.conn, values["id"])
        return self.public(inc)

    # -- verification -----------------------------------------------------------------------------
    def _move(self, uow: UnitOfWork, inc: Incident, action: str, record: dict[str, Any]) -> Status:
        target = check_transition(inc.id, inc.status, action)
        uow.conn.execute(update(incidents).where(incidents.c.id == inc.id)
                         .values(status=target.value, updated_at=uow.now))
        uow.append(_KINDS[action], {"id": inc.id, "from": inc.status.value, "to": target.value, **record})
        return target

    def start_review(self, actor: str, incident_id: str, *, exercise: bool = False) -> dict[str, Any]:
        """reported (or unverified, on new information) -> under review."""
        with self.store.write(actor, exercise=exercise) as uow:
            inc, _ = records.load(uow.conn, incident_id)
            self._move(uow, inc, "review", {})
            inc, _ = records.load(uow.conn, incident_id)
        return self.public(inc)

    def confirm(self, monitor: str, incident_id: str, organisation: str, *, note: str = "",
                exercise: bool = False) -> dict[str, Any]:
        """A monitor's independent confirmation; the N-th from distinct organisations verifies the incident."""
        if not organisation.strip():
            raise InputError("a confirmation names the monitor's organisation", field="organisation")
        with self.store.write(monitor, exercise=exercise) as uow:
            inc, reporter = records.load(uow.conn, incident_id)
            check_confirmation(inc.id, inc.status, inc.confirmations, monitor, organisation, reporter)
            uow.conn.execute(insert(incident_confirmations).values(
                incident_id=inc.id, monitor=monitor, organisation=organisation, at=uow.now, note=note))
            count = len(inc.confirmations) + 1
            needed = self.confirmations_needed
            uow.append("incidents.confirmed", {"id": inc.id, "monitor": monitor, "organisation": organisation,
                                               "note": note, "confirmations": count, "needed": needed})
            if count >= needed:
                self._move(uow, inc, "verify", {"organisations": sorted(
                    [c.organisation for c in inc.confirmations] + [organisation])})
            inc, _ = records.load(uow.conn, incident_id)
        return self.public(inc)

    def unverify(self, actor: str, incident_id: str, reason: str, *, exercise: bool = False) -> dict[str, Any]:
        """under review -> unverified: not enough independent confirmation could be found."""
        return self._close(actor, incident_id, "unverify", reason, exercise)

    def reject(self, actor: str, incident_id: str, reason: str, *, exercise: bool = False) -> dict[str, Any]:
        """reported or under review -> rejected: the report is false, a duplicate, or out of scope."""
        return self._close(actor, incident_id, "reject", reason, exercise)

    def _close(self, actor: str, incident_id: str, action: str, reason: str, exercise: bool) -> dict[str, Any]:
        if not reason.strip():
            raise InputError(f"{action} needs a reason", field="reason")
        with self.store.write(actor, exercise=exercise) as uow:
            inc, _ = records.load(uow.conn, incident_id)
            self._move(uow, inc, action, {"reason": reason})
            inc, _ = records.load(uow.conn, incident_id)
        return self.public(inc)

    # -- evidence ---------------------------------------------------------------------------------
    def add_evidence(self, actor: str, incident_id: str, data: bytes, media_type: str = "application/octet-stream",
                     *, exercise: bool = False) -> str:
        """Store a document in the mission's blob store by its SHA-256 and journal the hash; returns the hex
        digest."""
        if not data:
            raise InputError("the evidence file is empty", field="evidence")
        digest = hashlib.sha256(data).hexdigest()
        with self.store.write(actor, exercise=exercise) as uow:
            inc, _ = records.load(uow.conn, incident_id)
            if digest in inc.evidence:
                return digest
            self.blobs.put(data)
            uow.conn.execute(insert(incident_evidence).values(
                incident_id=inc.id, sha256=digest, size=len(data), media_type=media_type, added_by=actor,
                at=uow.now))
            uow.append("incidents.evidence_added", {"id": inc.id, "sha256": digest, "size": len(data),
                                                    "media_type": media_type})
        return digest

    def evidence(self, incident_id: str, digest: str) -> bytes:
        """An evidence document of an incident, by its digest (checked against it); NotFound if it holds none."""
        with self.store.read() as conn:
            inc, _ = records.load(conn, incident_id)
        if digest not in inc.evidence:
            raise NotFound(f"incident {incident_id} holds no evidence {digest}")
        return self.blobs.get(digest)
