"""``/api/v1/incidents``: report, read, verify and export incidents; the ceasefire view.

Anyone may report, the public too (anonymously, rate-limited per client address): incidents come from
monitors and from the people who see them. An account's report names the account as its reporter
(restricted) and its organisation as the owner; a public report is anonymous unless it leaves a contact.
Monitors review, confirm (each for its own organisation: confirmations from distinct organisations verify),
mark unverified or reject, attach evidence and import ACLED files. Everyone reads the public view: a hidden
place is coarsened to its governorate, the reporter is never shown; monitors also get the ``restricted``
part (reporter, exact place). Exports are public by default; the restricted full view is for monitors.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from custodes.accounts.model import Role
from custodes.accounts.policy import ALL_ROLES, Principal, declare
from custodes.accounts.service import actor_of
from custodes.errors import InputError
from custodes.exports.xlsx import XLSX_MEDIA_TYPE
from custodes.incidents.exchange import export_pieces, export_xlsx, import_incidents
from custodes.incidents.visibility import check_full_export
from custodes.web.deps import AppDep, Paged, WebDep, authorize, limit_public_filing
from custodes.web.inputs import IdPath, LongText, ShortText
from custodes.web.pagination import Page
from custodes.web.problems import ProblemError, responses
from custodes.web.records import Records, exercise_of
from custodes.web.schemas_incidents import REPORT_ACTOR

__all__ = ["router"]

declare({"incidents.read": ALL_ROLES, "incidents.report": ALL_ROLES, "incidents.verify": [Role.MONITOR]})

router = APIRouter(prefix="/api/v1/incidents", tags=["incidents"])
Reader = Annotated[Principal, authorize("incidents.read")]
Verifier = Annotated[Principal, authorize("incidents.verify")]
Status = Literal["reported", "under_review", "verified", "unverified", "rejected"]
MAX_UPLOAD = 20 * 2**20
EXPORT_TYPES = {"acled": "text/csv", "hxl": "text/csv", "geojson": "application/geo+json", "xlsx": XLSX_MEDIA_TYPE}


# -- schemas ------------------------------------------------------------------------------------------
class IncidentIn(BaseModel):
    event_date: dt.date
    event_type: ShortText = Field(description="ACLED event type, e.g. Violence against civilians")
    sub_event_type: ShortText = Field(description="ACLED sub-event type, e.g. Attack")
    actor1: ShortText = Field(min_length=1)
    inter1: int = Field(ge=1, le=8, description="ACLED inter code of the first actor")
    actor2: ShortText | None = None
    inter2: int | None = Field(default=None, ge=1, le=8)
    assoc_actor_1: ShortText = ""
    assoc_actor_2: ShortText = ""
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False, description="WGS 84")
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    location: ShortText = Field(default="", description="place name")
    hide_location: bool = Field(default=False, description="keep the exact place private (public views get "
                                "the governorate)")
    geo_precision: Literal[1, 2, 3] = Field(default=1, description="1 exact, 2 near, 3 region")
    time_precision: Literal[1, 2, 3] = Field(default=1, description="1 day, 2 week, 3 month")
    fatalities: int = Field(default=0, ge=0, le=1_000_000)
    civilian_targeting: bool = False
    source: ShortText = ""
    notes: LongText = Field(default="", description="public: do not put names here")
    tags: ShortText = ""
    reporter: ShortText | None = Field(default=None, description="the public only: a name or contact for "
                                       "follow-up, seen by monitors only (omit to stay anonymous); an account's "
                                       "report is always the account's")


class ConfirmationOut(BaseModel):
    organisation: str
    at: str


class RestrictedOut(BaseModel):
    """What only roles the policy allows see (each field null for the others)."""

    reporter: str | None = Field(description="who reported (null: anonymous)")
    lat: float | None
    lon: float | None
    location: str | None


class IncidentOut(BaseModel):
    id: str
    status: Status
    event_date: dt.date
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int | None
    interaction: int
    civilian_targeting: bool
    admin1: str
    admin2: str
    admin3: str
    location: str
    lat: float = Field(description="the governorate's centre when the place is hidden")
    lon: float
    geo_precision: int
    pcode: str | None
    location_coarsened: bool
    fatalities: int
    source: str
    source_scale: str
    notes: str
    tags: str
    origin: str
    organisation: str | None = Field(description="the organisation that owns the report")
    exercise: bool
    confirmations: list[ConfirmationOut]
    evidence: list[str] = Field(description="SHA-256 of each evidence document")
    restricted: RestrictedOut | None = Field(default=None, description="for monitors only")


class ReasonIn(BaseModel):
    reason: LongText = Field(min_length=1)


class NoteIn(BaseModel):
    note: LongText = ""


class EvidenceOut(BaseModel):
    incident: str
    sha256: str


class ImportOut(BaseModel):
    sha256: str
    rows: int
    added: int
    unchanged: int
    refused: int
    entries: int


class DayCountOut(BaseModel):
    day: dt.date
    event_type: str
    pcode: str | None
    incidents: int
    fatalities: int


class VerifiedOut(BaseModel):
    source: str
    rows: list[DayCountOut]
    not_verified_by_status: dict[str, int]


class CoversOut(BaseModel):
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")


class ContextDayOut(BaseModel):
    day: dt.date
    covers: CoversOut = Field(description="the days the report covers (several for a 48-96 hour report)")
    report_period_hours: int | None
    series: dict[str, int | None] = Field(description="new_deaths (the series), bodies_recovered, "
                                                      "added_by_committee, died_of_earlier_injuries")
    all_deaths_reported: int | None = Field(description="TfP's killed: the sum of the four kinds, not new deaths")
    injured: int | None
    killed_cum: int | None
    report_source: str
    stated_source: str
    flags: list[str]


class SeriesOut(BaseModel):
    field: str
    label: dict[str, str]
    total: int


class ContextOut(BaseModel):
    source: str
    attribution: str | None
    note: str
    series: dict[str, SeriesOut]
    fields: dict[str, str]
    flags: dict[str, str]
    days: list[ContextDayOut]


class PeriodOut(BaseModel):
    start: dt.date
    end: dt.date


class CeasefireOut(BaseModel):
    period: PeriodOut
    mission_verified_incidents: VerifiedOut
    context_indicators: ContextOut


def _out(app: Any, who: Principal, pub: dict[str, Any]) -> IncidentOut:
    """A public view as ``who`` reads it (custodes.incidents.visibility: owner and restricted part)."""
    return IncidentOut.model_validate(app.incidents.views_for(who, [pub])[0])


# -- reading ------------------------------------------------------------------------------------------
@router.get("", responses=responses(403, 422))
def incidents(app: AppDep, who: Reader, page: Paged,
              status: Annotated[Status | None, Query(description="only this status")] = None,
              pcode: Annotated[str | None, Query(max_length=20, description="only this governorate")] = None,
              event_type: Annotated[str | None, Query(max_length=200, description="only this type")] = None,
              organisation: Annotated[str | None, Query(max_length=64, description="only this owner's")] = None,
              since: Annotated[dt.date | None, Query(description="events from this day")] = None,
              until: Annotated[dt.date | None, Query(description="events up to this day")] = None,
              records: Records = "real") -> Page[IncidentOut]:
    """Incidents, newest event first; ``organisation`` filters by the reporting organisation only for the roles that
    see who reported, and for an organisation's own accounts (anyone else would learn it from the count)."""
    found = app.incidents.list_for(who, status=status, pcode=pcode, event_type=event_type, since=since, until=until,
                                   organisation=organisation, exercise=exercise_of(records), limit=page.limit,
                                   offset=page.offset)
    return Page.of([IncidentOut.model_validate(r) for r in found], found.total, page)


