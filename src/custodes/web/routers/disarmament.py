"""``/api/v1/disarmament``: the weapons registry, custody steps, destruction certificates, the summary.

Sites and documents are in :mod:`~custodes.web.routers.disarmament_sites`, CSV imports in
:mod:`~custodes.web.routers.disarmament_imports`; this module declares the policy for all three.

Policy (declared here): the force headquarters and contingents record (each for its own units' records);
monitors verify sites; the Board, Council delegations, monitors and administrators read; the public sees
the summary only. Who handed weapons over (``weapon.handed_over_by``) is seen only by the force and
monitors; a site's exact place (``site.exact_location``) as the foundation's policy says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from custodes.accounts import policy
from custodes.accounts.model import Role
from custodes.accounts.policy import Principal
from custodes.accounts.service import actor_of
from custodes.disarmament.model import Collected, Destroyed, Status, Step, Stored, Transferred, Witness
from custodes.disarmament.service import NewWeapon
from custodes.web.deps import AppDep, Paged, authorize
from custodes.web.pagination import Page
from custodes.web.problems import responses
from custodes.web.records import Records, exercise_of
from custodes.web.routers.force import READERS, RecordDate

__all__ = ["DISARMAMENT_ACTIONS", "DISARMAMENT_FIELDS", "MAX_DOCUMENT", "router"]

DISARMAMENT_ACTIONS: dict[str, frozenset[Role]] = {
    "disarmament.read": READERS,                                      # registry, custody, certificates, sites
    "disarmament.summary": policy.ALL_ROLES,                          # totals by type, zone, month
    "disarmament.write": frozenset({Role.FORCE_HQ, Role.CONTINGENT}),  # register, custody steps, sites, documents
    "disarmament.verify": frozenset({Role.FORCE_HQ, Role.MONITOR}),   # verify a site's destruction
}
DISARMAMENT_FIELDS: dict[str, frozenset[Role]] = {
    # the group that handed weapons over: committed in the public log, in clear only for these
    "weapon.handed_over_by": frozenset({Role.FORCE_HQ, Role.CONTINGENT, Role.MONITOR}),
}
policy.declare(DISARMAMENT_ACTIONS, DISARMAMENT_FIELDS)

MAX_DOCUMENT = 10 * 2**20
MAX_BATCH = 1000
router = APIRouter(prefix="/api/v1/disarmament", tags=["disarmament"])
Reader = Annotated[Principal, authorize("disarmament.read")]
Writer = Annotated[Principal, authorize("disarmament.write")]
Text = Annotated[str, Field(max_length=120)]
Unit = Annotated[str, Field(min_length=1, max_length=80, description="the unit or body responsible")]
Zone = Annotated[str | None, Query(max_length=12, description="governorate P-code")]
WeaponId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class WeaponIn(BaseModel):
    type: str = Field(min_length=1, max_length=40)
    unit: Unit
    model: Text = ""
    calibre: str = Field("", max_length=40)
    manufacturer: Text = ""
    country_of_manufacture: str = Field("", max_length=80)
    year_of_manufacture: int | None = Field(None, ge=1800, le=2100)
    serial: str = Field("", max_length=80)
    markings: str = Field("", max_length=2000)
    marking_place: Text = ""
    import_mark: Text = ""
    zone: str | None = Field(None, max_length=12, description="governorate P-code")
    on: RecordDate | None = Field(None, description="registered on; default today")


class CollectedIn(BaseModel):
    kind: Literal["collected"] = "collected"
    on: RecordDate
    site: str = Field(min_length=1, max_length=80)
    unit: Unit
    receipt: str = Field(min_length=1, max_length=80)
    handed_over_by: str = Field("", max_length=200, description="the group handing over (restricted)")


class StoredIn(BaseModel):
    kind: Literal["stored"] = "stored"
    on: RecordDate
    depot: str = Field(min_length=1, max_length=80)
    unit: Unit


class TransferredIn(BaseModel):
    kind: Literal["transferred"] = "transferred"
    on: RecordDate
    source: str = Field(min_length=1, max_length=80, description="the depot it leaves")
    to: str = Field(min_length=1, max_length=80, description="the depot it enters")
    unit: Unit
    released_by: str = Field(min_length=1, max_length=80)
    received_by: str = Field(min_length=1, max_length=80)


class WitnessIn(BaseModel):
    party: str = Field(min_length=1, max_length=80)
    role: str = Field(min_length=1, max_length=80, description="a role, never a person's name")


class DestroyedIn(BaseModel):
    kind: Literal["destroyed"] = "destroyed"
    on: RecordDate
    place: str = Field(min_length=1, max_length=80)
    unit: Unit
    method: str = Field(min_length=1, max_length=40)
    witnesses: list[WitnessIn] = Field(max_length=20)


StepIn = Annotated[CollectedIn | StoredIn | TransferredIn | DestroyedIn, Field(discriminator="kind")]


class WeaponStepIn(BaseModel):
    weapon: int = Field(ge=1, le=2**31 - 1)
    step: StepIn


class StepsIn(BaseModel):
    steps: list[WeaponStepIn] = Field(min_length=1, max_length=MAX_BATCH)


class CollectionItemIn(BaseModel):
    weapon: WeaponIn
    collected: CollectedIn


class CollectionIn(BaseModel):
    items: list[CollectionItemIn] = Field(min_length=1, max_length=MAX_BATCH)


class WeaponsIn(BaseModel):
    weapons: list[WeaponIn] = Field(min_length=1, max_length=MAX_BATCH)


class RegisteredOut(BaseModel):
    id: int
    mark: str
    duplicate_of: int | None


class CertificateRefOut(BaseModel):
    weapon: int
    certificate: str


class StepsOut(BaseModel):
    steps: int
    certificates: list[CertificateRefOut]


class WeaponOut(BaseModel):
    id: int
    type: str
    model: str
    calibre: str
    manufacturer: str
    country_of_manufacture: str
    year_of_manufacture: int | None
    serial: str
    markings: str
    marking_place: str
    import_mark: str
    zone: str | None
    unit: str
    mark: str
    duplicate_of: int | None
    status: str
    place: str | None
    last_on: dt.date | None
    destroyed_on: dt.date | None
    certificate: str | None
    exercise: bool


class WeaponDetailOut(WeaponOut):
    history: list[dict[str, Any]] = Field(description="custody steps in order; handed_over_by is null for "
                                                      "roles that may not see it")


class CertificateOut(BaseModel):
    certificate: str = Field(description="sha256: over the canonical JSON of the weapon and its destruction")
    weapon: int
    mark: str
    type: str
    model: str
    calibre: str
    serial: str
    destruction: dict[str, Any]


class CountsOut(BaseModel):
    registered: int
    in_custody: int
    destroyed: int


class SummaryOut(BaseModel):
    registered: int
    in_custody: int
    destroyed: int
    not_collected: int
    duplicates_flagged: int
    exercise_records: int
    by_type: dict[str, CountsOut]
    by_zone: dict[str, CountsOut]
    by_month: dict[str, dict[str, int]]
    sites: dict[str, int]


def _step(s: CollectedIn | StoredIn | TransferredIn | DestroyedIn) -> Step:
    match s:
        case CollectedIn():
            return Collected(s.on, s.site, s.unit, s.receipt, s.handed_over_by)
        case StoredIn():
            return Stored(s.on, s.depot, s.unit)
        case TransferredIn():
            return Transferred(s.on, s.source, s.to, s.unit, s.released_by, s.received_by)
        case DestroyedIn():
            return Destroyed(s.on, s.place, s.unit, s.method, tuple(Witness(w.party, w.role) for w in s.witnesses))
    raise AssertionError("unreachable")  # pragma: no cover


def _new(w: WeaponIn) -> NewWeapon:
    return NewWeapon(w.type, w.model, w.calibre, w.manufacturer, w.country_of_manufacture, w.year_of_manufacture,
                     w.serial, w.markings, w.marking_place, w.import_mark, w.zone, w.unit, w.on)


def _redact_history(role: Role, history: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [policy.redact(role, h, {"handed_over_by": "weapon.handed_over_by"}) for h in history]


# -- the registry -----------------------------------------------------------------------------------
@router.post("/weapons", status_code=201, responses=responses(401, 403, 422))
def register(app: AppDep, who: Writer, body: WeaponsIn) -> list[RegisteredOut]:
    """Register weapons in one batch (all or none); duplicates of make, model and serial are flagged."""
    regs = app.disarmament.register([_new(w) for w in body.weapons], actor=actor_of(who), acting=who)
    return [RegisteredOut.model_validate(r.as_json()) for r in regs]


@router.post("/collections", status_code=201, responses=responses(401, 403, 409, 422))
def collect(app: AppDep, who: Writer, body: CollectionIn) -> list[RegisteredOut]:
    """Register weapons and record their collection in one batch (a collection round)."""
    regs = app.disarmament.collect([(_new(i.weapon), _step(i.collected)) for i in body.items],  # type: ignore[misc]
                                   actor=actor_of(who), acting=who)
    return [RegisteredOut.model_validate(r.as_json()) for r in regs]


@router.get("/weapons", responses=responses(401, 403, 422))
def list_weapons(app: AppDep, who: Reader, page: Paged,
                 status: Annotated[Status | None, Query(description="custody status")] = None,
                 zone: Zone = None, type: Annotated[str | None, Query(max_length=40)] = None,
                 duplicates: Annotated[bool, Query(description="only flagged duplicates")] = False,
                 records: Records = "real") -> Page[WeaponOut]:
    """The registry (paged; filters ``status``, ``zone``, ``type``, ``duplicates``)."""
    found = app.disarmament.weapons(status=status.value if status else None, zone=zone, type=type,
                                    duplicates=duplicates, exercise=exercise_of(records), limit=page.limit,
                                    offset=page.offset)
    items = [WeaponOut.model_validate({k: v for k, v in w.as_json().items() if k != "history"}) for w in found]
    return Page.of(items, found.total, page)


@router.get("/weapons/{weapon_id}", responses=responses(401, 403, 404, 422))
def show_weapon(app: AppDep, who: Reader, weapon_id: WeaponId) -> WeaponDetailOut:
    """One weapon with its custody history (who handed it over is redacted for roles that may not see it)."""
    v = app.disarmament.weapon(weapon_id)
    out = v.as_json(public=False)
    out["history"] = _redact_history(who.role, out["history"])
    return WeaponDetailOut.model_validate(out)


# -- custody -----------------------------------------------------------------------------------------
@router.post("/steps", status_code=201, responses=responses(401, 403, 404, 409, 422))
def record_steps(app: AppDep, who: Writer, body: StepsIn) -> StepsOut:
    """Record custody steps (collect, store, transfer, destroy) in order, in one batch; a refusal refuses all."""
    res = app.disarmament.record([(s.weapon, _step(s.step)) for s in body.steps], actor=actor_of(who), acting=who)
    return StepsOut.model_validate(res.as_json())


@router.post("/weapons/{weapon_id}/steps", status_code=201, responses=responses(401, 403, 404, 409, 422))
def record_step(app: AppDep, who: Writer, weapon_id: WeaponId, body: StepIn) -> StepsOut:
    """Record one custody step of a weapon."""
    return record_steps(app, who, StepsIn(steps=[WeaponStepIn(weapon=weapon_id, step=body)]))


@router.get("/certificates", responses=responses(401, 403, 422))
def certificates(app: AppDep, who: Reader, page: Paged, zone: Zone = None,
                 records: Records = "real") -> Page[CertificateRefOut]:
    """Destruction certificates (the weapon and its certificate hash), by weapon."""
    found = app.disarmament.certificates(zone=zone, exercise=exercise_of(records), limit=page.limit,
                                         offset=page.offset)
    return Page.of([CertificateRefOut(weapon=w, certificate=c) for w, c in found], found.total, page)


@router.get("/weapons/{weapon_id}/certificate", responses=responses(401, 403, 404, 422))
def certificate(app: AppDep, who: Reader, weapon_id: WeaponId) -> CertificateOut:
    """A destroyed weapon's certificate: the fields its hash covers, so anyone can recompute it."""
    return CertificateOut.model_validate(app.disarmament.certificate(weapon_id).as_json())


@router.get("/summary", responses=responses(422))
def summary(app: AppDep, who: Annotated[Principal, authorize("disarmament.summary")],
            records: Records = "real") -> SummaryOut:
    """Totals by type, zone and month, and infrastructure sites by status (public)."""
    return SummaryOut.model_validate(app.disarmament.summary(exercise=exercise_of(records)).as_json())
