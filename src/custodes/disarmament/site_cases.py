"""Use cases of military infrastructure sites (found, destroyed, verified) and of the documents attached to
weapons and sites; part of :class:`custodes.disarmament.service.DisarmamentService`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from custodes.accounts.policy import Principal
from custodes.disarmament import reads
from custodes.disarmament import sites as site_rules
from custodes.disarmament.settings import DisarmamentSettings
from custodes.disarmament.store import documents, sites
from custodes.errors import InputError, NotFound
from custodes.force.ownership import require_acts_for_unit
from custodes.geo.io import parse_geometry, to_geojson
from custodes.geo.places import GovernorateIndex
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.blobs import BlobStore
from custodes.storage.uow import Store, UnitOfWork

__all__ = ["NewSite", "SiteCases"]


@dataclass(frozen=True, slots=True)
class NewSite:
    id: str
    kind: str
    name: str
    geometry: Any  # a GeoJSON geometry (mapping or JSON text)
    found_on: dt.date
    unit: str


class SiteCases:
    """Sites and documents over the store, the blob store and the mission's governorates."""

    store: Store
    settings: DisarmamentSettings
    blobs: BlobStore
    _index: GovernorateIndex | None

    def zone_at(self, lon: float, lat: float) -> str | None:
        """The governorate P-code holding a point, or None outside the mission's governorates."""
        if self._index is None:
            self._index = GovernorateIndex(self.settings.governorates)
        return self._index.pcode_at(lon, lat)

    # -- military infrastructure -------------------------------------------------------------------
    def register_site(self, s: NewSite, *, actor: str, exercise: bool = False,
                      acting: Principal | None = None) -> dict[str, Any]:
        """Register a found military infrastructure site (tunnel, launch site, ...); returns it as listed."""
        with self.store.write(actor, exercise=exercise) as uow:
            require_acts_for_unit(uow.conn, acting, s.unit, "register a site")
            self.register_site_in(uow, s)
            return reads.site_record(uow.conn, s.id)

    def register_site_in(self, uow: UnitOfWork, s: NewSite) -> dict[str, Any]:
        """Register a site inside the caller's unit of work; its zone comes from its geometry."""
        site = site_rules.Site.found(s.id, s.kind, s.found_on)
        geom = parse_geometry(s.geometry, field="geometry")
        if not s.unit:
            raise InputError("the unit or body recording the site is required", field="unit")
        if uow.conn.execute(select(sites.c.id).where(sites.c.id == s.id)).first():
            raise InputError(f"site {s.id} is already registered", field="id")
        p = geom.representative_point()
        length, area = site_rules.extent(geom)
        row = {"id": site.id, "kind": site.kind, "name": s.name, "geometry": json.dumps(to_geojson(geom)),
               "lon": round(p.x, 6), "lat": round(p.y, 6), "zone": self.zone_at(p.x, p.y), "length_m": length,
               "area_m2": area, "unit": s.unit, "found_on": s.found_on, "status": site.status,
               "exercise": uow.exercise}
        uow.conn.execute(insert(sites).values(**row))
        rec = {k: v for k, v in row.items() if k not in ("geometry", "exercise")} | {"geometry": to_geojson(geom)}
        uow.append("disarmament.site_registered", rec)
        return row

    def destroy_site(self, site_id: str, *, on: dt.date, by: str, method: str, actor: str, exercise: bool = False,
                     acting: Principal | None = None) -> site_rules.Site:
        """Record a site's destruction: the day, the responsible unit (one ``acting`` acts for) and the method."""
        with self.store.write(actor, exercise=exercise) as uow:
            if acting is not None:
                unit = reads.subject_unit(uow.conn, "site", site_id)
                require_acts_for_unit(uow.conn, acting, unit, f"destroy site {site_id}")
                require_acts_for_unit(uow.conn, acting, by, f"record a destruction by {by}")
            return self.destroy_site_in(uow, site_id, on=on, by=by, method=method)

    def destroy_site_in(self, uow: UnitOfWork, site_id: str, *, on: dt.date, by: str,
                        method: str) -> site_rules.Site:
        """Record a site's destruction inside the caller's unit of work."""
        s = site_rules.destroy(self._site(uow.conn, site_id), on=on, by=by, method=method)
        self._save_site(uow, s, "disarmament.site_destroyed", {"site": s.id, "on": on, "by": by, "method": method})
        return s

    def verify_site(self, site_id: str, *, on: dt.date, by: str, actor: str,
                    exercise: bool = False) -> site_rules.Site:
        """Record the verification of a destroyed site by another party than its destroyer."""
        with self.store.write(actor, exercise=exercise) as uow:
            return self.verify_site_in(uow, site_id, on=on, by=by)

    def verify_site_in(self, uow: UnitOfWork, site_id: str, *, on: dt.date, by: str) -> site_rules.Site:
        """Record a site's verification inside the caller's unit of work."""
        s = site_rules.verify(self._site(uow.conn, site_id), on=on, by=by)
        self._save_site(uow, s, "disarmament.site_verified", {"site": s.id, "on": on, "by": by})
        return s

    def sites(self, *, zone: str | None = None, status: str | None = None, exercise: bool | None = None,
              limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page[dict[str, Any]]:
        """Infrastructure sites by id, filtered by zone or status, with their GeoJSON geometry."""
        with self.store.read() as conn:
            return reads.site_page(conn, zone=zone, status=status, exercise=exercise, limit=limit, offset=offset)

    def site(self, site_id: str) -> dict[str, Any]:
        """One infrastructure site, as :meth:`sites` lists it."""
        with self.store.read() as conn:
            return reads.site_record(conn, site_id)

    @staticmethod
    def _site(conn: Connection, site_id: str) -> site_rules.Site:
        r = conn.execute(select(sites).where(sites.c.id == site_id)).first()
        if r is None:
            raise NotFound(f"no infrastructure site {site_id!r}")
        return site_rules.Site(r.id, r.kind, r.found_on, r.status, r.destroyed_on, r.destroyed_by, r.method,
                               r.verified_on, r.verified_by)

    @staticmethod
    def _save_site(uow: UnitOfWork, s: site_rules.Site, kind: str, record: dict[str, Any]) -> None:
        uow.conn.execute(update(sites).where(sites.c.id == s.id).values(
            status=s.status, destroyed_on=s.destroyed_on, destroyed_by=s.destroyed_by, method=s.method,
            verified_on=s.verified_on, verified_by=s.verified_by))
        uow.append(kind, record)

    # -- photos and documents ------------------------------------------------------------------------
    def attach(self, subject: str, subject_id: str, data: bytes, *, media_type: str, caption: str = "",
               actor: str, exercise: bool = False, acting: Principal | None = None) -> str:
        """Store ``data`` by content hash and link it to a weapon or site (one whose unit ``acting`` acts for);
        returns the SHA-256."""
        if subject not in ("weapon", "site"):
            raise InputError("attach to a 'weapon' or a 'site'", field="subject")
        with self.store.write(actor, exercise=exercise) as uow:
            unit = reads.subject_unit(uow.conn, subject, subject_id)
            require_acts_for_unit(uow.conn, acting, unit, f"document {subject} {subject_id}")
            if not data:
                raise InputError("the document is empty", field="file")
            digest = self.blobs.put(data)  # content-addressed: harmless if the transaction then fails
            exists = uow.conn.execute(select(documents.c.sha256).where(
                documents.c.sha256 == digest, documents.c.subject == subject,
                documents.c.subject_id == str(subject_id))).first()
            if exists is None:
                uow.conn.execute(insert(documents).values(
                    sha256=digest, subject=subject, subject_id=str(subject_id), media_type=media_type,
                    size=len(data), caption=caption, added_on=uow.now.date(), exercise=uow.exercise))
                uow.append("disarmament.document_attached", {
                    "sha256": digest, "subject": subject, "subject_id": str(subject_id),
                    "media_type": media_type, "size": len(data), "caption": caption})
        return digest

    def documents(self, subject: str, subject_id: str, digest: str | None = None) -> list[dict[str, Any]]:
        """The documents attached to a weapon or a site (or the one with hash ``digest``), by hash; NotFound when
        there is no such weapon or site."""
        with self.store.read() as conn:
            reads.subject_unit(conn, subject, subject_id)
            return reads.document_list(conn, subject, subject_id, digest)

    def document(self, sha256: str) -> tuple[str, bytes]:
        """A document's media type and bytes, checked against its hash."""
        with self.store.read() as conn:
            media_type = reads.document_type(conn, sha256)
        return media_type, self.blobs.get(sha256)  # NotFound when the file is missing from the blob store
