"""Use cases of the mission: load a profile's records, and say where the mandate stands."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, inspect, select

from custodes.board.reports_owed import reports_owed
from custodes.board.results import OverdueReports
from custodes.council.store import council_seats, states
from custodes.errors import ConfigError
from custodes.i18n import t
from custodes.ledger.disclosure import publishes
from custodes.mission.model import MandateView
from custodes.mission.records import ProfileRecord, profile_records
from custodes.mission.store import mission, mission_profile
from custodes.profiles.model import Profile
from custodes.storage.schema import all_tables
from custodes.storage.uow import UnitOfWork

_INTERNAL = {"journal_salts", "journal_head", "mission", "mission_profile"}
#: the order a person reads the records in: the mandate, then each area of work, then the log and accounts
_RECORD_ORDER = {name: i for i, name in enumerate((
    "bodies", "mandates", "mandate_tasks", "mandate_actions", "states", "council_seats", "resolutions",
    "resolution_votes", "council_drafts", "council_draft_votes", "council_vetoes", "governorates",
    "board_members", "board_decisions", "board_funds", "funding_transactions", "board_reports",
    "crossings", "crossing_status", "consignments", "consignment_totals", "notifications", "hazard_zones", "roads",
    "import_runs", "force_nodes", "force_areas", "force_deployments", "force_task_assignments",
    "force_strength_reports", "weapons", "custody_steps", "infra_sites", "disarmament_documents",
    "weapon_zone_day_counts", "withdrawal_phases", "withdrawal_milestones", "incidents", "incident_confirmations",
    "incident_evidence", "grievances", "grievance_cosigners", "cosign_organisations", "journal",
    "journal_sealed", "journal_reveals", "organisations", "accounts", "api_tokens", "sessions", "login_attempts"))}

__all__ = [
    "LoadedMission",
    "MissionStatus",
    "OverdueReports",
    "RecordCount",
    "insert_record",
    "is_loaded",
    "load_profile_records",
    "loaded_mission",
    "mission_status",
    "save_profile_state",
]

publishes("mission.profile_loaded", "profile", "name", "log_origin", "digest")
publishes("mission.governorate", "pcode", "name", "geometry")
publishes("mission.body", "id", "resolution", "kind", "name", "description")
publishes("council.state", "code", "name")
publishes("council.seat", "state", "kind", "year", "term_first", "term_last")
publishes("council.mandate", "body", "resolution", "tasks", "until", "reports")
publishes("aid.crossing", "id", "pcode", "name", "lat", "lon", "kind", "source")


def is_loaded(conn: Connection) -> tuple[str, str] | None:
    """The loaded profile's id and digest, or None before ``custodes init``."""
    row = conn.execute(select(mission.c.id, mission.c.profile_digest)).first()
    return None if row is None else (row[0], row[1])


@dataclass(frozen=True, slots=True)
class LoadedMission:
    """The mission row and what its profile was when loaded or last upgraded.

    ``source``, ``settings`` and ``files`` are None in a database loaded before they were stored; the next
    ``custodes init`` on unchanged profile files fills them in.
    """

    id: str
    digest: str
    log_origin: str
    source: str | None = None
    settings: Mapping[str, Any] | None = None
    files: Mapping[str, str] | None = None


def loaded_mission(conn: Connection) -> LoadedMission | None:
    """The loaded mission, or None before ``custodes init`` (or before the mission table exists)."""
    if not inspect(conn).has_table("mission"):
        return None
    row = conn.execute(select(mission.c.id, mission.c.profile_digest, mission.c.log_origin)).first()
    if row is None:
        return None
    state: dict[str, str] = {}
    if inspect(conn).has_table("mission_profile"):
        state = {r.name: r.value for r in conn.execute(select(mission_profile))}
    return LoadedMission(row[0], row[1], row[2], state.get("source"),
                         json.loads(state["settings"]) if "settings" in state else None,
                         json.loads(state["files"]) if "files" in state else None)


def save_profile_state(conn: Connection, source: str, settings: Mapping[str, Any], files: Mapping[str, str]) -> None:
    """Remember where the profile came from, its settings and its files' digests (for the next upgrade)."""
    conn.execute(delete(mission_profile))
    conn.execute(insert(mission_profile), [
        {"name": "source", "value": source},
        {"name": "settings", "value": json.dumps(dict(settings), sort_keys=True, default=str)},
        {"name": "files", "value": json.dumps(dict(files), sort_keys=True)},
    ])


def insert_record(conn: Connection, record: ProfileRecord) -> None:
    """Insert a profile record's rows, table by table."""
    for table, rows in record.rows:
        if rows:
            conn.execute(insert(table), [dict(r) for r in rows])