@router.get("/export", response_class=StreamingResponse, responses={
    200: {"description": "the incidents as ACLED CSV, HXL-tagged CSV, GeoJSON or XLSX (ACLED's columns, the HXL row)",
          "content": {"text/csv": {"schema": {"type": "string"}},
                      "application/geo+json": {"schema": {"type": "object"}},
                      XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
    **responses(401, 403, 422)})
def export(app: AppDep, who: Reader,
           format: Annotated[Literal["acled", "hxl", "geojson", "xlsx"], Query(description="the file format")]
           = "acled",
           view: Annotated[Literal["public", "restricted"], Query(
               description="public (hidden places coarsened, no reporter) or restricted (exact places; monitors)")]
           = "public",
           status: Annotated[Status | None, Query(description="only this status")] = None,
           since: Annotated[dt.date | None, Query()] = None,
           until: Annotated[dt.date | None, Query()] = None, records: Records = "real") -> StreamingResponse:
    """Every incident in an exchange format; the restricted full view is marked so in every row."""
    if view == "restricted" and not who.authenticated:
        raise ProblemError(401, "unauthorized", "sign in to export the restricted view",
                           headers={"WWW-Authenticate": 'Bearer realm="custodes"'})
    if view == "restricted":
        check_full_export(who)
    if format == "xlsx":
        return StreamingResponse(export_xlsx(app.incidents, full=view == "restricted", status=status, since=since,
                                             until=until, exercise=exercise_of(records)), media_type=XLSX_MEDIA_TYPE,
                                 headers={"Content-Disposition": f'attachment; filename="incidents-{view}.xlsx"'})
    pieces = export_pieces(app.incidents, fmt=format, full=view == "restricted", status=status, since=since,
                           until=until, exercise=exercise_of(records))
    ext = "geojson" if format == "geojson" else "csv"
    return StreamingResponse(pieces, media_type=EXPORT_TYPES[format] + ("; charset=utf-8" if ext == "csv" else ""),
                             headers={"Content-Disposition": f'attachment; filename="incidents-{view}.{ext}"'})


@router.get("/ceasefire", responses=responses(422))
def ceasefire(app: AppDep, who: Reader,
              since: Annotated[dt.date | None, Query(description="from this day (default the mandate's start)")]
              = None,
              until: Annotated[dt.date | None, Query(description="to this day (default today)")] = None,
              records: Records = "real") -> CeasefireOut:
    """Mission-verified incidents per day, type and governorate; third-party context figures apart.

    The context file is the server's (environment CUSTODES_CONTEXT_CASUALTIES), never a client's path."""
    env = os.environ.get("CUSTODES_CONTEXT_CASUALTIES")
    v = app.incidents.ceasefire(since or app.profile.mandate_start, until or app.today(),
                                context_file=FilePath(env) if env else None, exercise=exercise_of(records))
    return CeasefireOut.model_validate(v.as_json())


@router.get("/{incident_id}", responses=responses(404, 422))
def incident(app: AppDep, who: Reader, incident_id: IdPath) -> IncidentOut:
    """One incident (the restricted part for monitors)."""
    return IncidentOut.model_validate(app.incidents.get_for(who, incident_id))


# -- reporting and verifying --------------------------------------------------------------------------
@router.post("", status_code=201, responses=responses(401, 422, 429))
def report(body: IncidentIn, request: Request, web: WebDep,
           who: Annotated[Principal, authorize("incidents.report")]) -> IncidentOut:
    """Report an incident (anyone; the public anonymously unless it leaves a contact)."""
    limit_public_filing(web, request, who)
    app = web.custodes
    fields = body.model_dump(exclude={"reporter"})
    pub = app.incidents.report(REPORT_ACTOR, **fields,
                               reporter=actor_of(who) if who.authenticated else body.reporter,
                               organisation=who.org if who.authenticated else None)
    return _out(app, who, pub)


@router.post("/{incident_id}/review", responses=responses(401, 403, 404, 409, 422))
def review(app: AppDep, who: Verifier, incident_id: IdPath) -> IncidentOut:
    """Start reviewing a report (reported, or unverified on new information -> under review)."""
    return _out(app, who, app.incidents.start_review(actor_of(who), incident_id))


@router.post("/{incident_id}/confirm", responses=responses(401, 403, 404, 409, 422))
def confirm(app: AppDep, who: Verifier, incident_id: IdPath, body: NoteIn | None = None) -> IncidentOut:
    """Confirm independently, for your organisation; confirmations from enough distinct organisations verify."""
    org = who.organisation()
    pub = app.incidents.confirm(actor_of(who), incident_id, org, note=body.note if body else "")
    return _out(app, who, pub)


@router.post("/{incident_id}/unverify", responses=responses(401, 403, 404, 409, 422))
def unverify(body: ReasonIn, app: AppDep, who: Verifier, incident_id: IdPath) -> IncidentOut:
    """under review -> unverified: not enough independent confirmation could be found."""
    return _out(app, who, app.incidents.unverify(actor_of(who), incident_id, body.reason))


@router.post("/{incident_id}/reject", responses=responses(401, 403, 404, 409, 422))
def reject(body: ReasonIn, app: AppDep, who: Verifier, incident_id: IdPath) -> IncidentOut:
    """reported or under review -> rejected: false, a duplicate, or out of scope."""
    return _out(app, who, app.incidents.reject(actor_of(who), incident_id, body.reason))


@router.post("/{incident_id}/evidence", status_code=201, responses=responses(401, 403, 404, 422))
def evidence(app: AppDep, who: Verifier, incident_id: IdPath,
             data: Annotated[bytes, Body(media_type="application/octet-stream", description="the document")],
             request: Request) -> EvidenceOut:
    """Attach a document: stored by its SHA-256, the hash journalled and shown publicly."""
    if len(data) > MAX_UPLOAD:
        raise InputError(f"the document has {len(data)} bytes; at most {MAX_UPLOAD}", field="body")
    media = request.headers.get("content-type", "application/octet-stream")[:100]
    return EvidenceOut(incident=incident_id, sha256=app.incidents.add_evidence(actor_of(who), incident_id, data,
                                                                               media))


@router.post("/import", responses=responses(401, 403, 422))
def import_file(app: AppDep, who: Verifier,
                data: Annotated[bytes, Body(media_type="text/csv", description="ACLED-format or HXL-tagged CSV")],
                format: Annotated[Literal["acled", "hxl"], Query(description="the file's format")] = "acled",
                skip_bad: Annotated[bool, Query(description="write the good rows, count the refused")] = False,
                ) -> ImportOut:
    """Import incidents; a bad row refuses the whole file (line and field named) unless skip_bad."""
    if len(data) > MAX_UPLOAD:
        raise InputError(f"the file has {len(data)} bytes; at most {MAX_UPLOAD}", field="body")
    with tempfile.TemporaryDirectory() as tmp:
        path = FilePath(tmp) / "upload.csv"
        path.write_bytes(data)
        try:
            r = import_incidents(app.incidents, path, actor_of(who), fmt=format, skip_bad=skip_bad,
                                 report_path=FilePath(tmp) / "refused.csv")
        except InputError as e:
            raise InputError(e.problem, source="upload", line=e.line, field=e.field) from None
    return ImportOut(sha256=r.sha256, rows=r.rows, added=r.added, unchanged=r.unchanged, refused=len(r.refused),
                     entries=r.entries)

