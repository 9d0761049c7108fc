"""Use cases of reports: generate one for a period (from the journal, at a fresh checkpoint), and verify one
against the published tiles alone.

Generation: integrate the log, read entries ``[0, size)`` of the checkpoint (the journal holds the same bytes
as the entry bundles), fold them, render, journal ``reports.generated`` with the content hash, and mark the
Board's report due in (or just after) the period as submitted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from custodes.aid.lines import TRUCK_RULE, TRUCK_RULES
from custodes.aid.settings import AidSettings
from custodes.aid.sources import DEFAULT_PREFERENCE
from custodes.errors import InputError, IntegrityError, NotFound
from custodes.ledger.disclosure import publishes
from custodes.ledger.layout import CHECKPOINT_PATH, TILE_WIDTH, decode_bundle, entries_path
from custodes.ledger.merkle import leaf_hash
from custodes.ledger.note import Verifier, b64, verify_checkpoint
from custodes.ledger.sequencer import journal
from custodes.ledger.tiles import Fetch, TileReader
from custodes.reports.aid_fold import AidFold
from custodes.reports.disarmament_fold import DisarmamentFold
from custodes.reports.figures import Checkpoint, FigureSet, Fold, Period, compute, diff
from custodes.reports.force_fold import ForceFold
from custodes.reports.funding_fold import FundingFold
from custodes.reports.grievances_fold import ParticipationFold
from custodes.reports.incidents_fold import IncidentsFold
from custodes.reports.mandate_fold import MandateFold
from custodes.reports.settings import ReportSettings
from custodes.reports.withdrawal_fold import WithdrawalFold
from custodes.storage.uow import Store, Today

if TYPE_CHECKING:
    from custodes.board.service import BoardService
    from custodes.ledger.integrator import Integrator

__all__ = ["GeneratedReport", "ReportsService", "VerifyResult", "folds", "journal_entries", "tile_entries", "verify"]

publishes("reports.generated", "sha256", "from", "to", "lang", "format", "checkpoint", "exercise")

FORMATS = ("html", "pdf")

LANGS = ("en", "ar")


def folds(target: int, rule: int = TRUCK_RULE, prefer: tuple[str, ...] = DEFAULT_PREFERENCE) -> list[Fold]:
    """Every section's fold, in the report's order; ``target`` is the daily truck target stated in the report,
    ``rule`` the truck rule and ``prefer`` the order of the aid sources it states (custodes.aid.sources)."""
    return [MandateFold(), ForceFold(), DisarmamentFold(), IncidentsFold(), AidFold(target, rule, prefer),
            WithdrawalFold(), FundingFold(), ParticipationFold()]


def stated_rule(stated: FigureSet) -> tuple[int, tuple[str, ...]]:
    """The truck rule and source preference a report states; a report without them was made under rule 1."""
    fig = stated.by_key().get("aid.truck_rule")
    if fig is None:
        return 1, DEFAULT_PREFERENCE
    try:
        rule = int(fig.value)
    except ValueError:
        raise IntegrityError(f"the report states truck rule {fig.value!r}, not a version number") from None
    if rule not in TRUCK_RULES:
        raise IntegrityError(f"the report states truck rule {rule}, which this version of Custodes does not know "
                             f"(known: {', '.join(map(str, TRUCK_RULES))}); verify it with a newer version")
    pref = str(fig.detail.get("preference") or "")
    return rule, tuple(p for p in pref.split(",") if p) or DEFAULT_PREFERENCE


def journal_entries(store: Store, size: int, *, chunk: int = 100_000) -> Iterator[dict[str, Any]]:
    """Decoded entries ``[0, size)`` from the journal table, in log order (read through the driver's own
    cursor: millions of rows, where SQLAlchemy's per-row work would cost more than the decoding)."""
    mark = "?" if store.engine.dialect.paramstyle == "qmark" else "%s"
    sql = f"SELECT body FROM {journal.name} WHERE idx >= {mark} AND idx < {mark} ORDER BY idx"
    loads = orjson.loads
    for start in range(0, size, chunk):
        with store.read() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql, (start, min(size, start + chunk)))
                rows = cursor.fetchall()
            finally:
                cursor.close()
        yield from map(loads, [body for (body,) in rows])


