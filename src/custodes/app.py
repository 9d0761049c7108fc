"""Custodes: settings -> database -> profile -> services. Wiring only, no rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, inspect

from custodes.accounts.service import AccountService
from custodes.aid.exercise import AidExercise
from custodes.aid.services import AidServices
from custodes.board.exercise import BoardExercise
from custodes.board.service import BoardService
from custodes.council.service import CouncilService
from custodes.disarmament.service import DisarmamentService
from custodes.errors import ConfigError
from custodes.exercise import ExerciseGenerator, ExercisePeriod, ExerciseResult
from custodes.force.service import ForceService
from custodes.incidents.service import IncidentService
from custodes.ledger.integrator import Integrator, LogRunner
from custodes.ledger.keys import LOG_KEY, ensure_key, load_key
from custodes.ledger.note import Signer, Verifier
from custodes.mission.service import MissionStatus, is_loaded, load_profile_records, mission_status
from custodes.participation.service import GrievanceService
from custodes.profiles.digest import profile_digest
from custodes.profiles.loader import PROFILES_DIR, load_profile
from custodes.profiles.model import Profile
from custodes.settings import Settings
from custodes.storage.engine import make_engine
from custodes.storage.uow import Clock, Store, utc_now
from custodes.withdrawal.service import WithdrawalService

__all__ = ["Custodes", "InitResult"]


@dataclass(frozen=True, slots=True)
class InitResult:
    created: bool
    profile: str
    entries: int
    messages: tuple[str, ...] = field(default=())


class Custodes:
    """One mission's application: its settings, store, profile and services."""

    def __init__(self, settings: Settings, engine: Engine, profile: Profile, clock: Clock) -> None:
        self.settings = settings
        self.profile = profile
        self.clock = clock
        self.store = Store(engine, sensitive=profile.sensitive, clock=clock)
        self._aid: AidServices | None = None
        self._incidents: IncidentService | None = None
        self._grievances: GrievanceService | None = None
        self.accounts: AccountService = AccountService(self.store)

    @property
    def incidents(self) -> IncidentService:
        if self._incidents is None:
            self._incidents = IncidentService(self)
        return self._incidents

    @property
    def grievances(self) -> GrievanceService:
        if self._grievances is None:
            self._grievances = GrievanceService(self)
        return self._grievances

    @classmethod
    def open(cls, settings: Settings | None = None, *, clock: Clock = utc_now, create: bool = False) -> Custodes:
        """Open the mission in ``settings`` (the loaded profile wins over the configured one).

        Without ``create``, a missing embedded database is an error that says to run ``custodes init``.
        """
        settings = settings or Settings()
        embedded = settings.embedded_database
        if embedded is not None and not embedded.exists():
            if not create:
                raise ConfigError(f"no mission database in {settings.data_dir}; run `custodes init` first")
            profile = load_profile(settings.profile)  # a broken profile fails before anything is written
            return cls(settings, make_engine(settings.resolved_database_url()), profile, clock)
        engine = make_engine(settings.resolved_database_url())
        name = settings.profile
        if inspect(engine).has_table("mission"):
            with engine.connect() as conn:
                loaded = is_loaded(conn)
            if loaded is not None:
                name = loaded[0]
        return cls(settings, engine, load_profile(name), clock)

    # -- services -------------------------------------------------------------------------------
    @cached_property
    def council(self) -> CouncilService:
        """The Security Council: membership, drafts and votes, mandates, voting power, vetoes."""
        return CouncilService(self)

    @cached_property
    def board(self) -> BoardService:
        """The Board of Peace: members, decisions, funding, reports owed to the Council."""
        return BoardService(self)
    # -- services (wiring only) -------------------------------------------------------------------
    @cached_property
    def force(self) -> ForceService:
        return ForceService(self)

    @cached_property
    def disarmament(self) -> DisarmamentService:
        return DisarmamentService(self)

    @cached_property
    def withdrawal(self) -> WithdrawalService:
        return WithdrawalService(self)

    # -- time -----------------------------------------------------------------------------------
    def today(self) -> dt.date:
        """Today in the mission's own time zone."""
        return self.clock().astimezone(ZoneInfo(self.profile.timezone)).date()

    # -- setting up -----------------------------------------------------------------------------
    def init(self) -> InitResult:
        """Create the data directory and database and load the profile; a second run changes nothing."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        root = PROFILES_DIR / self.profile.id
        digest = profile_digest(root) if root.is_dir() else "sha256:unknown"
        # migrations and profile records in one transaction: a kill leaves nothing or everything
        with self.store.write(self.settings.actor, migrate=True) as uow:
            loaded = is_loaded(uow.conn)
            n = load_profile_records(uow, self.profile, digest) if loaded is None else 0
        if loaded is not None and loaded[1] != digest:
            raise ConfigError(
                f"the database holds profile {loaded[0]} as it was when first loaded, and its files have "
                "changed since; profile upgrades are not supported: start a new data directory")
        # after the database transaction: the log's signing key (a kill before this leaves no key; the
        # next init makes it)
        _, key_created = ensure_key(self.settings.key_dir, self.profile.log_origin)
        key_note = (f"log signing key created in {self.settings.key_dir}",) if key_created else ()
        if loaded is None:
            return InitResult(True, self.profile.id, n, key_note)
        return InitResult(False, loaded[0], 0, key_note or ("already initialised; nothing changed",))

    # -- the verifiable log -----------------------------------------------------------------------
    def log_signer(self) -> Signer:
        """The log's checkpoint signing key (made by ``init``)."""
        return load_key(self.settings.key_dir / LOG_KEY, name=self.profile.log_origin)

    def log_verifier(self) -> Verifier:
        return self.log_signer().verifier

    def integrator(self) -> Integrator:
        return Integrator(self.store.engine, self.settings.log_dir, self.log_signer())

    def log_runner(self, *, batch_size: int = 256, max_delay: float = 0.25) -> LogRunner:
        """A background integrator woken by every commit; call ``.start()`` and, at shutdown, ``.stop()``."""
        runner = LogRunner(self.integrator(), batch_size=batch_size, max_delay=max_delay)
        self.store.on_commit(runner.notify)
        return runner

    # -- services -------------------------------------------------------------------------------
    @property
    def aid(self) -> AidServices:
        """Humanitarian corridors: route planner and notifications (functions in custodes.aid.*)."""
        if self._aid is None:
            self._aid = AidServices(self.store, self.profile)
        return self._aid

    # -- reading --------------------------------------------------------------------------------
    def status(self, lang: str = "en") -> MissionStatus:
        if not inspect(self.store.engine).has_table("mission"):
            raise ConfigError("the database holds no mission yet; run `custodes init` first")
        with self.store.read() as conn:
            return mission_status(conn, self.profile, self.today(), lang)

    # -- exercise data --------------------------------------------------------------------------
    def exercise_generators(self) -> list[ExerciseGenerator]:
        """Each domain's generator, in the order they run (later ones build on earlier ones)."""
        from custodes.incidents.exercise import IncidentsExercise
        from custodes.participation.exercise import GrievancesExercise
        from custodes.security_exercise import DisarmamentExercise, ForceExercise, WithdrawalExercise

        return [BoardExercise(), AidExercise(), ForceExercise(), DisarmamentExercise(), WithdrawalExercise(),
                IncidentsExercise(), GrievancesExercise()]

    def exercise(self, seed: int, end: dt.date | None = None) -> list[ExerciseResult]:
        period = ExercisePeriod(self.profile.mandate_start, end or self.today())
        return [g.generate(self, seed, period) for g in self.exercise_generators()]

    def remove_exercise(self) -> list[ExerciseResult]:
        return [g.remove(self) for g in reversed(self.exercise_generators())]
