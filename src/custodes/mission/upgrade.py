"""Upgrade the loaded profile to a new version of its files, in the caller's unit of work.

What changed is journaled as one ``mission.profile_upgraded`` entry (settings old -> new, files added,
changed and removed with their SHA-256 digests, the old and new profile digest, the records added,
changed and removed), followed by each added or changed record under the kind ``custodes init``
journals it with. Changes that would rewrite history are refused by name before anything is written:
another mission (profile id), another log origin, or removing a state, Council seat, governorate,
crossing, resolution, body or mandate that stored records use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, column, delete, func, inspect, select, table, update

from custodes.errors import ConfigError
from custodes.ledger.disclosure import publishes
from custodes.mission.records import RECORD_KINDS, ProfileRecord, profile_records
from custodes.mission.service import insert_record, loaded_mission, save_profile_state
from custodes.mission.store import mission
from custodes.profiles.model import Profile
from custodes.storage.uow import UnitOfWork

__all__ = ["USES", "UpgradeResult", "upgrade_profile"]

publishes("mission.profile_upgraded", "profile", "old_digest", "new_digest", "settings", "previous_known", "files",
          "records")

#: where stored (non-profile) records use a profile record: kind -> (table, ((its column, the record's column), ...))
USES: dict[str, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = {
    "council.state": (("council_draft_votes", (("state", "code"),)),
                      ("force_strength_reports", (("state", "code"),)),
                      ("force_nodes", (("state", "code"),))),
    "mission.governorate": (("incidents", (("pcode", "pcode"),)),
                            ("grievances", (("pcode", "pcode"),)),
                            ("notifications", (("pcode", "pcode"),))),
    "aid.crossing": (("crossing_status", (("crossing", "id"),)),
                     ("consignments", (("crossing", "id"),)),
                     ("consignment_totals", (("crossing", "id"),))),
    "council.resolution_adopted": (("mandate_actions", (("resolution", "symbol"),)),),
    "mission.body": (("mandate_actions", (("body", "id"),)),),
    "council.mandate": (("mandate_actions", (("resolution", "symbol"), ("body", "body"))),),
}
_NOUNS = {"council.state": "state", "council.seat": "Council seat", "mission.governorate": "governorate",
          "aid.crossing": "crossing", "council.resolution_adopted": "resolution", "mission.body": "body",
          "council.mandate": "mandate"}


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    upgraded: bool
    profile: str
    old_digest: str
    new_digest: str
    settings: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)  # key -> (old, new)
    files: Mapping[str, Sequence[str]] = field(default_factory=dict)  # added / changed / removed -> paths
    records: Mapping[str, Sequence[str]] = field(default_factory=dict)  # added / changed / removed -> kind:key
    entries: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"upgraded": self.upgraded, "profile": self.profile, "old_digest": self.old_digest,
                "new_digest": self.new_digest,
                "settings": {k: {"old": o, "new": n} for k, (o, n) in self.settings.items()},
                "files": {k: list(v) for k, v in self.files.items()},
                "records": {k: list(v) for k, v in self.records.items()}, "entries": self.entries}


def _where(t: Table, match: Mapping[str, Any]) -> Any:
    return and_(*(t.c[c] == v for c, v in match.items()))


def _norm(rows: Sequence[Mapping[str, Any]], cols: Sequence[str]) -> list[tuple[Any, ...]]:
    return sorted((tuple(r[c] for c in cols) for r in rows), key=repr)


def _differs(conn: Connection, rec: ProfileRecord) -> bool:
    for t, rows in rec.rows:
        cols = sorted(t.c.keys())
        stored = [dict(r._mapping) for r in conn.execute(select(t).where(_where(t, rec.match)))]
        if _norm(stored, cols) != _norm([{c: r.get(c) for c in cols} for r in rows], cols):
            return True
    return False


def _uses(conn: Connection, kind: str, match: Mapping[str, Any]) -> list[str]:
    """Where stored records use the profile record ``kind``/``match``: '<n> in <table>' phrases."""
    out = []
    names = set(inspect(conn).get_table_names())
    for name, pairs in USES.get(kind, ()):
        if name not in names:
            continue
        t = table(name, *(column(c) for c, _ in pairs))
        n = conn.execute(select(func.count()).select_from(t).where(
            and_(*(t.c[c] == match[m] for c, m in pairs)))).scalar_one()
        if n:
            out.append(f"{n} in {name}")
    if kind == "council.seat" and "council_draft_votes" in names:  # a vote cast that year by that state
        t = table("council_draft_votes", column("state"), column("recorded_at"))
        n = sum(1 for (at,) in conn.execute(select(t.c.recorded_at).where(t.c.state == match["state"]))
                if getattr(at, "year", None) == match["year"] or str(at).startswith(f"{match['year']}-"))
        if n:
            out.append(f"{n} in council_draft_votes")
    return out


def _diff_settings(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    before = dict(old or {})
    return {k: (before.get(k), new.get(k)) for k in sorted(set(before) | set(new)) if before.get(k) != new.get(k)}


def upgrade_profile(uow: UnitOfWork, profile: Profile, *, source: str, files: Mapping[str, str],
                    digest: str) -> UpgradeResult:
    """Bring the database's profile records to ``profile``; refuses (ConfigError) before writing anything."""
    conn = uow.conn
    loaded = loaded_mission(conn)
    if loaded is None:
        raise ConfigError("the database holds no mission yet; run `custodes init` first")
    if profile.id != loaded.id:
        raise ConfigError(f"the database holds mission profile {loaded.id!r}; {profile.id!r} is another mission, "
                          "which needs its own data directory (and log)")
    if profile.log_origin is not None and profile.log_origin != loaded.log_origin:
        raise ConfigError(
            f"the new profile pins log origin {profile.log_origin!r}, but this mission's log is "
            f"{loaded.log_origin!r}, stored at its first `custodes init`; an origin cannot change (another "
            "origin is another log): remove log_origin from profile.yaml or set it to the stored one")
    if digest == loaded.digest:
        if loaded.files is None:  # loaded before file digests were kept: keep them now
            save_profile_state(conn, source, profile.settings, files)
        return UpgradeResult(False, profile.id, loaded.digest, digest)
    new_settings = json.loads(json.dumps(dict(profile.settings), sort_keys=True, default=str))
    settings = _diff_settings(loaded.settings, new_settings)
    old_files = dict(loaded.files or {})
    added_files = {p: d for p, d in files.items() if p not in old_files}
    changed_files = {p: {"old": old_files[p], "new": d} for p, d in files.items()
                     if p in old_files and old_files[p] != d}
    removed_files = {p: d for p, d in old_files.items() if p not in files}

    new_records = profile_records(profile)
    added: list[ProfileRecord] = []
    changed: list[ProfileRecord] = []
    removed: list[tuple[str, dict[str, Any]]] = []
    for kind, (tables, cols) in RECORD_KINDS.items():
        mine = {tuple(r.match[c] for c in cols): r for r in new_records if r.kind == kind}
        stored = [tuple(row) for row in conn.execute(select(*(tables[0].c[c] for c in cols)))]
        known = set(stored)
        for key, rec in mine.items():
            if key not in known:
                added.append(rec)
            elif _differs(conn, rec):
                changed.append(rec)
        removed.extend((kind, dict(zip(cols, key, strict=True))) for key in stored if key not in mine)

    used = [f"{_NOUNS[kind]} {'/'.join(str(v) for v in match.values())} ({', '.join(uses)})"
            for kind, match in removed if (uses := _uses(conn, kind, match))]
    if used:
        raise ConfigError("the new profile removes records that stored records use, which would rewrite "
                          f"history: {'; '.join(used)}; keep them in the profile")

    # apply: removals children first, then additions and changes parents first
    for kind, match in reversed(removed):
        for t in reversed(RECORD_KINDS[kind][0]):
            conn.execute(delete(t).where(_where(t, match)))
    for rec in added:
        insert_record(conn, rec)
    for rec in changed:
        (main, (row,)), *children = rec.rows
        for t, _ in reversed(children):
            conn.execute(delete(t).where(_where(t, rec.match)))
        conn.execute(update(main).where(_where(main, rec.match)).values(**row))
        for t, rows in children:
            if rows:
                conn.execute(t.insert(), [dict(r) for r in rows])
    conn.execute(update(mission).values(profile_digest=digest, name_en=profile.name.en, name_ar=profile.name.ar,
                                        mandate_start=profile.mandate_start))
    save_profile_state(conn, source, profile.settings, files)

    records = {"added": [f"{r.kind}:{r.key}" for r in added], "changed": [f"{r.kind}:{r.key}" for r in changed],
               "removed": [f"{k}:{'/'.join(str(v) for v in m.values())}" for k, m in removed]}
    uow.append("mission.profile_upgraded", {
        "profile": profile.id, "old_digest": loaded.digest, "new_digest": digest,
        "settings": {k: {"old": o, "new": n} for k, (o, n) in settings.items()},
        "previous_known": loaded.files is not None,
        "files": {"added": added_files, "changed": changed_files, "removed": removed_files},
        "records": records})
    for rec in added + changed:
        uow.append(rec.kind, rec.rec)
    return UpgradeResult(True, profile.id, loaded.digest, digest, settings,
                         {"added": sorted(added_files), "changed": sorted(changed_files),
                          "removed": sorted(removed_files)}, records, len(uow.entries))
