"""Use cases of demilitarisation: register weapons, record custody steps in batches, sites, documents.

Each call is one unit of work: it loads the custody it needs, applies the pure rules of
:mod:`custodes.disarmament.model`, writes and journals every change, or refuses the whole batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from custodes.disarmament import sites as site_rules
from custodes.disarmament.model import (
    Collected,
    Custody,
    Destroyed,
    Status,
    Step,
    Weapon,
    apply_step,
    certificate_hash,
    duplicate_key,
    step_place,
    step_record,
    unique_mark,
)
from custodes.disarmament.results import Registered, StepsResult, Summary, WeaponView
from custodes.disarmament.store import bump_counts, custody_steps, documents, sites, summary, weapons
from custodes.errors import InputError, NotFound
from custodes.geo.io import parse_geometry, to_geojson
from custodes.geo.places import GovernorateIndex
from custodes.jsonable import plain_dict
from custodes.ledger.disclosure import publishes
from custodes.ledger.sequencer import PendingEntry
from custodes.storage.blobs import BlobStore
from custodes.storage.bulk import insert_many, update_many
from custodes.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from custodes.app import Custodes

__all__ = ["DisarmamentService", "NewSite", "NewWeapon"]

publishes("disarmament.weapon_registered", "id", "mark", "type", "model", "calibre", "manufacturer",
          "country_of_manufacture", "year_of_manufacture", "serial", "markings", "marking_place", "import_mark",
          "duplicate_of", "registered_on", "unit", "zone")
# who handed a weapon over stays sealed
publishes("disarmament.collected", "weapon", "mark", "kind", "on", "unit", "zone", "site", "receipt")
publishes("disarmament.stored", "weapon", "mark", "kind", "on", "unit", "zone", "depot")
publishes("disarmament.transferred", "weapon", "mark", "kind", "on", "unit", "zone", "from", "to", "released_by",
          "received_by")
publishes("disarmament.destroyed", "weapon", "mark", "kind", "on", "unit", "zone", "place", "method", "certificate",
          "witnesses")
# a protected site's exact geometry and point stay sealed, and so do its length and area (computed from that
# geometry) unless a profile publishes them as coarse figures; its zone (the governorate P-code holding it) is a
# deliberate coarse field, as the public views show it
publishes("disarmament.site_registered", "id", "kind", "name", "status", "found_on", "unit", "zone",
          coarse=("length_m", "area_m2"))
publishes("disarmament.site_verified", "site", "on", "by")
publishes("disarmament.site_destroyed", "site", "on", "by", "method")
publishes("disarmament.document_attached", "sha256", "subject", "subject_id", "media_type", "size", "caption")

_CHUNK = 500
_STEP_KIND = {"collected": "disarmament.collected", "stored": "disarmament.stored",
              "transferred": "disarmament.transferred", "destroyed": "disarmament.destroyed"}


@dataclass(frozen=True, slots=True)
class NewWeapon:
    """A weapon to register (ITI / ISACS-MOSAIC fields); ``zone`` is a governorate P-code or None."""

    type: str
    model: str = ""
    calibre: str = ""
    manufacturer: str = ""
    country_of_manufacture: str = ""
    year_of_manufacture: int | None = None
    serial: str = ""
    markings: str = ""
    marking_place: str = ""
    import_mark: str = ""
    zone: str | None = None
    unit: str = ""
    on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class NewSite:
    id: str
    kind: str
    name: str
    geometry: Any  # a GeoJSON geometry (mapping or JSON text)
    found_on: dt.date
    unit: str


#: a step's private detail as stored (``json.dumps(..., ensure_ascii=False, sort_keys=True, default=str)``, made once)
_DETAIL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _weapon(row: Any) -> Weapon:
    return Weapon(row.id, row.type, row.model, row.calibre, row.manufacturer, row.country_of_manufacture,
                  row.year_of_manufacture, row.serial, row.markings, row.marking_place, row.import_mark,
                  row.zone, row.unit, row.mark, row.duplicate_of)


def _custody(row: Any) -> Custody:
    return Custody(row.id, Status(row.status), row.place, row.last_on, row.steps)


class DisarmamentService:
    """Demilitarisation use cases over one mission's store."""

    def __init__(self, app: Custodes) -> None:
        self.app = app
        self.witness_parties = int(app.profile.setting("disarmament.destruction_witness_parties", 2))
        self.zones = frozenset(g.pcode for g in app.profile.governorates)
        self.blobs = BlobStore(app.settings.data_dir / "blobs")
        self._index: GovernorateIndex | None = None

    def zone_at(self, lon: float, lat: float) -> str | None:
        """The governorate P-code holding a point, or None outside the mission's governorates."""
        if self._index is None:
            self._index = GovernorateIndex(self.app.profile)
        return self._index.pcode_at(lon, lat)

    # -- registering and custody ------------------------------------------------------------------
    def register(self, items: Sequence[NewWeapon], *, actor: str | None = None,
                 exercise: bool = False) -> list[Registered]:
        """Register weapons in one unit of work; duplicates of make, model and serial are flagged."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            return self.register_in(uow, items)

    def collect(self, items: Sequence[tuple[NewWeapon, Collected]], *, actor: str | None = None,
                exercise: bool = False) -> list[Registered]:
        """Register weapons and record their collection, all in one unit of work (a collection batch)."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            regs = self.register_in(uow, [w if w.on else replace(w, on=c.on) for w, c in items])
            self.record_in(uow, [(r.id, c) for r, (_, c) in zip(regs, items, strict=True)])
            return regs

    def record(self, steps: Sequence[tuple[int, Step]], *, actor: str | None = None,
               exercise: bool = False) -> StepsResult:
        """Record custody steps (weapon id, step) in order, in one unit of work; any refusal refuses all."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            return self.record_in(uow, steps)

    def register_in(self, uow: UnitOfWork, items: Sequence[NewWeapon]) -> list[Registered]:
        """Register weapons inside the caller's unit of work (one journal entry per weapon)."""
        conn = uow.conn
        today = uow.now.date()
        next_id = int(conn.execute(select(func.coalesce(func.max(weapons.c.id), 0))).scalar_one()) + 1
        keys = {k for k in (duplicate_key(i.manufacturer, i.model, i.serial) for i in items) if k}
        first: dict[str, int] = {}
        for chunk in _chunks(sorted(keys)):
            for k, wid in conn.execute(select(weapons.c.dup_key, func.min(weapons.c.id))
                                       .where(weapons.c.dup_key.in_(chunk)).group_by(weapons.c.dup_key)):
                first[k] = wid
        rows: list[dict[str, Any]] = []
        pending: list[PendingEntry] = []
        out: list[Registered] = []
        for n, item in enumerate(items):
            wid = next_id + n
            key = duplicate_key(item.manufacturer, item.model, item.serial)
            dup = first.get(key) if key else None
            if key and dup is None:
                first[key] = wid
            if item.zone is not None and item.zone not in self.zones:
                raise InputError(f"zone {item.zone!r} is not a governorate P-code of this mission "
                                 f"({', '.join(sorted(self.zones))})", field="zone")
            serial = item.serial.strip()
            w = Weapon(wid, item.type, item.model, item.calibre, item.manufacturer, item.country_of_manufacture,
                       item.year_of_manufacture, serial, item.markings, item.marking_place, item.import_mark,
                       item.zone, item.unit, serial if serial and dup is None else unique_mark(wid), dup)
            w.check()
            rows.append({**w.as_json(), "dup_key": key, "registered_on": item.on or today,
                         "status": Status.REGISTERED.value, "place": None, "last_on": None, "steps": 0,
                         "destroyed_on": None, "certificate": None, "exercise": uow.exercise})
            pending.append(PendingEntry("disarmament.weapon_registered",
                                        {**w.as_json(), "registered_on": item.on or today},
                                        uow.now, uow.actor, uow.exercise))
            out.append(Registered(wid, w.mark, dup))
        if rows:
            insert_many(conn, weapons, rows)
            bump_counts(conn, Counter((r["zone"] or "", r["registered_on"]) for r in rows), Counter())
            uow.append_many(pending)  # one journal entry per weapon, written in one multi-row insert
        return out

    def record_in(self, uow: UnitOfWork, steps: Sequence[tuple[int, Step]]) -> StepsResult:
        """Record custody steps inside the caller's unit of work (one journal entry per step)."""
        conn = uow.conn
        ids = sorted({w for w, _ in steps})
        state: dict[int, tuple[Custody, Weapon]] = {}
        for chunk in _chunks(ids):
            for row in conn.execute(select(weapons).where(weapons.c.id.in_(chunk))):
                state[row.id] = (_custody(row), _weapon(row))
        missing = [w for w in ids if w not in state]
        if missing:
            raise NotFound(f"no weapon {missing[0]} in the registry" + (f" (and {len(missing) - 1} more)"
                                                                        if len(missing) > 1 else ""))
        step_rows: list[dict[str, Any]] = []
        pending: list[PendingEntry] = []
        certs: list[tuple[int, str]] = []
        destroyed: dict[int, tuple[dt.date, str]] = {}
        for wid, step in steps:
            before, w = state[wid]
            after = apply_step(before, step, witness_parties=self.witness_parties)
            state[wid] = (after, w)
            rec = step_record(step)
            public: dict[str, Any] = {"weapon": wid, "mark": w.mark, "zone": w.zone, **rec}
            if isinstance(step, Destroyed):
                cert = certificate_hash(w, step)
                public["certificate"] = cert
                certs.append((wid, cert))
                destroyed[wid] = (step.on, cert)
            pending.append(PendingEntry(_STEP_KIND[step.kind], public, uow.now, uow.actor, uow.exercise))
            detail = _DETAIL.encode({k: v for k, v in rec.items() if k not in ("kind", "on", "unit")})
            step_rows.append({"weapon": wid, "seq": after.steps, "kind": step.kind, "on": step.on,
                              "place": step_place(step), "unit": step.unit, "detail": detail,
                              "exercise": uow.exercise})
        if step_rows:
            # one entry per step, in order; the profile's sensitive fields are committed as by append()
            for step_row, entry in zip(step_rows, uow.append_many(pending), strict=True):
                step_row["journal_idx"] = entry.index
            insert_many(conn, custody_steps, step_rows)
            bump_counts(conn, Counter(), Counter((state[w][1].zone or "", d) for w, (d, _) in destroyed.items()))
            none = (None, None)
            update_many(conn, weapons, "id", [
                {"id": wid, "status": c.status.value, "place": c.place, "last_on": c.last_on, "steps": c.steps,
                 "destroyed_on": destroyed.get(wid, none)[0], "certificate": destroyed.get(wid, none)[1]}
                for wid, (c, _) in state.items() if c.steps])
        return StepsResult(len(step_rows), tuple(certs))

    # -- reading ------------------------------------------------------------------------------------
    def weapon(self, wid: int, *, history: bool = True) -> WeaponView:
        """One weapon with its custody state and, unless ``history=False``, its custody steps."""
        with self.app.store.read() as conn:
            row = conn.execute(select(weapons).where(weapons.c.id == wid)).first()
            if row is None:
                raise NotFound(f"no weapon {wid} in the registry")
            hist: tuple[dict[str, Any], ...] = ()
            if history:
                hist = tuple({"seq": s.seq, "kind": s.kind, "on": s.on, "unit": s.unit, **json.loads(s.detail)}
                             for s in conn.execute(select(custody_steps).where(custody_steps.c.weapon == wid)
                                                   .order_by(custody_steps.c.seq)))
        return WeaponView(_weapon(row), _custody(row), row.destroyed_on, row.certificate, row.exercise, hist)

    def weapons(self, *, status: str | None = None, zone: str | None = None, type: str | None = None,
                duplicates: bool = False, limit: int = 50, offset: int = 0) -> list[WeaponView]:
        """Weapons by id, filtered by status, zone, type or duplicates only."""
        q = select(weapons).order_by(weapons.c.id).limit(limit).offset(offset)
        if status:
            q = q.where(weapons.c.status == Status(status).value)
        if zone:
            q = q.where(weapons.c.zone == zone)
        if type:
            q = q.where(weapons.c.type == type)
        if duplicates:
            q = q.where(weapons.c.duplicate_of.is_not(None))
        with self.app.store.read() as conn:
            return [WeaponView(_weapon(r), _custody(r), r.destroyed_on, r.certificate, r.exercise)
                    for r in conn.execute(q)]

    def summary(self) -> Summary:
        """The registry's totals: by custody state, duplicates and exercise, and by type, zone and month."""
        with self.app.store.read() as conn:
            return summary(conn)

    # -- military infrastructure -------------------------------------------------------------------
    def register_site(self, s: NewSite, *, actor: str | None = None, exercise: bool = False) -> dict[str, Any]:
        """Register a found military infrastructure site (tunnel, launch site, ...)."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            return self.register_site_in(uow, s)

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

    def destroy_site(self, site_id: str, *, on: dt.date, by: str, method: str, actor: str | None = None,
                     exercise: bool = False) -> site_rules.Site:
        """Record a site's destruction: the day, the responsible unit and the method."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            return self.destroy_site_in(uow, site_id, on=on, by=by, method=method)

    def destroy_site_in(self, uow: UnitOfWork, site_id: str, *, on: dt.date, by: str,
                        method: str) -> site_rules.Site:
        """Record a site's destruction inside the caller's unit of work."""
        s = site_rules.destroy(self._site(uow.conn, site_id), on=on, by=by, method=method)
        self._save_site(uow, s, "disarmament.site_destroyed", {"site": s.id, "on": on, "by": by, "method": method})
        return s

    def verify_site(self, site_id: str, *, on: dt.date, by: str, actor: str | None = None,
                    exercise: bool = False) -> site_rules.Site:
        """Record the verification of a destroyed site by another party than its destroyer."""
        with self.app.store.write(actor or self.app.settings.actor, exercise=exercise) as uow:
            return self.verify_site_in(uow, site_id, on=on, by=by)

    def verify_site_in(self, uow: UnitOfWork, site_id: str, *, on: dt.date, by: str) -> site_rules.Site:
        """Record a site's verification inside the caller's unit of work."""
        s = site_rules.verify(self._site(uow.conn, site_id), on=on, by=by)
        self._save_site(uow, s, "disarmament.site_verified", {"site": s.id, "on": on, "by": by})
        return s

    def sites(self, *, zone: str | None = None, status: str | None = None, limit: int = 100,
              offset: int = 0) -> list[dict[str, Any]]:
        """Infrastructure sites by id, filtered by zone or status, with their GeoJSON geometry."""
        q = select(sites).order_by(sites.c.id).limit(limit).offset(offset)
        if zone:
            q = q.where(sites.c.zone == zone)
        if status:
            q = q.where(sites.c.status == status)
        with self.app.store.read() as conn:
            return [plain_dict({k: (json.loads(v) if k == "geometry" else v) for k, v in r._mapping.items()})
                    for r in conn.execute(q)]

    def _site(self, conn: Connection, site_id: str) -> site_rules.Site:
        r = conn.execute(select(sites).where(sites.c.id == site_id)).first()
        if r is None:
            raise NotFound(f"no infrastructure site {site_id!r}")
        return site_rules.Site(r.id, r.kind, r.found_on, r.status, r.destroyed_on, r.destroyed_by, r.method,
                               r.verified_on, r.verified_by)

    def _save_site(self, uow: UnitOfWork, s: site_rules.Site, kind: str, record: dict[str, Any]) -> None:
        uow.conn.execute(update(sites).where(sites.c.id == s.id).values(
            status=s.status, destroyed_on=s.destroyed_on, destroyed_by=s.destroyed_by, method=s.method,
            verified_on=s.verified_on, verified_by=s.verified_by))
        uow.append(kind, record)

    # -- photos and documents ------------------------------------------------------------------------
    def attach(self, subject: str, subject_id: str, data: bytes, *, media_type: str, caption: str = "",
               actor: str | None = None) -> str:
        """Store ``data`` by content hash and link it to a weapon or site; returns the SHA-256."""
        if subject not in ("weapon", "site"):
            raise InputError("attach to a 'weapon' or a 'site'", field="subject")
        if not data:
            raise InputError("the document is empty", field="file")
        with self.app.store.write(actor or self.app.settings.actor) as uow:
            table, col = (weapons, weapons.c.id) if subject == "weapon" else (sites, sites.c.id)
            key: Any = int(subject_id) if subject == "weapon" else subject_id
            if uow.conn.execute(select(col).where(col == key)).first() is None:
                raise NotFound(f"no {subject} {subject_id!r}")
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
            del table
        return digest


def _chunks(items: Sequence[Any] | Iterable[Any], n: int = _CHUNK) -> Iterable[list[Any]]:
    seq = list(items)
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
