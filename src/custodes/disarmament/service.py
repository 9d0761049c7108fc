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
from typing import Any

from sqlalchemy import func, select

from custodes.accounts.policy import Principal
from custodes.disarmament import reads
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
from custodes.disarmament.results import Certificate, Registered, StepsResult, Summary, WeaponView
from custodes.disarmament.settings import DisarmamentSettings
from custodes.disarmament.site_cases import NewSite, SiteCases
from custodes.disarmament.store import bump_counts, custody_steps, weapons
from custodes.errors import InputError, NotFound
from custodes.force.ownership import CommandTree, require_acts_for_units
from custodes.geo.places import GovernorateIndex
from custodes.ledger.disclosure import publishes
from custodes.ledger.sequencer import PendingEntry
from custodes.paging import DEFAULT_LIMIT, Page
from custodes.storage.blobs import BlobStore
from custodes.storage.bulk import insert_many, update_many
from custodes.storage.uow import Store, UnitOfWork

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
# geometry) unless a profile publishes them as coarse figures. Its zone, the governorate P-code holding it (one of
# five), is derived from that geometry and published on purpose, as a hidden incident's governorate is: the public
# views count sites per governorate
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


#: a step's private detail as stored (``json.dumps(..., ensure_ascii=False, sort_keys=True, default=str)``, made once)
_DETAIL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


class DisarmamentService(SiteCases):
    """Demilitarisation use cases over one mission's store (sites and documents: :class:`SiteCases`)."""

    def __init__(self, store: Store, settings: DisarmamentSettings, blobs: BlobStore) -> None:
        self.store = store
        self.settings = settings
        self.witness_parties = settings.witness_parties
        self.zones = settings.zones
        self.blobs = blobs
        self._index: GovernorateIndex | None = None

    # -- registering and custody ------------------------------------------------------------------
    # ``acting``: the signed-in principal, who must act for every unit named (custodes.force.ownership); the
    # command line passes None (its operator acts for every unit)
    def register(self, items: Sequence[NewWeapon], *, actor: str, exercise: bool = False,
                 acting: Principal | None = None) -> list[Registered]:
        """Register weapons in one unit of work; duplicates of make, model and serial are flagged."""
        with self.store.write(actor, exercise=exercise) as uow:
            require_acts_for_units(uow.conn, acting, [w.unit for w in items], "register weapons")
            return self.register_in(uow, items)

    def collect(self, items: Sequence[tuple[NewWeapon, Collected]], *, actor: str, exercise: bool = False,
                acting: Principal | None = None) -> list[Registered]:
        """Register weapons and record their collection, all in one unit of work (a collection batch)."""
        with self.store.write(actor, exercise=exercise) as uow:
            require_acts_for_units(uow.conn, acting, [u for w, c in items for u in (w.unit, c.unit)],
                                   "record collections")
            regs = self.register_in(uow, [w if w.on else replace(w, on=c.on) for w, c in items])
            self.record_in(uow, [(r.id, c) for r, (_, c) in zip(regs, items, strict=True)])
            return regs

    def record(self, steps: Sequence[tuple[int, Step]], *, actor: str, exercise: bool = False,
               acting: Principal | None = None) -> StepsResult:
        """Record custody steps (weapon id, step) in order, in one unit of work; any refusal refuses all.

        ``acting`` must act for the unit that registered each weapon and for each step's unit."""
        with self.store.write(actor, exercise=exercise) as uow:
            if acting is not None:
                owners = uow.conn.execute(select(weapons.c.unit).where(
                    weapons.c.id.in_(sorted({w for w, _ in steps}))).distinct())
                require_acts_for_units(uow.conn, acting, [u for (u,) in owners], "record custody steps")
                require_acts_for_units(uow.conn, acting, [s.unit for _, s in steps], "record custody steps")
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
                state[row.id] = (reads.custody_of(row), reads.weapon_of(row))
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
        with self.store.read() as conn:
            return reads.weapon_view(conn, wid, history=history)

    def weapons(self, *, status: str | None = None, zone: str | None = None, type: str | None = None,
                duplicates: bool = False, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                offset: int = 0) -> Page[WeaponView]:
        """Weapons by id, filtered by status, zone, type or duplicates only."""
        with self.store.read() as conn:
            return reads.weapon_page(conn, status=status, zone=zone, type=type, duplicates=duplicates,
                                     exercise=exercise, limit=limit, offset=offset)

    def certificates(self, *, zone: str | None = None, exercise: bool | None = None, limit: int = DEFAULT_LIMIT,
                     offset: int = 0) -> Page[tuple[int, str]]:
        """Destruction certificates: (weapon, certificate hash), by weapon."""
        with self.store.read() as conn:
            return reads.certificate_page(conn, zone=zone, exercise=exercise, limit=limit, offset=offset)

    def certificate(self, wid: int) -> Certificate:
        """A destroyed weapon's certificate: the fields its hash covers, so that anyone can recompute it."""
        with self.store.read() as conn:
            return reads.certificate(conn, wid)

    def summary(self, *, exercise: bool | None = None) -> Summary:
        """The registry's totals: by custody state, duplicates and exercise, and by type, zone and month."""
        with self.store.read() as conn:
            return reads.summary(conn, exercise=exercise)

    def months(self, *, exercise: bool | None = None) -> dict[str, tuple[int, int]]:
        """(collected, destroyed) weapons per month (YYYY-MM)."""
        with self.store.read() as conn:
            return reads.months(conn, exercise=exercise)

    def custody_counts(self, *, exercise: bool | None = None) -> dict[str, int]:
        """Weapons per custody status."""
        with self.store.read() as conn:
            return reads.custody_counts(conn, exercise=exercise)

    def site_counts(self, *, exercise: bool | None = None) -> dict[str, int]:
        """Infrastructure sites per status (found, destroyed, verified): counts only, no places."""
        with self.store.read() as conn:
            return reads.site_counts(conn, exercise=exercise)

    def custody_choices(self, acting: Principal | None, *, weapons: int = 300,
                        depots: int = 200) -> tuple[list[tuple[int, str, str, str]], list[str]]:
        """What a custody form offers: the newest weapons not yet destroyed whose unit ``acting`` acts for, as
        (id, mark, type, status), and the depots weapons were stored in."""
        with self.store.read() as conn:
            tree = CommandTree(conn)
            mine = [(wid, mark, kind, status) for wid, mark, kind, unit, status
                    in reads.open_weapons(conn, limit=weapons) if tree.acts_for(acting, unit)]
            return mine, reads.depots(conn, limit=depots)


def _chunks(items: Sequence[Any] | Iterable[Any], n: int = _CHUNK) -> Iterable[list[Any]]:
    seq = list(items)
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
