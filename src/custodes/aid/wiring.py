"""The aid domain's long-lived services (the road graph is cached), wired once per application."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from custodes.aid import imports, sources
from custodes.aid.imports import ImportResult
from custodes.aid.notify import Notifier
from custodes.aid.planner import Planner
from custodes.profiles.model import Profile
from custodes.storage.uow import Store

__all__ = ["AidServices"]


class AidServices:
    def __init__(self, store: Store, profile: Profile) -> None:
        self._store = store
        self.planner = Planner(store, profile)
        self.notifier = Notifier(store, profile, self.planner)
        self.daily_truck_target = int(profile.setting("aid.daily_truck_target", 600))
        #: whose trucks give a day's headline figure, first to last (custodes.aid.sources)
        self.source_preference = sources.preference(profile.setting("aid.source_preference"))

    def import_file(self, path: Path, fmt: str, *, actor: str, skip_bad: bool = False, report: Path | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ImportResult:
        """Import a consignment line list in one unit of work (a re-import adds nothing)."""
        return imports.import_file(self._store, actor, path, fmt, skip_bad=skip_bad, report=report,
                                   progress=progress)
