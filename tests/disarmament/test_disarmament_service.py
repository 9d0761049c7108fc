"""Disarmament use cases through the service layer: registry, custody batches, sites, documents, totals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.disarmament.model import Collected, Destroyed, Stored, Transferred, Witness
from custodes.disarmament.service import NewSite, NewWeapon
from custodes.disarmament.store import custody_steps, weapons
from custodes.errors import IllegalTransition, InputError, NotFound
from custodes.ledger.sequencer import journal, read_entries

D = dt.date(2026, 2, 1)
W2 = (Witness("ISF", "officer"), Witness("Palestinian committee", "observer"))


def rifle(serial: str = "", zone: str | None = "PS0260", maker: str = "Izhmash", model: str = "AKM") -> NewWeapon:
    return NewWeapon("assault rifle", model, "7.62x39mm", maker, "RUS", 1975, serial, zone=zone, unit="U-IDN-1")


def col(day: int = 0, site: str = "CP-1", by: str = "armed group A") -> Collected:
    return Collected(D + dt.timedelta(days=day), site, "U-IDN-1", f"R-{day}", by)


def public_entries(app: Custodes, kind: str) -> list[dict]:  # type: ignore[type-arg]
    with app.store.read() as conn:
        return [json.loads(b) for _, b in read_entries(conn) if json.loads(b)["kind"] == kind]


def test_unmarked_get_unique_marks_and_duplicates_are_flagged_not_merged(app: Custodes) -> None:
    regs = app.disarmament.register([rifle(), rifle(), rifle("AB 12"), rifle("ab12"), rifle("AB12", model="M16")],
                                    actor="test")
    assert regs[0].mark != regs[1].mark and regs[0].mark.startswith("ISF-U")
    assert regs[2].mark == "AB 12" and regs[2].duplicate_of is None
    assert regs[3].duplicate_of == regs[2].id  # same make, model and serial: flagged
    assert regs[4].duplicate_of is None  # another model: not a duplicate
    later = app.disarmament.register([rifle("AB12")], actor="test")[0]
    assert later.duplicate_of == regs[2].id
    assert len(app.disarmament.weapons(duplicates=True)) == 2
    assert app.disarmament.summary().registered == 6  # nothing merged


def test_bad_registry_fields_are_refused(app: Custodes) -> None:
    with pytest.raises(InputError, match="weapon type"):
        app.disarmament.register([NewWeapon("blaster", unit="U1")], actor="test")
    with pytest.raises(InputError, match="governorate"):
        app.disarmament.register([rifle(zone="PS9999")], actor="test")
    with pytest.raises(InputError, match="unit"):
        app.disarmament.register([NewWeapon("pistol")], actor="test")


def test_a_collection_batch_then_custody_steps_and_a_certificate(any_app: Custodes) -> None:
    app = any_app
    regs = app.disarmament.collect([(rifle("A1"), col()), (rifle("A2"), col())], actor="test")
    a, b = (r.id for r in regs)
    res = app.disarmament.record([
        (a, Stored(D + dt.timedelta(days=1), "DEPOT-1", "U-IDN-1")),
        (a, Transferred(D + dt.timedelta(days=2), "DEPOT-1", "DEPOT-2", "U-IDN-1", "U-IDN-1", "U-AZE-1")),
        (a, Destroyed(D + dt.timedelta(days=3), "DEPOT-2", "U-AZE-1", "crushing", W2)),
    ], actor="test")
    assert res.steps == 3 and res.certificates[0][0] == a
    v = app.disarmament.weapon(a)
    assert (v.custody.status, v.custody.place, v.destroyed_on) == ("destroyed", "DEPOT-2", D + dt.timedelta(days=3))
    assert v.certificate == res.certificates[0][1]
    assert [h["kind"] for h in v.history] == ["collected", "stored", "transferred", "destroyed"]
    assert "handed_over_by" not in json.dumps(v.as_json(public=True))
    destroyed = public_entries(app, "disarmament.destroyed")
    assert destroyed[0]["rec"]["certificate"] == v.certificate
    s = app.disarmament.summary()
    assert (s.registered, s.in_custody, s.destroyed) == (2, 1, 1)
    assert s.by_zone["PS0260"] == {"registered": 2, "in_custody": 1, "destroyed": 1}
    assert s.by_month["2026-02"] == {"collected": 2, "destroyed": 1}
    assert b in {w.weapon.id for w in app.disarmament.weapons(status="collected")}


def test_the_handing_over_group_is_committed_in_the_public_log(app: Custodes) -> None:
    app.disarmament.collect([(rifle("A1"), col(by="armed group A"))], actor="test")
    entry = public_entries(app, "disarmament.collected")[0]
    assert set(entry["rec"]["handed_over_by"]) == {"commit"}
    with app.store.read() as conn:
        raw = b"".join(bytes(b) for (b,) in conn.execute(select(journal.c.body)))
    assert b"armed group A" not in raw


def test_a_refused_step_refuses_the_whole_batch(app: Custodes) -> None:
    a, b = (r.id for r in app.disarmament.collect([(rifle("A1"), col()), (rifle("A2"), col())], actor="test"))
    with app.store.read() as conn:
        before = (conn.execute(select(func.count()).select_from(journal)).scalar_one(),
                  conn.execute(select(func.count()).select_from(custody_steps)).scalar_one())
    with pytest.raises(IllegalTransition) as e:
        app.disarmament.record([(a, Stored(D, "DEPOT-1", "U1")),
                                (b, Transferred(D, "DEPOT-9", "DEPOT-2", "U1", "U1", "U2"))], actor="test")
    assert e.value.name == "custody-gap"
    with app.store.read() as conn:
        after = (conn.execute(select(func.count()).select_from(journal)).scalar_one(),
                 conn.execute(select(func.count()).select_from(custody_steps)).scalar_one())
        assert conn.execute(select(weapons.c.status).where(weapons.c.id == a)).scalar_one() == "collected"
    assert before == after


@pytest.mark.parametrize(("steps", "name"), [
    ([Destroyed(D, "CP-1", "U1", "cutting", W2), Destroyed(D, "CP-1", "U1", "cutting", W2)], "destroyed-twice"),
    ([Stored(D, "DEPOT-1", "U1"), Transferred(D, "DEPOT-3", "DEPOT-2", "U1", "U1", "U2")],
     "transfer-from-wrong-depot"),
    ([Stored(D, "DEPOT-1", "U1"), Stored(D, "DEPOT-2", "U1")], "custody-gap"),
    ([Destroyed(D, "CP-1", "U1", "cutting", W2[:1])], "too-few-witness-parties"),
])
def test_refusals_through_the_service(app: Custodes, steps: list, name: str) -> None:  # type: ignore[type-arg]
    wid = app.disarmament.collect([(rifle("A1"), col())], actor="test")[0].id
    with pytest.raises(IllegalTransition) as e:
        app.disarmament.record([(wid, s) for s in steps], actor="test")
    assert e.value.name == name


def test_the_witness_parties_come_from_the_profile(app: Custodes) -> None:
    assert app.disarmament.witness_parties == app.profile.setting("disarmament.destruction_witness_parties") == 2


def test_unknown_weapon(app: Custodes) -> None:
    with pytest.raises(NotFound):
        app.disarmament.record([(99, Stored(D, "DEPOT-1", "U1"))], actor="test")
    with pytest.raises(NotFound):
        app.disarmament.weapon(99)


def test_sites_destroyed_then_verified_by_another_party(app: Custodes) -> None:
    line = {"type": "LineString", "coordinates": [[34.45, 31.50], [34.46, 31.50]]}
    row = app.disarmament.register_site(NewSite("T-1", "tunnel", "tunnel one", line, D, "U-IDN-1"), actor="test")
    assert row["zone"] == "PS0260" and 900 < row["length_m"] < 1000 and row["area_m2"] == 0
    with pytest.raises(IllegalTransition) as e:
        app.disarmament.verify_site("T-1", on=D, by="monitor", actor="test")
    assert e.value.name == "verify-before-destruction"
    app.disarmament.destroy_site("T-1", on=D, by="U-IDN-2", method="filling", actor="test")
    with pytest.raises(IllegalTransition) as e:
        app.disarmament.destroy_site("T-1", on=D, by="U-IDN-2", method="filling", actor="test")
    assert e.value.name == "site-destroyed-twice"
    with pytest.raises(IllegalTransition) as e:
        app.disarmament.verify_site("T-1", on=D, by="U-IDN-2", actor="test")
    assert e.value.name == "verifier-is-destroyer"
    s = app.disarmament.verify_site("T-1", on=D + dt.timedelta(days=2), by="independent monitor", actor="test")
    assert s.status == "verified"
    with pytest.raises(IllegalTransition) as e:
        app.disarmament.verify_site("T-1", on=D + dt.timedelta(days=3), by="someone else", actor="test")
    assert e.value.name == "verified-twice"
    with pytest.raises(InputError, match="already registered"):
        app.disarmament.register_site(NewSite("T-1", "tunnel", "again", line, D, "U-IDN-1"), actor="test")
    with pytest.raises(InputError, match="site kind"):
        app.disarmament.register_site(NewSite("X-1", "castle", "", line, D, "U-IDN-1"), actor="test")
    poly = {"type": "Polygon", "coordinates": [[[34.30, 31.30], [34.301, 31.30], [34.301, 31.301], [34.30, 31.30]]]}
    ws = app.disarmament.register_site(NewSite("W-1", "workshop", "", poly, D, "U-IDN-1"), actor="test")
    assert ws["area_m2"] > 0
    assert app.disarmament.summary().sites == {"verified": 1, "found": 1}


def test_documents_are_stored_by_content_hash(app: Custodes) -> None:
    wid = app.disarmament.register([rifle("A1")], actor="test")[0].id
    data = b"\x89PNG fake photo bytes"
    digest = app.disarmament.attach("weapon", str(wid), data, media_type="image/png", caption="receiver", actor="test")
    assert digest == hashlib.sha256(data).hexdigest()
    assert (app.settings.data_dir / "blobs" / digest[:2] / digest[2:]).read_bytes() == data
    again = app.disarmament.attach("weapon", str(wid), data, media_type="image/png", actor="test")
    assert again == digest  # no duplicate
    entries = public_entries(app, "disarmament.document_attached")
    assert len(entries) == 1 and entries[0]["rec"]["sha256"] == digest
    with pytest.raises(NotFound):
        app.disarmament.attach("site", "nope", data, media_type="image/png", actor="test")
    with pytest.raises(InputError):
        app.disarmament.attach("weapon", str(wid), b"", media_type="image/png", actor="test")


def test_lists_are_paged_with_database_totals_and_filter_exercise_records(app: Custodes) -> None:
    svc = app.disarmament
    regs = svc.collect([(rifle(f"A{i}"), col()) for i in range(3)], actor="test")
    svc.collect([(rifle("EX1"), col())], actor="exercise", exercise=True)
    svc.record([(regs[0].id, Destroyed(D + dt.timedelta(days=1), "CP-1", "U-IDN-1", "cutting", W2))], actor="test")
    page = svc.weapons(limit=2, offset=1)
    assert ([v.weapon.id for v in page], page.total) == ([2, 3], 4)
    assert (svc.weapons(exercise=False).total, svc.weapons(exercise=True).total) == (3, 1)
    real, drill = svc.summary(exercise=False), svc.summary(exercise=True)
    assert (real.registered, real.destroyed, real.exercise) == (3, 1, 0)
    assert (drill.registered, drill.exercise, drill.by_month) == (1, 1, {"2026-02": {"collected": 1, "destroyed": 0}})
    assert svc.summary().registered == 4 and svc.custody_counts(exercise=False) == {"collected": 2, "destroyed": 1}
    certs = svc.certificates(exercise=False)
    assert certs.total == 1 and certs.items[0][0] == regs[0].id and svc.certificates(exercise=True).total == 0
    cert = svc.certificate(regs[0].id).as_json()
    assert (cert["certificate"], cert["serial"]) == (certs.items[0][1], "A0")
    assert cert["destruction"]["method"] == "cutting" and cert["destruction"]["on"] == "2026-02-02"
    with pytest.raises(NotFound, match="not been destroyed"):
        svc.certificate(regs[1].id)
    point = {"type": "Point", "coordinates": [34.45, 31.50]}
    svc.register_site(NewSite("S-1", "depot", "", point, D, "U-IDN-1"), actor="test")
    svc.register_site(NewSite("EX-S", "depot", "", point, D, "U-IDN-1"), actor="exercise", exercise=True)
    assert [s["id"] for s in svc.sites(exercise=False)] == ["S-1"] and svc.sites(limit=1).total == 2
