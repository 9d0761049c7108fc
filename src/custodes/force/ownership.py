"""Who acts for which force and disarmament records: the link between organisations and the command tree.

A contingent's organisation is linked to its node in the command tree by id: the organisation
``contingent-idn`` owns the command node ``contingent-idn`` (compared without regard to case) and every
node under it. A record that names a unit (a deployment, a weapon, a custody step, a site) belongs to the
contingent above that unit; a unit name that is not a command node belongs to the organisation of that
name. Records above the contingents (the headquarters, sectors, areas) belong to the force headquarters,
which also acts for every contingent (:data:`custodes.accounts.policy.SUPERVISES`).

Each check takes the signed-in principal (``acting``), or None for the mission's operator at the command
line, who acts for every unit. The use cases run them in the unit of work of the write they guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, select

from custodes.accounts.model import OrgKind
from custodes.accounts.policy import Principal, acts_for
from custodes.errors import PermissionDenied
from custodes.force.store import nodes

__all__ = ["CommandTree", "contingent_state", "require_acts_for_unit", "require_acts_for_units",
           "require_force_hq"]


class CommandTree:
    """The command tree's parent links, read once, to find who owns the records of many units."""

    def __init__(self, conn: Connection) -> None:
        self._parent_of: Mapping[str, tuple[str | None, str]] = {
            r.id: (r.parent, r.kind) for r in conn.execute(select(nodes.c.id, nodes.c.parent, nodes.c.kind))}

    @property
    def node_ids(self) -> list[str]:
        return sorted(self._parent_of)

    def owner_of(self, unit: str) -> str | None:
        """The organisation id that owns records of ``unit``; None for the headquarters' own levels."""
        if unit not in self._parent_of:
            return unit.casefold()
        at: str | None = unit
        while at is not None:
            parent, kind = self._parent_of[at]
            if kind == "contingent":
                return at.casefold()
            at = parent
        return None

    def acts_for(self, acting: Principal | None, unit: str) -> bool:
        """Whether ``acting`` acts for the records of ``unit`` (the operator, None, acts for all)."""
        if acting is None:
            return True
        owner = self.owner_of(unit)
        if owner is None:
            return acting.org_kind is OrgKind.FORCE_HQ
        return acts_for(acting, owner, OrgKind.CONTINGENT)

    def require(self, acting: Principal | None, unit: str, what: str) -> None:
        """Refuse unless ``acting`` acts for the records of ``unit`` (:meth:`acts_for`)."""
        if self.acts_for(acting, unit):
            return
        owner = self.owner_of(unit)
        if owner is None:
            raise PermissionDenied(f"only the force headquarters may {what}")
        raise PermissionDenied(f"organisation {acting.org if acting else None} does not act for unit {unit!r} "
                               f"(owned by {owner}); it may not {what}")


def require_force_hq(acting: Principal | None, what: str) -> None:
    """Refuse unless ``acting`` is the force headquarters (or the operator, None)."""
    if acting is not None and acting.org_kind is not OrgKind.FORCE_HQ:
        raise PermissionDenied(f"only the force headquarters may {what}")


def require_acts_for_unit(conn: Connection, acting: Principal | None, unit: str, what: str) -> None:
    """Refuse unless ``acting`` acts for the records of ``unit``."""
    if acting is not None:
        CommandTree(conn).require(acting, unit, what)


def require_acts_for_units(conn: Connection, acting: Principal | None, units: Iterable[str], what: str) -> None:
    """Refuse unless ``acting`` acts for the records of every unit (checked in sorted order)."""
    if acting is None:
        return
    tree = CommandTree(conn)
    for unit in sorted(set(units)):
        tree.require(acting, unit, what)


def contingent_state(conn: Connection, org: str | None) -> str | None:
    """The contributing state of an organisation's contingent node (the node whose id is its organisation id)."""
    if org is None:
        return None
    for r in conn.execute(select(nodes.c.id, nodes.c.state).where(nodes.c.kind == "contingent")):
        if r.id.casefold() == org:
            return str(r.state) if r.state else None
    return None
