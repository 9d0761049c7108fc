"""Every domain's typed settings, parsed from the profile when the mission opens."""

from __future__ import annotations

from dataclasses import dataclass

from custodes.aid.settings import AidSettings
from custodes.board.settings import BoardSettings
from custodes.disarmament.settings import DisarmamentSettings
from custodes.force.settings import ForceSettings
from custodes.grievances.settings import GrievanceSettings
from custodes.incidents.settings import IncidentSettings
from custodes.profiles.model import Profile
from custodes.reports.settings import ReportSettings
from custodes.withdrawal.settings import WithdrawalSettings

__all__ = ["DomainSettings"]


@dataclass(frozen=True, slots=True)
class DomainSettings:
    """Each domain's settings (``custodes.<domain>.settings``), parsed when the mission opens: a bad value is a
    ConfigError then, naming its key, not at first use."""

    aid: AidSettings
    board: BoardSettings
    disarmament: DisarmamentSettings
    force: ForceSettings
    grievances: GrievanceSettings
    incidents: IncidentSettings
    reports: ReportSettings
    withdrawal: WithdrawalSettings

    @classmethod
    def from_profile(cls, profile: Profile) -> DomainSettings:
        """Parse every domain's settings from ``profile``."""
        return cls(AidSettings.from_profile(profile), BoardSettings.from_profile(profile),
                   DisarmamentSettings.from_profile(profile), ForceSettings.from_profile(profile),
                   GrievanceSettings.from_profile(profile), IncidentSettings.from_profile(profile),
                   ReportSettings.from_profile(profile), WithdrawalSettings.from_profile(profile))
