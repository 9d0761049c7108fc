"""Aid's settings, read from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from custodes.aid import sources
from custodes.errors import ConfigError, InputError
from custodes.profiles import values
from custodes.profiles.loader import PROFILES_DIR
from custodes.profiles.model import Profile

__all__ = ["SCHEMATIC_FILE", "SITES_FILE", "AidSettings"]

#: the profile's schematic road network, used for routes until real roads are imported
SCHEMATIC_FILE = "roads_schematic.geojson"
#: the profile's static sites (hospitals, clinics, schools from OpenStreetMap)
SITES_FILE = "sites.geojson"


@dataclass(frozen=True, slots=True)
class AidSettings:
    #: trucks a day the ceasefire named (``aid.daily_truck_target``)
    daily_truck_target: int
    #: hours before a movement its notification is due (``aid.notification_lead_hours``)
    notification_lead_hours: float
    #: whose trucks give a day's headline figure, first to last (``aid.source_preference``)
    source_preference: tuple[str, ...]
    #: the shipped profile's schematic road network (it may not exist)
    schematic_file: Path
    #: the shipped profile's static sites (it may not exist)
    sites_file: Path

    @classmethod
    def from_profile(cls, profile: Profile) -> AidSettings:
        try:
            prefer = sources.preference(profile.setting("aid.source_preference"))
        except InputError as e:
            raise ConfigError(f"profile setting {e}") from None
        shipped = PROFILES_DIR / profile.id
        return cls(values.integer(profile, "aid.daily_truck_target", 600, low=1),
                   values.number(profile, "aid.notification_lead_hours", 48),
                   prefer, shipped / SCHEMATIC_FILE, shipped / SITES_FILE)
