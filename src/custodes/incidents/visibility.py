"""Who sees what of an incident beyond its public view (pure).

Everyone reads the public view (:meth:`~custodes.incidents.model.Incident.public_record`: a hidden place
coarsened to its governorate, no reporter). The reporter is seen by the roles of ``incident.reporter_identity``,
the exact place by those of ``incident.exact_location``; the reporting organisation by those who see the
reporter and by the organisation's own accounts, who alone (with them) may filter by it.

>>> from custodes.accounts.model import Role
>>> shows_owner(Principal(Role.AID_AGENCY, 1, org="org-a"), "org-a"), shows_owner(Principal(Role.PUBLIC), "org-a")
(True, False)
>>> restricted_part(Principal(Role.MONITOR, 2), {"reporter": "r", "lat": 1.0, "lon": 2.0, "location": "x"})
{'reporter': 'r', 'lat': 1.0, 'lon': 2.0, 'location': 'x'}
>>> restricted_part(Principal(Role.BOARD, 3), {"reporter": "r", "lat": 1.0, "lon": 2.0, "location": "x"}) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from custodes.accounts.policy import Principal, may_see
from custodes.errors import PermissionDenied

__all__ = ["EXACT", "REPORTER", "check_full_export", "check_organisation_filter", "restricted_part", "shows_owner",
           "view_for"]

#: the access policy's names for who reported an incident and its exact place (accounts/policy.py ``FIELDS``)
REPORTER = "incident.reporter_identity"
EXACT = "incident.exact_location"


def shows_owner(viewer: Principal, organisation: str | None) -> bool:
    """Whether ``viewer`` sees that ``organisation`` reported: the roles that see the reporter, and its own
    accounts (the organisation is part of who reported)."""
    if organisation is None:
        return False
    return may_see(viewer.role, REPORTER) or (viewer.authenticated and organisation == viewer.org)


def check_organisation_filter(viewer: Principal, organisation: str | None) -> None:
    """Refuse filtering by reporting organisation to anyone who may not see it (the count would tell them)."""
    if organisation is not None and not shows_owner(viewer, organisation):
        raise PermissionDenied("only the reporting organisation and monitors filter incidents by organisation")


def check_full_export(viewer: Principal) -> None:
    """Refuse the restricted full export (exact places) to a role that may not see exact places."""
    if not may_see(viewer.role, EXACT):
        raise PermissionDenied(f"the {viewer.role.value} role may not export the restricted view")


def restricted_part(viewer: Principal, private: Mapping[str, Any]) -> dict[str, Any] | None:
    """The reporter and exact place ``viewer`` may see (each None when not), or None when it sees neither."""
    sees_reporter, sees_place = may_see(viewer.role, REPORTER), may_see(viewer.role, EXACT)
    if not (sees_reporter or sees_place):
        return None
    return {"reporter": private["reporter"] if sees_reporter else None,
            "lat": private["lat"] if sees_place else None, "lon": private["lon"] if sees_place else None,
            "location": private["location"] if sees_place else None}


def view_for(viewer: Principal, public: Mapping[str, Any], private: Mapping[str, Any] | None) -> dict[str, Any]:
    """An incident's public view as ``viewer`` reads it: with the reporting organisation and the restricted
    part (``restricted``) where the policy allows; ``private`` holds the stored reporter, organisation and place."""
    if private is None:
        return {**public, "organisation": None, "restricted": None}
    org = private["organisation"]
    return {**public, "organisation": org if shows_owner(viewer, org) else None,
            "restricted": restricted_part(viewer, private)}
