"""Who reads a grievance's subject and text, and the public view built from an allowlist (pure).

Only the addressee acts on a grievance (:func:`check_answers_for`). A grievance's subject and text go only
to the body it is addressed to, to the account that filed it
(when it was filed under a name, not anonymously) and to the roles the access policy names under
``grievance.content`` (the mission's monitors and the Palestinian committee). Everyone else, the public
included, gets the :func:`public_view`: the fields of :data:`PUBLIC_FIELDS` and nothing else, so a field
added to a grievance later stays private until someone lists it here.

>>> g = {"addressee_kind": "force", "addressee": "isf"}
>>> sees_content(Principal(Role.FORCE_HQ, 1, org="isf"), g), sees_content(Principal(Role.BOARD, 2), g)
(True, False)
>>> sees_content(Principal(Role.MONITOR, 3), g), sees_content(Principal(Role.PUBLIC), g)
(True, False)
>>> sees_content(Principal(Role.CIVIL_SOCIETY, 4), g, filed_by=4)
True
>>> sorted(public_view({**g, "subject": "s", "text": "t", "secret": 1}))
['addressee', 'addressee_kind']
>>> restricted_part(Principal(Role.COMMITTEE, 5), {"complainant": "c", "lat": 1.0, "lon": 2.0})
{'complainant': 'c', 'lat': 1.0, 'lon': 2.0}
>>> restricted_part(Principal(Role.FORCE_HQ, 1, org="isf"), {"complainant": "c", "lat": 1.0, "lon": 2.0}) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from custodes.accounts.model import Role
from custodes.accounts.policy import FIELDS, Principal, may_see
from custodes.errors import PermissionDenied
from custodes.grievances.model import ADDRESSEE_BODIES

__all__ = ["COMPLAINANT", "CONTENT", "CONTENT_FIELDS", "EXACT", "PUBLIC_FIELDS", "answers_for", "check_answers_for",
           "public_view", "responder_for", "restricted_part", "sees_content"]

#: the access policy's name for a grievance's subject and text (accounts/policy.py ``FIELDS``)
CONTENT = "grievance.content"
#: the access policy's names for who filed a grievance and its exact place
COMPLAINANT = "grievance.complainant_identity"
EXACT = "grievance.exact_location"
#: what only the entitled read
CONTENT_FIELDS: tuple[str, ...] = ("subject", "text")
#: everything a public view holds; a field not listed here is never in it
PUBLIC_FIELDS: tuple[str, ...] = (
    "id", "filed_on", "addressee_kind", "addressee", "category", "language", "pcode", "governorate", "anonymous",
    "status", "acknowledge_by", "answer_by", "acknowledged_at", "answered_at", "answer", "escalated_at",
    "escalation_reason", "closed_at", "cosigned_by", "exercise",
)
#: the role that answers for each kind of addressee (an agency: the aid agency accounts of that organisation)
_ANSWERING_ROLE = {"board": Role.BOARD, "force": Role.FORCE_HQ, "agency": Role.AID_AGENCY}


def answers_for(viewer: Principal, addressee_kind: str, addressee: str) -> bool:
    """Whether ``viewer`` speaks for the grievance's addressee: a Board account for the Board, a force
    headquarters account for the force, an account of the named aid agency's organisation for that agency."""
    if viewer.role is not _ANSWERING_ROLE.get(addressee_kind):
        return False
    return addressee_kind != "agency" or (viewer.org is not None and viewer.org == addressee)


def sees_content(viewer: Principal, grievance: Mapping[str, Any], *, filed_by: int | None = None) -> bool:
    """Whether ``viewer`` reads the subject and text of ``grievance`` (its ``addressee_kind`` and
    ``addressee``); ``filed_by`` is the account that filed it under a name (None when anonymous)."""
    if viewer.role in FIELDS.get(CONTENT, frozenset()):  # a policy without the entry names nobody
        return True
    if filed_by is not None and viewer.account is not None and viewer.account == filed_by:
        return True
    return answers_for(viewer, str(grievance["addressee_kind"]), str(grievance["addressee"]))


def public_view(grievance: Mapping[str, Any]) -> dict[str, Any]:
    """``grievance`` reduced to :data:`PUBLIC_FIELDS` (the keys it has of them)."""
    return {k: grievance[k] for k in PUBLIC_FIELDS if k in grievance}



def responder_for(viewer: Principal) -> str:
    """The addressee an account answers for: the Board, the force, or its own aid agency."""
    if viewer.role is Role.BOARD:
        return ADDRESSEE_BODIES["board"]
    if viewer.role is Role.FORCE_HQ:
        return ADDRESSEE_BODIES["force"]
    return viewer.org or ""


def check_answers_for(viewer: Principal, gid: str, addressee_kind: str, addressee: str) -> None:
    """Refuse (PermissionDenied) ``viewer`` acting on grievance ``gid`` unless it answers for its addressee."""
    if not answers_for(viewer, addressee_kind, addressee):
        raise PermissionDenied(f"grievance {gid} is addressed to {addressee}; {viewer.org} answers for "
                               f"{responder_for(viewer)}")


def restricted_part(viewer: Principal, private: Mapping[str, Any]) -> dict[str, Any] | None:
    """The complainant and exact place ``viewer`` may see (each None when not), or None when it sees neither."""
    sees_who, sees_place = may_see(viewer.role, COMPLAINANT), may_see(viewer.role, EXACT)
    if not (sees_who or sees_place):
        return None
    return {"complainant": private["complainant"] if sees_who else None,
            "lat": private["lat"] if sees_place else None, "lon": private["lon"] if sees_place else None}
