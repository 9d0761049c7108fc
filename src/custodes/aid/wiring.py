"""The aid domain's use cases, wired once per application (the road graph is cached).

The web and the CLI call these; each runs on the store it was given, with the aid settings parsed at open.
Writes take the actor who makes them, and ``exercise`` per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from custodes.aid import cargo, export, imports, truck_rule
from custodes.aid import summary as throughput
from custodes.aid import zones as zone_records
from custodes.aid.imports import ImportResult
from custodes.aid.model import Consignment, CrossingStatusRecord
from custodes.aid.notify import Notifier
from custodes.aid.planner import Planner
from custodes.aid.settings import AidSettings
from custodes.aid.summary import Summary
from custodes.aid.truck_rule import RuleCorrection
from custodes.geo.places import GovernorateIndex
from custodes.geo.zones import Zone
from custodes.paging import Page
from custodes.storage.uow import Store

__all__ = ["AidServices"]


class AidServices:
    """Crossings, consignments, zones, line lists and throughput; ``planner`` (safe routes) and ``notifier``
    (notifications of sites and movements) beside them."""

    def __init__(self, store: Store, settings: AidSettings, places: Callable[[], GovernorateIndex]) -> None:
        """``places`` builds the governorate look-up that places notified sites and movements (on first use)."""
        self._store = store
        self.settings = settings
        self.planner = Planner(store, schematic=settings.schematic_file, sites_file=settings.sites_file)
        self.notifier = Notifier(store, self.planner, lead_hours=settings.notification_lead_hours, places=places)

    @property
    def daily_truck_target(self) -> int:
        """Trucks a day the ceasefire named."""
        return self.settings.daily_truck_target

    @property
    def source_preference(self) -> tuple[str, ...]:
        """Whose trucks give a day's headline figure, first to last (custodes.aid.sources)."""
        return self.settings.source_preference

    # -- crossings ------------------------------------------------------------------------------------
    def crossings(self, at: dt.datetime, *, exercise: bool = False) -> list[cargo.CrossingView]:
        """Every crossing (the profile's) with its status at ``at``, from the real status records or the exercise
        ones (a crossing has one status at a time: never both)."""
        return cargo.list_crossings(self._store, at, exercise=exercise)

    def crossing_history(self, crossing: str, *, exercise: bool = False) -> list[CrossingStatusRecord]:
        """A crossing's status records (real, or the exercise ones), oldest first."""
        return cargo.crossing_history(self._store, crossing, exercise=exercise)

    def set_crossing_status(self, crossing: str, status: str, reason: str, *, actor: str,
                            since: dt.datetime | None = None, hours: str | None = None,
                            capacity_trucks: int | None = None, exercise: bool = False) -> CrossingStatusRecord:
        """Record a crossing's new status with its reason, opening hours and capacity."""
        return cargo.set_crossing_status(self._store, actor, crossing, status, reason, since=since, hours=hours,
                                         capacity_trucks=capacity_trucks, exercise=exercise)

    # -- consignments ---------------------------------------------------------------------------------
    def consignments(self, *, limit: int, offset: int, exercise: bool | None, **filters: Any) -> Page[Consignment]:
        """A page of consignments, newest first (filters: custodes.aid.cargo.consignment_filter)."""
        return cargo.list_consignments(self._store, limit=limit, offset=offset, exercise=exercise, **filters)

    def consignment_trucks(self, *, exercise: bool | None, **filters: Any) -> int:
        """The trucks of every consignment matching the filters, across all pages."""
        return cargo.consignment_trucks(self._store, exercise=exercise, **filters)

    def consignment(self, consignment: str) -> Consignment:
        """One consignment by id."""
        return cargo.get_consignment(self._store, consignment)

    def register_consignment(self, *, actor: str, agency: str, crossing: str, category: str, trucks: int,
                             tonnes: float | str | None = None, donor: str = "", destination: str = "",
                             description: str = "", date: dt.date | None = None, id: str | None = None,
                             exercise: bool = False) -> Consignment:
        """Register a consignment in ``agency``'s name (state ``registered``)."""
        return cargo.register_consignment(self._store, actor, agency=agency, crossing=crossing, category=category,
                                          trucks=trucks, tonnes=tonnes, donor=donor, destination=destination,
                                          description=description, date=date, id=id, exercise=exercise)

    def move_consignment(self, consignment: str, action: str, *, actor: str, by: str | None = None,
                         note: str = "") -> Consignment:
        """Move a consignment one step in its lifecycle (an operator's move: any agency's consignment)."""
        return cargo.move_consignment(self._store, actor, consignment, action, by=by, note=note)

    def move_own_consignment(self, consignment: str, action: str, *, actor: str, agency: str | None,
                             by: str | None = None, note: str = "") -> Consignment:
        """An agency moves one of its own consignments; another's is refused in the same unit of work."""
        return cargo.move_own_consignment(self._store, actor, agency, consignment, action, by=by, note=note)

    # -- zones ----------------------------------------------------------------------------------------
    def zones(self, *, limit: int, offset: int, at: dt.datetime | None = None, kind: str | None = None,
              exercise: bool | None) -> Page[Zone]:
        """A page of hazard and no-go zones, oldest first: all, or those active at ``at``."""
        return zone_records.zone_page(self._store, at=at, kind=kind, exercise=exercise, limit=limit, offset=offset)

    def zones_in_force(self, at: dt.datetime | None, *, exercise: bool | None) -> list[Zone]:
        """The zones active at ``at`` (every zone when None), for the map and the routes: a bounded set."""
        return zone_records.list_zones(self._store, at, exercise=exercise)

    def declare_zone(self, *, actor: str, name: str, kind: str, geometry: Mapping[str, Any] | str,
                     valid_from: dt.datetime, valid_to: dt.datetime | None, reason: str, id: str | None = None,
                     exercise: bool = False) -> Zone:
        """Declare a hazard or no-go zone valid from ``valid_from`` until ``valid_to`` (open-ended if None)."""
        return zone_records.declare_zone(self._store, actor, name=name, kind=kind, geometry=geometry,
                                         valid_from=valid_from, valid_to=valid_to, reason=reason, id=id,
                                         exercise=exercise)

    def lift_zone(self, zone: str, *, actor: str, at: dt.datetime | None = None, reason: str = "") -> Zone:
        """End a zone's validity at ``at`` (now by default)."""
        return zone_records.lift_zone(self._store, actor, zone, at=at, reason=reason)

    # -- line lists, throughput, export -------------------------------------------------------------------
    def import_file(self, path: Path, fmt: str, *, actor: str, skip_bad: bool = False, report: Path | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ImportResult:
        """Import a consignment line list in one unit of work (a re-import adds nothing)."""
        return imports.import_file(self._store, actor, path, fmt, skip_bad=skip_bad, report=report,
                                   progress=progress)

    def summary(self, by: Sequence[str], *, exercise: bool | None, start: dt.date | None = None,
                end: dt.date | None = None, **filters: Any) -> Summary:
        """Throughput by group against the daily target, one source a day, and the interception rate."""
        return throughput.summarise(self._store, by, start=start, end=end,
                                    target=self.settings.daily_truck_target, exercise=exercise,
                                    prefer=self.settings.source_preference, **filters)

    def apply_truck_rule(self, *, actor: str, apply: bool = True) -> RuleCorrection:
        """Bring rows imported under an older truck rule to the current one (without ``apply``: what would
        change)."""
        return truck_rule.apply_truck_rule(self._store, actor, apply=apply)

    def export_stream(self, fmt: str, **filters: Any) -> export.ExportStream:
        """The selected consignments as HXL CSV or GeoJSON, in pieces (for streaming)."""
        return export.ExportStream(self._store, fmt, **filters)

    def export_xlsx(self, lang: str = "en", **filters: Any) -> Iterator[bytes]:
        """The selected consignments as an XLSX workbook (headers in ``lang``), in pieces (for streaming)."""
        return export.xlsx_stream(self._store, lang, **filters)

    def export_to_file(self, path: Path, fmt: str, lang: str = "en", **filters: Any) -> int:
        """Write the selected consignments to ``path`` (hxl, geojson or xlsx); how many were written."""
        return export.export_consignments(self._store, path, fmt, lang, **filters)
