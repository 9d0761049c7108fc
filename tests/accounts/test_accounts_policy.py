"""The permission policy is data: checked here as data, without HTTP."""

from __future__ import annotations

import pytest

from custodes.accounts import policy
from custodes.accounts.model import OrgKind, Role, role_for, roles_for
from custodes.accounts.policy import PUBLIC, Principal, acts_for, allows, declare, may_see, redact
from custodes.errors import PermissionDenied


def who(role: Role, org: str, kind: OrgKind) -> Principal:
    return Principal(role, 1, "u", org, kind, "token")


def test_every_org_kind_has_a_role_and_every_role_but_public_an_org_kind() -> None:
    assert {role_for(k) for k in OrgKind} == set(Role) - {Role.PUBLIC}
    assert all(roles_for(k) for k in OrgKind)


def test_the_public_reads_public_things_only() -> None:
    assert allows(PUBLIC, "mission.read") and allows(PUBLIC, "log.read")
    assert not allows(PUBLIC, "auth.self") and not allows(PUBLIC, "orgs.read")
    assert not allows(PUBLIC, "no.such.action")  # undeclared: nobody
    with pytest.raises(PermissionDenied, match="public role may not accounts.write"):
        policy.require(PUBLIC, "accounts.write")


def test_restricted_fields_are_redacted_for_roles_that_may_not_see_them() -> None:
    assert not may_see(Role.PUBLIC, "site.exact_location") and may_see(Role.CONTINGENT, "site.exact_location")
    assert may_see(Role.MONITOR, "incident.reporter_identity")
    assert not any(may_see(r, "incident.reporter_identity") for r in Role if r is not Role.MONITOR)
    rec = {"id": 3, "reporter": "r", "lat": 31.5}
    fields = {"reporter": "incident.reporter_identity", "lat": "site.exact_location"}
    assert redact(Role.FORCE_HQ, rec, fields) == {"id": 3, "reporter": None, "lat": 31.5}
    assert redact(Role.PUBLIC, rec, fields) == {"id": 3, "reporter": None, "lat": None}


def test_organisations_own_their_records_and_headquarters_act_for_contingents() -> None:
    hq = who(Role.FORCE_HQ, "isf-hq", OrgKind.FORCE_HQ)
    a = who(Role.CONTINGENT, "contingent-a", OrgKind.CONTINGENT)
    admin = who(Role.ADMIN, "secretariat", OrgKind.SECRETARIAT)
    assert acts_for(a, "contingent-a", OrgKind.CONTINGENT)
    assert not acts_for(a, "contingent-b", OrgKind.CONTINGENT)
    assert acts_for(hq, "contingent-b", OrgKind.CONTINGENT)
    assert not acts_for(hq, "agency-a", OrgKind.AID_AGENCY)
    assert not acts_for(admin, "agency-a", OrgKind.AID_AGENCY)  # administrators do not write others' records
    assert not acts_for(PUBLIC, "agency-a", OrgKind.AID_AGENCY)


def test_a_domain_declares_its_actions_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy, "ACTIONS", dict(policy.ACTIONS))
    monkeypatch.setattr(policy, "FIELDS", dict(policy.FIELDS))
    declare({"aid.consignment.move": [Role.AID_AGENCY]}, {"aid.driver_name": [Role.AID_AGENCY]})
    declare({"aid.consignment.move": [Role.AID_AGENCY]})  # the same again is fine
    assert allows(who(Role.AID_AGENCY, "a", OrgKind.AID_AGENCY), "aid.consignment.move")
    with pytest.raises(ValueError, match="already declared"):
        declare({"aid.consignment.move": [Role.ADMIN]})
