"""Custodes: settings -> database -> profile -> services. Wiring only, no rules.

Each service, and the libraries behind it, is imported when first used: ``custodes status`` opens the mission
without the geometry, graph or password libraries. The disclosure policy, which needs every module that
declares a journal kind, is built at the first write.
"""

from __future__ import annotations

import datetime as dt
import importlib
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, inspect

from custodes import exercise as exercise_data
from custodes.errors import ConfigError
from custodes.exercise import ExerciseGenerator, ExercisePeriod, ExerciseResult
from custodes.ledger.declarations import disclosure_policy
from custodes.ledger.origin import check_origin, default_origin, refuse_other_origin
from custodes.mission.domain_settings import DomainSettings
from custodes.mission.service import (
    MissionStatus,
    load_profile_records,
    loaded_mission,
    mission_status,
    save_profile_state,
)
from custodes.profiles.digest import files_digest, profile_files
from custodes.profiles.loader import load_profile, profile_dir, profile_source
from custodes.profiles.model import Profile
from custodes.settings import Settings
from custodes.storage.blobs import BlobStore
from custodes.storage.engine import make_engine
from custodes.storage.uow import Clock, Store, utc_now

if TYPE_CHECKING:
    from custodes.accounts.lockout import Lockout
    from custodes.accounts.service import AccountService
    from custodes.accounts.sessions import SessionService
    from custodes.aid.wiring import AidServices
    from custodes.board.service import BoardService
    from custodes.council.service import CouncilService
    from custodes.disarmament.service import DisarmamentService
    from custodes.force.service import ForceService
    from custodes.grievances.service import GrievanceService
    from custodes.incidents.service import IncidentService
    from custodes.ledger.integrator import Integrator, LogRunner
    from custodes.ledger.journal_reads import JournalReader
    from custodes.ledger.note import Signer, Verifier
    from custodes.ledger.reveal import Reveals
    from custodes.mission.reads import MissionReads
    from custodes.mission.upgrade import UpgradeResult
    from custodes.reports.service import ReportsService
    from custodes.withdrawal.service import WithdrawalService

__all__ = ["Custodes", "InitResult"]

@dataclass(frozen=True, slots=True)
class InitResult:
    created: bool
    profile: str
    entries: int
    messages: tuple[str, ...] = field(default=())


#: the services app.py builds on first use (cached_property names)
_SERVICES = ("accounts", "aid", "board", "council", "disarmament", "force", "grievances", "incidents", "reports",
             "withdrawal")


