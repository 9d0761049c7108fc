"""Who acts for which force and disarmament records: the link between organisations and the command tree.

A contingent's organisation is linked to its node in the command tree by id: the organisation
``contingent-idn`` owns the command node ``contingent-idn`` (compared without regard to case) and every
node under it. A record that names a unit (a deployment, a weapon, a custody step, a site) belongs to the
contingent above that unit; a unit name that is not a command node belongs to the organisation of that
name. Records above the contingents (the headquarters, sectors, areas) belong to the force headquarters,
which also acts for every contingent (:data:`custodes.accounts.policy.SUPERVISES`).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from custodes.accounts.model import OrgKind
from custodes.accounts.policy import Principal, acts_for
from custodes.errors import PermissionDenied
from custodes.force.store import nodes

__all__ = ["contingent_state", "owner_of_unit", "require_acts_for_unit", "require_force_hq"]


def owner_of_unit(conn: Connection, unit: str) -> str | None:
    """The organisation id that owns records of ``unit``; None for the headquarters' own levels."""
    parent_of = {r.id: (r.parent, r.kind) for r in conn.execute(select(nodes.c.id, nodes.c.parent, nodes.c.kind))}
    if unit not in parent_of:
        return unit.casefold()
    at: str | None = unit
    while at is not None:
        parent, kind = parent_of[at]
        if kind == "contingent":
            return at.casefold()
        at = parent
    return None


def require_force_hq(who: Principal, what: str) -> None:
    if who.org_kind is not OrgKind.FORCE_HQ:
        raise PermissionDenied(f"only the force headquarters may {what}")


def require_acts_for_unit(conn: Connection, who: Principal, unit: str, what: str) -> None:
    """Refuse unless ``who`` acts for the records of ``unit``."""
    owner = owner_of_unit(conn, unit)
    if owner is None:
        require_force_hq(who, what)
        return
    if not acts_for(who, owner, OrgKind.CONTINGENT):
        raise PermissionDenied(f"organisation {who.org} does not act for unit {unit!r} (owned by {owner}); "
                               f"it may not {what}")


def contingent_state(conn: Connection, who: Principal) -> str | None:
    """The contributing state of the caller's contingent node (the node whose id is its organisation id)."""
    if who.org is None:
        return None
    for r in conn.execute(select(nodes.c.id, nodes.c.kind, nodes.c.state).where(nodes.c.kind == "contingent")):
        if r.id.casefold() == who.org:
            return str(r.state) if r.state else None
    return None