def load_profile_records(uow: UnitOfWork, profile: Profile, digest: str, *, log_origin: str, source: str,
                         files: Mapping[str, str]) -> int:
    """Write every record of ``profile`` and journal each one; returns the number of entries."""
    c = uow.conn
    c.execute(insert(mission).values(
        id=profile.id, name_en=profile.name.en, name_ar=profile.name.ar, log_origin=log_origin,
        profile_digest=digest, mandate_start=profile.mandate_start, loaded_at=uow.now))
    save_profile_state(c, source, profile.settings, files)
    uow.append("mission.profile_loaded", {"profile": profile.id, "name": {"en": profile.name.en, "ar": profile.name.ar},
                                          "log_origin": log_origin, "digest": digest})
    for record in profile_records(profile):
        insert_record(c, record)
        uow.append(record.kind, record.rec)
    return len(uow.entries)


@dataclass(frozen=True, slots=True)
class RecordCount:
    """One kind of record as a person reads it: ``label`` in the status's language, and the table behind it."""

    table: str
    label: str
    total: int
    exercise: int | None  # None: the table holds no exercise records

    def as_text(self, lang: str) -> str:
        """``"17"``, or ``"17, 17 of them exercise"`` where some are exercise records."""
        if not self.exercise:
            return str(self.total)
        return f"{self.total}{'، ' if lang == 'ar' else ', '}{t('status.of_them_exercise', lang, n=self.exercise)}"


@dataclass(frozen=True, slots=True)
class MissionStatus:
    profile: str
    name: str
    today: dt.date
    mandate_start: dt.date
    mandates: tuple[MandateView, ...]
    council_year: int
    council_members: tuple[tuple[str, str, str], ...]  # (code, name, permanent|elected)
    counts: Mapping[str, int]
    records: tuple[RecordCount, ...] = ()
    overdue: tuple[OverdueReports, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile, "name": self.name, "today": self.today.isoformat(),
            "mandate_start": self.mandate_start.isoformat(),
            "mandates": [{"body": m.body, "name": m.body_name, "until": m.until.isoformat(),
                          "days_left": m.days_left, "in_force": m.in_force,
                          "next_report_due": m.next_report_due.isoformat() if m.next_report_due else None,
                          "reports_due_so_far": m.reports_due_so_far} for m in self.mandates],
            "council": {"year": self.council_year,
                        "members": [{"code": c, "name": n, "seat": k} for c, n, k in self.council_members]},
            "counts": dict(self.counts),
            "records": [{"table": r.table, "label": r.label, "count": r.total, "exercise": r.exercise}
                        for r in self.records],
            "overdue_reports": [{"body": o.body, "name": o.body_name, "due": [d.isoformat() for d in o.due]}
                                for o in self.overdue],
        }


def mission_status(conn: Connection, profile: Profile, today: dt.date, lang: str = "en") -> MissionStatus:
    """The mission's status on a day: its mandates, the Council's members and record counts (after `custodes init`)."""
    if is_loaded(conn) is None:
        raise ConfigError("the database holds no mission yet; run `custodes init` first")
    body_names = {b.id: b.name.get(lang) for b in profile.bodies()}
    views = tuple(MandateView.of(m, body_names.get(m.body, m.body), today) for m in profile.mandates())
    seats = conn.execute(
        select(council_seats.c.state, states.c.name_en, states.c.name_ar, council_seats.c.kind)
        .join(states, states.c.code == council_seats.c.state)
        .where(council_seats.c.year == today.year).order_by(council_seats.c.kind.desc(), council_seats.c.state)
    ).all()
    members = tuple((s, ar if lang == "ar" else en, k) for s, en, ar, k in seats)
    counts: dict[str, int] = {}
    records: list[RecordCount] = []
    for table in all_tables().sorted_tables:
        if table.name in _INTERNAL:
            continue
        total = conn.execute(select(func.count()).select_from(table)).scalar_one()
        counts[table.name] = total
        exercise: int | None = None
        if "exercise" in table.c:
            exercise = 0
            if total:
                exercise = counts[f"{table.name} (exercise)"] = conn.execute(
                    select(func.count()).select_from(table).where(table.c.exercise.is_(True))).scalar_one()
        records.append(RecordCount(table.name, t(f"record.{table.name}", lang), total, exercise))
    records.sort(key=lambda r: _RECORD_ORDER.get(r.table, len(_RECORD_ORDER)))
    overdue = tuple(
        OverdueReports(body, body_names.get(body, body), tuple(r.due_on for r in owed if r.status == "overdue"))
        for body, owed in sorted(reports_owed(conn, today).items()) if any(r.status == "overdue" for r in owed))
    return MissionStatus(profile.id, profile.name.get(lang), today, profile.mandate_start, views,
                         today.year, members, counts, tuple(records), overdue)