class Custodes:
    """One mission's application: its settings, store, profile and services."""

    def __init__(self, settings: Settings, engine: Engine, profile: Profile, clock: Clock, *,
                 profile_source: str | None = None) -> None:
        self.settings = settings
        self.profile = profile
        self.domain_settings = DomainSettings.from_profile(profile)
        self.blobs = BlobStore(settings.data_dir / "blobs")
        self.profile_source = profile_source or settings.profile
        self._log_origin: str | None = None
        self.clock = clock
        self.store = Store(engine, policy=lambda: disclosure_policy(self.profile), clock=clock)

    @cached_property
    def accounts(self) -> AccountService:
        from custodes.accounts.service import AccountService

        return AccountService(self.store)

    def sessions(self, lockout: Lockout | None = None) -> SessionService:
        """Browser sessions and the sign-in lockout (``lockout``: the web's thresholds)."""
        from custodes.accounts.sessions import SessionService

        return SessionService(self.store, lockout)

    @cached_property
    def journal(self) -> JournalReader:
        """Reads of the journal: pages of entries, one entry, its size, the entry behind a public record."""
        from custodes.ledger.journal_reads import JournalReader

        return JournalReader(self.store)

    @cached_property
    def mission(self) -> MissionReads:
        """Reads of the mission's profile tables: the mandates, the Council on a day."""
        from custodes.mission.reads import MissionReads

        return MissionReads(self.store, self.today)

    @cached_property
    def reveals(self) -> Reveals:
        """Delayed fields, revealed once their days have passed (by ``custodes log reveal-due`` or the server)."""
        from custodes.ledger.reveal import Reveals

        return Reveals(self.store, self.clock)

    @cached_property
    def incidents(self) -> IncidentService:
        from custodes.incidents.places import Gazetteer
        from custodes.incidents.service import IncidentService

        return IncidentService(self.store, self.domain_settings.incidents, Gazetteer(self.profile), self.blobs)

    @cached_property
    def grievances(self) -> GrievanceService:
        from custodes.grievances.service import GrievanceService

        return GrievanceService(self.store, self.today, self.domain_settings.grievances, self.incidents.gazetteer)

    @classmethod
    def open(cls, settings: Settings | None = None, *, clock: Clock = utc_now, create: bool = False) -> Custodes:
        """Open the mission in ``settings`` (the loaded profile, from where it was loaded, wins over the
        configured one).

        Without ``create``, a missing embedded database is an error that says to run ``custodes init``.
        """
        settings = settings or Settings()
        embedded = settings.embedded_database
        if embedded is not None and not embedded.exists():
            if not create:
                raise ConfigError(f"no mission database in {settings.data_dir}; run `custodes init` first")
            profile = load_profile(settings.profile)  # a broken profile fails before anything is written
            return cls(settings, make_engine(settings.resolved_database_url()), profile, clock,
                       profile_source=settings.profile)
        engine = make_engine(settings.resolved_database_url())
        with engine.connect() as conn:
            loaded = loaded_mission(conn)
        source = settings.profile if loaded is None else loaded.source or loaded.id
        return cls(settings, engine, load_profile(source), clock, profile_source=source)

    # -- services -------------------------------------------------------------------------------
    @cached_property
    def council(self) -> CouncilService:
        """The Security Council: membership, drafts and votes, mandates, voting power, vetoes."""
        from custodes.council.service import CouncilService

        return CouncilService(self.store, self.today)

    @cached_property
    def board(self) -> BoardService:
        """The Board of Peace: members, decisions, funding, reports owed to the Council."""
        from custodes.board.service import BoardService

        return BoardService(self.store, self.today, self.domain_settings.board)

    @cached_property
    def reports(self) -> ReportsService:
        """Reports to the Council: made from the log, journalled, the Board's report marked submitted."""
        from custodes.reports.service import ReportsService

        return ReportsService(self.store, self.today, self.board, self.integrator, self.settings.log_dir,
                              self.log_verifier, self.domain_settings.aid, self.domain_settings.reports)
    # -- services (wiring only) -------------------------------------------------------------------
    @cached_property
    def force(self) -> ForceService:
        from custodes.force.service import ForceService

        return ForceService(self.store, self.today, self.domain_settings.force)

    @cached_property
    def disarmament(self) -> DisarmamentService:
        from custodes.disarmament.service import DisarmamentService

        return DisarmamentService(self.store, self.domain_settings.disarmament, self.blobs)

    @cached_property
    def withdrawal(self) -> WithdrawalService:
        from custodes.withdrawal.service import WithdrawalService

        return WithdrawalService(self.store, self.today, self.domain_settings.withdrawal)

    # -- time -----------------------------------------------------------------------------------
    def today(self) -> dt.date:
        """Today in the mission's own time zone."""
        return self.clock().astimezone(ZoneInfo(self.profile.timezone)).date()

    # -- setting up -----------------------------------------------------------------------------
    def _requested_origin(self) -> str | None:
        return check_origin(self.settings.log_origin) if self.settings.log_origin is not None else None

    def init(self) -> InitResult:
        """Create the data directory and database and load the profile; a second run changes nothing.

        The first run also fixes the log's origin: ``settings.log_origin``, else the profile's pinned one,
        else one derived from the host name and the new signing key. Later runs refuse another origin.
        """
        from custodes.ledger.keys import LOG_KEY, ensure_key, first_log_key  # cryptography: only when signing

        self.settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        requested = self._requested_origin()
        source = profile_source(self.profile_source)
        files = profile_files(profile_dir(self.profile_source))
        digest = files_digest(files)
        key_note: tuple[str, ...] = ()
        # migrations and profile records in one transaction: a kill leaves nothing or everything. The key
        # of a first init is written inside it, before the commit: a kill after it leaves a key the next
        # init adopts (its name is the origin), never a mission without a key name
        with self.store.write(self.settings.actor, migrate=True) as uow:
            loaded = loaded_mission(uow.conn)
            if loaded is None:
                had_key = (self.settings.key_dir / LOG_KEY).exists()
                signer = first_log_key(self.settings.key_dir, requested or self.profile.log_origin,
                                       lambda public: default_origin(socket.gethostname(), public))
                key_note = () if had_key else (f"log signing key created in {self.settings.key_dir}",)
                n = load_profile_records(uow, self.profile, digest, log_origin=signer.name, source=source,
                                         files=files)
            else:
                refuse_other_origin(loaded.log_origin, requested)
                if loaded.digest == digest and loaded.files is None:  # loaded before file digests were kept
                    save_profile_state(uow.conn, source, self.profile.settings, files)
        if loaded is None:
            self._log_origin = signer.name
            return InitResult(True, self.profile.id, n, (*key_note, f"log origin: {signer.name}"))
        if loaded.digest != digest:
            raise ConfigError(
                f"the database holds profile {loaded.id} as it was when last loaded, and its files have "
                "changed since; run `custodes profile upgrade` to load the new version")
        # a database committed without its key (restored from a backup, say): make one under the stored origin
        _, key_created = ensure_key(self.settings.key_dir, loaded.log_origin)
        if key_created:
            key_note = (f"log signing key created in {self.settings.key_dir}",)
        return InitResult(False, loaded.id, 0, key_note or ("already initialised; nothing changed",))

    def upgrade_profile(self, profile: str | None = None) -> UpgradeResult:
        """Load a new version of the mission's profile (``profile``: a shipped name or a directory;
        default: where it was loaded from) in one unit of work; see custodes.mission.upgrade."""
        from custodes.mission.upgrade import upgrade_profile

        name = profile if profile is not None else self.profile_source
        new = load_profile(name)  # a broken profile fails before anything is written
        files = profile_files(profile_dir(name))
        new_settings = DomainSettings.from_profile(new)  # a bad setting refuses the upgrade
        with self.store.write(self.settings.actor, migrate=True) as uow:
            result = upgrade_profile(uow, new, source=profile_source(name), files=files, digest=files_digest(files))
        if result.upgraded:
            self.profile, self.profile_source = new, profile_source(name)
            self.domain_settings = new_settings
            for service in _SERVICES:  # built again, from the new profile, when next used
                self.__dict__.pop(service, None)
        return result

    # -- the verifiable log -----------------------------------------------------------------------
    @property
    def log_origin(self) -> str:
        """The log's origin, stored at the first ``custodes init``; a different configured one is refused."""
        if self._log_origin is None:
            with self.store.engine.connect() as conn:
                loaded = loaded_mission(conn)
            if loaded is None:
                raise ConfigError("the database holds no mission yet; run `custodes init` first")
            refuse_other_origin(loaded.log_origin, self._requested_origin())
            self._log_origin = loaded.log_origin
        return self._log_origin

    def log_signer(self) -> Signer:
        """The log's checkpoint signing key (made by ``init``)."""
        from custodes.ledger.keys import LOG_KEY, load_key

        return load_key(self.settings.key_dir / LOG_KEY, name=self.log_origin)

    def log_verifier(self) -> Verifier:
        return self.log_signer().verifier

    def integrator(self) -> Integrator:
        from custodes.ledger.integrator import Integrator

        return Integrator(self.store.engine, self.settings.log_dir, self.log_signer())

    def log_runner(self, *, batch_size: int = 256, max_delay: float = 0.25) -> LogRunner:
        """A background integrator woken by every commit; call ``.start()`` and, at shutdown, ``.stop()``."""
        from custodes.ledger.integrator import LogRunner

        runner = LogRunner(self.integrator(), batch_size=batch_size, max_delay=max_delay)
        self.store.on_commit(runner.notify)
        return runner

    def close(self) -> None:
        """Close the database's connections (at the end of a server's life)."""
        self.store.engine.dispose()

    # -- services -------------------------------------------------------------------------------
    @cached_property
    def aid(self) -> AidServices:
        """Humanitarian corridors: crossings, consignments, zones, throughput, routes and notifications."""
        from custodes.aid.wiring import AidServices
        from custodes.geo.places import GovernorateIndex

        profile = self.profile
        return AidServices(self.store, self.domain_settings.aid,
                           places=lambda: GovernorateIndex(profile, tolerance_deg=0.01))

    # -- reading --------------------------------------------------------------------------------
    def status(self, lang: str = "en") -> MissionStatus:
        if not inspect(self.store.engine).has_table("mission"):
            raise ConfigError("the database holds no mission yet; run `custodes init` first")
        with self.store.read() as conn:
            return mission_status(conn, self.profile, self.today(), lang)

    # -- exercise data --------------------------------------------------------------------------
    def exercise_generator(self, domain: str, **options: int) -> ExerciseGenerator:
        """One domain's generator, built with what it uses (``options``: the disarmament generator's sizes)."""
        if domain not in exercise_data.ORDER:
            raise ConfigError(f"no exercise generator for {domain!r}; the domains are {', '.join(exercise_data.ORDER)}")
        module = importlib.import_module(f"custodes.{domain}.exercise")  # the generator's libraries: only now
        store, places = self.store, self.profile.governorates
        build: dict[str, Callable[[], ExerciseGenerator]] = {
            "board": lambda: module.BoardExercise(store, self.board),
            "aid": lambda: module.AidExercise(store, self.aid.planner, self.profile),
            "force": lambda: module.ForceExercise(store, self.force, places),
            "disarmament": lambda: module.DisarmamentExercise(store, self.disarmament, places, **options),
            "withdrawal": lambda: module.WithdrawalExercise(store, self.withdrawal, places),
            "incidents": lambda: module.IncidentsExercise(store, self.incidents, places),
            "grievances": lambda: module.GrievancesExercise(store, self.grievances, places, self.clock),
        }
        return build[domain]()

    def exercise_generators(self) -> list[ExerciseGenerator]:
        """Each domain's generator, in the order they run (:data:`custodes.exercise.ORDER`)."""
        return [self.exercise_generator(domain) for domain in exercise_data.ORDER]

    def exercise(self, seed: int, end: dt.date | None = None) -> list[ExerciseResult]:
        """Generate every domain's exercise data for ``seed``, from the mandate's start to ``end`` (today)."""
        period = ExercisePeriod(self.profile.mandate_start, end or self.today())
        return exercise_data.generate(self.exercise_generators(), seed, period)

    def remove_exercise(self) -> list[ExerciseResult]:
        """Remove every domain's exercise data (a real record is never touched)."""
        return exercise_data.remove(self.exercise_generators())
