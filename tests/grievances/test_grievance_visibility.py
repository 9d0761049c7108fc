"""Who reads a grievance's subject and text: the pure rule, the service's views, and the CLI's default."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custodes.accounts.model import Role
from custodes.accounts.policy import FIELDS, Principal
from custodes.app import Custodes
from custodes.cli.main import main
from custodes.grievances.visibility import CONTENT, CONTENT_FIELDS, PUBLIC_FIELDS, public_view, sees_content
from custodes.settings import Settings

SUBJECT, TEXT = "Canary subject Vk3", "Canary text Jq8: the road to the clinic"
TO_FORCE = {"addressee_kind": "force", "addressee": "isf"}
TO_AGENCY = {"addressee_kind": "agency", "addressee": "agency-a"}


def file(app: Custodes, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"addressee": "force", "category": "movement_and_crossings", "language": "en",
                            "subject": SUBJECT, "text": TEXT}
    args.update(kw)
    return app.grievances.file("public-form", **args)


def test_the_policy_names_the_monitors_and_the_committee() -> None:
    assert FIELDS[CONTENT] == frozenset({Role.MONITOR, Role.COMMITTEE})
    for role in (Role.MONITOR, Role.COMMITTEE):
        assert sees_content(Principal(role, 1, org="anyone"), TO_FORCE)


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.MONITOR, Role.COMMITTEE)])
def test_other_roles_read_it_only_as_the_addressee_or_the_filer(role: Role) -> None:
    viewer = Principal(role, None if role is Role.PUBLIC else 7, org="agency-a")
    assert sees_content(viewer, TO_FORCE) is (role is Role.FORCE_HQ)
    assert sees_content(viewer, {"addressee_kind": "board", "addressee": "board-of-peace"}) is (role is Role.BOARD)
    assert sees_content(viewer, TO_AGENCY) is (role is Role.AID_AGENCY)
    assert sees_content(viewer, TO_FORCE, filed_by=7) is (role is not Role.PUBLIC)
    assert not sees_content(viewer, TO_FORCE, filed_by=8) or role is Role.FORCE_HQ


def test_an_agency_reads_only_what_is_addressed_to_it() -> None:
    assert not sees_content(Principal(Role.AID_AGENCY, 1, org="agency-b"), TO_AGENCY)
    assert not sees_content(Principal(Role.AID_AGENCY, 1), TO_AGENCY)  # no organisation
    assert not sees_content(Principal(Role.PUBLIC), TO_AGENCY, filed_by=None)


def test_the_public_view_is_an_allowlist() -> None:
    assert not set(CONTENT_FIELDS) & set(PUBLIC_FIELDS)
    assert {"complainant", "lat", "lon", "filed_by", "location_exact"}.isdisjoint(PUBLIC_FIELDS)
    assert public_view({"id": "G1", "subject": "s", "text": "t", "new_field": 1}) == {"id": "G1"}


def test_the_service_returns_public_views_and_adds_the_content_for_the_entitled(app: Custodes) -> None:
    svc = app.grievances
    g = file(app, complainant="a contact", filed_by=41)
    anon = file(app, filed_by=42)  # filed anonymously: the account is not kept
    for view in (g, anon, svc.get(g["id"]), *svc.list_grievances()):
        assert set(view) == set(PUBLIC_FIELDS)
    assert SUBJECT not in json.dumps([g, anon, svc.get(g["id"]), list(svc.list_grievances())])
    views = svc.list_grievances()

    def read(viewer: Principal) -> dict[str, bool]:
        return {v["id"]: v.get("text") == TEXT for v in svc.for_viewer(viewer, views)}

    both, neither = {g["id"]: True, anon["id"]: True}, {g["id"]: False, anon["id"]: False}
    assert read(Principal(Role.FORCE_HQ, 1, org="isf")) == both
    assert read(Principal(Role.MONITOR, 2, org="monitor-a")) == both
    assert read(Principal(Role.COMMITTEE, 3, org="committee")) == both
    assert read(Principal(Role.PUBLIC)) == neither
    assert read(Principal(Role.BOARD, 4, org="board-member-1")) == neither
    assert read(Principal(Role.CIVIL_SOCIETY, 41, org="cso-a")) == {g["id"]: True, anon["id"]: False}
    assert read(Principal(Role.CIVIL_SOCIETY, 42, org="cso-a")) == neither
    assert all(v["subject"] == SUBJECT for v in svc.with_content(views))
    # a step answers with the public view too
    assert "subject" not in svc.acknowledge("isf", g["id"])


def test_the_cli_prints_the_content_only_when_asked(app: Custodes, settings: Settings,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    gid = file(app, complainant="a contact")["id"]
    d = str(settings.data_dir)

    def run(*args: str) -> str:
        with pytest.raises(SystemExit) as e:
            main(["--data-dir", d, "grievances", *args])
        out, err = capsys.readouterr()
        assert e.value.code in (0, None), err
        return out

    for args in (("list",), ("list", "--json"), ("show", gid), ("show", gid, "--json")):
        out = run(*args)
        assert gid in out and SUBJECT not in out and TEXT not in out, args
    assert "subject" not in json.loads(run("show", gid, "--json"))
    assert json.loads(run("show", gid, "--json", "--with-content"))["text"] == TEXT
    assert json.loads(run("list", "--json", "--with-content"))[0]["subject"] == SUBJECT
    assert "Vk3" in run("list", "--with-content")  # the table wraps the subject
    assert f"text: {TEXT}" in run("show", gid, "--with-content")