def tile_entries(reader: TileReader, size: int) -> Iterator[dict[str, Any]]:
    """Decoded entries ``[0, size)`` from the published entry bundles, each checked against its leaf hash."""
    for n in range(0, -(-size // TILE_WIDTH)):
        width = min(TILE_WIDTH, reader.size - n * TILE_WIDTH)
        path = entries_path(n, width)
        try:
            bundle = decode_bundle(reader.fetch(path), width, path)
        except FileNotFoundError:
            raise IntegrityError(f"{path}: missing") from None
        for i, data in enumerate(bundle):
            index = n * TILE_WIDTH + i
            if index >= size:
                return
            if leaf_hash(data) != reader.node(0, index):
                raise IntegrityError(f"{path}: entry {index} does not match its leaf hash in the tiles")
            yield orjson.loads(data)


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    content: bytes
    sha256: str
    figures: FigureSet
    lang: str
    format: str
    exercise: bool
    submitted_due: dt.date | None

    def as_json(self) -> dict[str, Any]:
        cp = self.figures.checkpoint
        return {"sha256": self.sha256, "lang": self.lang, "format": self.format, "exercise": self.exercise,
                "bytes": len(self.content), "period": {"from": self.figures.period.start.isoformat(),
                                                       "to": self.figures.period.end.isoformat()},
                "checkpoint": {"origin": cp.origin, "size": cp.size, "root": cp.root},
                "submitted_due": self.submitted_due and self.submitted_due.isoformat()}


def _check_request(period: Period, lang: str, fmt: str) -> None:
    if period.end < period.start:
        raise InputError(f"the period ends ({period.end}) before it starts ({period.start})", field="--to")
    if lang not in LANGS:
        raise InputError(f"language {lang!r}: use one of {', '.join(LANGS)}", field="--lang")
    if fmt not in FORMATS:
        raise InputError(f"format {fmt!r}: use one of {', '.join(FORMATS)}", field="--format")


class ReportsService:
    """Reports to the Council on one mission (``app.reports``): figures folded from the log at a fresh
    checkpoint, rendered, journalled, and the Board's report for the period marked submitted."""

    def __init__(self, store: Store, today: Today, board: BoardService, integrator: Callable[[], Integrator],
                 log_dir: Path, verifier: Callable[[], Verifier], aid: AidSettings, settings: ReportSettings) -> None:
        self.store = store
        self.today = today
        self.board = board
        self.integrator = integrator  # the log's integrator (made on use: it loads the signing key)
        self.log_dir = log_dir
        self.verifier = verifier
        self.aid = aid
        self.settings = settings

    def figures_at(self, period: Period) -> tuple[FigureSet, list[Fold]]:
        """Integrate the log and fold every entry of the fresh checkpoint."""
        self.integrator().integrate()
        cp, _ = verify_checkpoint((self.log_dir / CHECKPOINT_PATH).read_bytes(), self.verifier())
        fs = folds(self.aid.daily_truck_target, TRUCK_RULE, self.aid.source_preference)
        figs = compute(journal_entries(self.store, cp.size), fs, period, Checkpoint(cp.origin, cp.size, b64(cp.root)))
        return figs, fs

    def generate(self, period: Period, *, actor: str, lang: str = "en", fmt: str = "html",
                 submit: bool = True) -> GeneratedReport:
        """Make the report for ``period``, journal it, and mark the Board's report for the period submitted."""
        from custodes.reports.render import to_html, to_pdf
        from custodes.reports.sections import breakdown_names, build_sections

        _check_request(period, lang, fmt)
        figs, fs = self.figures_at(period)
        exercise = any(getattr(f, "exercise_counted", False) for f in fs)
        sections = build_sections(self.settings, figs, fs, lang)
        html = to_html(figs, sections, lang=lang, resolution=self.settings.resolution, exercise=exercise,
                       names=breakdown_names(self.settings, lang))
        content = to_pdf(html, figs) if fmt == "pdf" else html.encode("utf-8")
        digest = hashlib.sha256(content).hexdigest()
        cp = figs.checkpoint
        with self.store.write(actor) as uow:
            uow.append("reports.generated", {
                "sha256": "sha256:" + digest, "from": period.start, "to": period.end, "lang": lang, "format": fmt,
                "checkpoint": {"origin": cp.origin, "size": cp.size, "root": cp.root}, "exercise": exercise})
        due = self._submit(period, digest, actor) if submit else None
        return GeneratedReport(content, digest, figs, lang, fmt, exercise, due)

    def _submit(self, period: Period, digest: str, actor: str) -> dt.date | None:
        """Mark the first unsubmitted Board report due within the period (or the month after it) as submitted."""
        try:
            schedule = self.board.report_schedule()
        except NotFound:
            return None
        for r in schedule:
            if r.status != "submitted" and period.start <= r.due_on <= period.end + dt.timedelta(days=31) \
                    and r.due_on - dt.timedelta(days=31) <= self.today():
                self.board.mark_report_submitted(r.due_on, digest, actor=actor)
                return r.due_on
        return None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    stated: FigureSet
    log_size: int
    differences: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.differences

    def as_json(self) -> dict[str, Any]:
        cp = self.stated.checkpoint
        return {"ok": self.ok, "checkpoint": {"origin": cp.origin, "size": cp.size, "root": cp.root},
                "log_size": self.log_size, "figures": len(self.stated.figures),
                "differences": list(self.differences)}


def verify(report: Path, fetch: Fetch, vkey: Verifier) -> VerifyResult:
    """Recompute a report's figures from the published log read through ``fetch``; the checkpoint must be
    signed by ``vkey`` and the stated root must be the root of the log's first ``size`` entries."""
    stated = extract(report)
    cp_stated = stated.checkpoint
    try:
        latest, _ = verify_checkpoint(fetch(CHECKPOINT_PATH), vkey)
    except FileNotFoundError:
        raise IntegrityError("the log has no checkpoint") from None
    if latest.origin != cp_stated.origin:
        raise IntegrityError(f"the report is about log {cp_stated.origin!r}, this log is {latest.origin!r}")
    if cp_stated.size > latest.size:
        raise IntegrityError(f"the report states size {cp_stated.size} but the log's signed checkpoint has only "
                             f"{latest.size} entries")
    reader = TileReader(fetch, latest.size)
    if reader.root() != latest.root:
        raise IntegrityError("the tiles do not hash to the signed checkpoint's root")
    if b64(reader.root(cp_stated.size)) != cp_stated.root:
        raise IntegrityError(f"the root of the log's first {cp_stated.size} entries is not the stated root "
                             f"{cp_stated.root}")
    target = stated.by_key().get("aid.daily_truck_target")
    rule, prefer = stated_rule(stated)
    recomputed = compute(tile_entries(reader, cp_stated.size),
                         folds(int(target.value) if target else 600, rule, prefer), stated.period, cp_stated)
    return VerifyResult(stated, latest.size, tuple(diff(stated, recomputed)))


def extract(report: Path) -> FigureSet:
    """The figures embedded in a generated report (PDF or HTML)."""
    from custodes.reports.render import extract_figures

    if not report.exists():
        raise InputError("no such file", source=str(report))
    return extract_figures(report)
