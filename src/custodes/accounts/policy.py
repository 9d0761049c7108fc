"""The permission policy, declared as data: role x action, role x field, and who acts for whose records.

Pure: no SQL, HTTP or clock. The web layer asks :func:`allows` before every operation, :func:`may_see`
before putting a restricted field into an answer, and :func:`acts_for` before a write on an owned record.

>>> allows(PUBLIC, "journal.read"), allows(PUBLIC, "accounts.read")
(True, False)
>>> may_see(Role.PUBLIC, "site.exact_location"), may_see(Role.FORCE_HQ, "site.exact_location")
(False, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from custodes.accounts.model import OrgKind, Role
from custodes.errors import PermissionDenied

__all__ = [
    "ACCOUNT_ROLES",
    "ACTIONS",
    "ALL_ROLES",
    "FIELDS",
    "PUBLIC",
    "SUPERVISES",
    "Principal",
    "acts_for",
    "allows",
    "declare",
    "may_see",
    "redact",
    "require",
]

ALL_ROLES: frozenset[Role] = frozenset(Role)
ACCOUNT_ROLES: frozenset[Role] = ALL_ROLES - {Role.PUBLIC}
ADMIN: frozenset[Role] = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: an account (with its organisation) or the public."""

    role: Role
    account: int | None = None
    username: str | None = None
    org: str | None = None
    org_kind: OrgKind | None = None
    via: str = "none"  # none | session | token

    @property
    def authenticated(self) -> bool:
        return self.account is not None

    def organisation(self) -> str:
        """The organisation this principal acts for; refused for an account attached to none.

        >>> Principal(Role.AID_AGENCY, account=7, org="WFP").organisation()
        'WFP'
        """
        if self.org is None:
            who = f"account {self.username!r}" if self.username else "the public account"
            raise PermissionDenied(f"this is done in an organisation's name, and {who} has none: "
                                   "ask an administrator to attach the account to its organisation")
        return self.org


PUBLIC = Principal(Role.PUBLIC)

#: action -> the roles that may perform it. Domain routers add theirs with :func:`declare`.
ACTIONS: dict[str, frozenset[Role]] = {
    "mission.read": ALL_ROLES,
    "journal.read": ALL_ROLES,
    "log.read": ALL_ROLES,
    "auth.login": ALL_ROLES,
    "auth.self": ACCOUNT_ROLES,  # see oneself, log out, issue and revoke one's own tokens
    "orgs.read": ACCOUNT_ROLES,
    "orgs.write": ADMIN,
    "accounts.read": ADMIN,
    "accounts.write": ADMIN,
}

#: restricted field -> the roles that see it in clear; everyone else gets it redacted
FIELDS: dict[str, frozenset[Role]] = {
    # a protected site's exact place (public views get the governorate or a coarse grid cell)
    "site.exact_location": frozenset({Role.ADMIN, Role.FORCE_HQ, Role.CONTINGENT, Role.MONITOR}),
    # who reported an incident or filed a grievance
    "incident.reporter_identity": frozenset({Role.MONITOR}),
    "grievance.complainant_identity": frozenset({Role.MONITOR, Role.COMMITTEE}),
    # an incident's and a grievance's exact place (others see the governorate): here, not declared by the domain
    # module on import, so that no read can run before the rule is known
    "incident.exact_location": frozenset({Role.MONITOR}),
    "grievance.exact_location": frozenset({Role.MONITOR, Role.COMMITTEE}),
    # a grievance's subject and text (also its addressee and the account that filed it under a name:
    # grievances/visibility.py)
    "grievance.content": frozenset({Role.MONITOR, Role.COMMITTEE}),
    # an account's user name (other than one's own)
    "account.username": ADMIN,
}

#: organisation kind -> the kinds of organisation whose records it may also act for
SUPERVISES: dict[OrgKind, frozenset[OrgKind]] = {
    OrgKind.FORCE_HQ: frozenset({OrgKind.CONTINGENT}),
}


def declare(actions: Mapping[str, Iterable[Role]] = {}, fields: Mapping[str, Iterable[Role]] = {}) -> None:
    """Add a domain's actions and restricted fields; redeclaring a name differently is a mistake."""
    for table, new in ((ACTIONS, actions), (FIELDS, fields)):
        for name, roles in new.items():
            value = frozenset(roles)
            if name in table and table[name] != value:
                raise ValueError(f"{name!r} is already declared with other roles")
            table[name] = value


def allows(who: Principal, action: str) -> bool:
    """Whether ``who`` may perform ``action``; an undeclared action is allowed to nobody."""
    return who.role in ACTIONS.get(action, frozenset())


def require(who: Principal, action: str) -> None:
    if not allows(who, action):
        raise PermissionDenied(f"the {who.role.value} role may not {action}")


def may_see(role: Role, field: str) -> bool:
    """Whether ``role`` sees the restricted ``field`` in clear; unrestricted fields are visible to all."""
    return field not in FIELDS or role in FIELDS[field]


def redact(role: Role, record: Mapping[str, object], fields: Mapping[str, str]) -> dict[str, object]:
    """``record`` with each key in ``fields`` (key -> restricted field name) set to None unless visible.

    >>> redact(Role.PUBLIC, {"id": 1, "reporter": "x"}, {"reporter": "incident.reporter_identity"})
    {'id': 1, 'reporter': None}
    """
    return {k: (None if k in fields and not may_see(role, fields[k]) else v) for k, v in record.items()}


def acts_for(who: Principal, record_org: str, record_org_kind: OrgKind) -> bool:
    """Whether ``who`` may change a record owned by organisation ``record_org`` (of ``record_org_kind``).

    Organisations own their records; a force headquarters also acts for its contingents. Nobody else,
    the administrators included, writes another organisation's records.
    """
    if who.org is None or who.org_kind is None:
        return False
    return who.org == record_org or record_org_kind in SUPERVISES.get(who.org_kind, frozenset())
