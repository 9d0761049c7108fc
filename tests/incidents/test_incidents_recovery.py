"""The recovery attack of issue 14, as a regression test: a hidden incident's exact point cannot be found again.

An outsider holds only what is public: the incident's entry in the log (read from the entry bundles the log
serves) and the anonymous incident view. The attack that worked before entry version 2: ``incidents.reported``
published ``sha256``, the unsalted hash of the whole row, hidden point included, so a grid search over the
governorate at the reporter's 4 decimals found the point in seconds. Here the same search runs over a small box
that contains the true point; it must match nothing published. Fed the old unsalted row hash, the very same search
finds the point, which shows the test would fail if anything computed from the point were published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from custodes.app import Custodes
from custodes.incidents.acled import row_hash
from custodes.incidents.store import incidents
from custodes.ledger.entry import commit
from custodes.web import WebSettings, create_app

LAT, LON = 31.4168, 34.3512  # 4 decimals, in Deir al-Balah (PS0265), as an anonymous reporter's phone gives it
HALF = 50  # the box: +-0.005 degrees, 101 x 101 points at 4 decimals
HEX = re.compile(rb"[0-9a-f]{64}")


def bundle_entries(data: bytes) -> Iterator[bytes]:
    """The entries of a C2SP tlog-tiles entry bundle: each a big-endian uint16 length, then its bytes."""
    i = 0
    while i < len(data):
        n = int.from_bytes(data[i:i + 2], "big")
        yield data[i + 2:i + 2 + n]
        i += 2 + n


def candidate(entry: Mapping[str, Any], view: Mapping[str, Any], lat: float, lon: float) -> dict[str, Any]:
    """The incident's row as the attacker rebuilds it from the public entry and view, at a guessed point (a blank
    place name is stored as the governorate's name, as the old code did; the view names the governorate)."""
    rec = entry["rec"]
    return {
        "id": rec["id"], "event_date": dt.date.fromisoformat(rec["event_date"]),
        "time_precision": rec["time_precision"], "event_type": rec["event_type"],
        "sub_event_type": rec["sub_event_type"], "actor1": rec["actor1"], "assoc_actor_1": view["assoc_actor_1"],
        "inter1": rec["inter1"], "actor2": rec["actor2"], "assoc_actor_2": view["assoc_actor_2"],
        "inter2": rec["inter2"], "civilian_targeting": view["civilian_targeting"], "admin1": view["admin1"],
        "admin2": rec["admin2"], "admin3": "", "location": rec["admin2"], "lat": lat, "lon": lon,
        "geo_precision": 1, "pcode": rec["pcode"], "fatalities": rec["fatalities"], "source": rec["source"],
        "source_scale": view["source_scale"], "notes": rec["notes"], "tags": view["tags"],
    }


def grid_search(entry: Mapping[str, Any], view: Mapping[str, Any], published: set[str],
                centre: tuple[int, int]) -> list[tuple[float, float]]:
    """Every point of the box (in 1e-4 degree steps around ``centre``) whose row hash, or whose unsalted
    commitment to the exact place (``commit(value, salt=b"")``, i.e. SHA-256 of its canonical bytes), or to either
    coordinate alone, is among the ``published`` hex digests."""
    def h(value: Any) -> str:
        return commit(value, salt=b"").digest.removeprefix("sha256:")

    place = entry["rec"]["admin2"]
    lats = {i: i / 10_000 for i in range(centre[0] - HALF, centre[0] + HALF + 1)}
    lons = {j: j / 10_000 for j in range(centre[1] - HALF, centre[1] + HALF + 1)}
    hit_lat = {i for i, v in lats.items() if h(v) in published or hashlib.sha256(str(v).encode()).hexdigest()
               in published}
    hit_lon = {j for j, v in lons.items() if h(v) in published or hashlib.sha256(str(v).encode()).hexdigest()
               in published}
    found = []
    for i, lat in lats.items():
        for j, lon in lons.items():
            if (i in hit_lat or j in hit_lon or row_hash(candidate(entry, view, lat, lon)) in published
                    or h({"lat": lat, "lon": lon, "location": place}) in published):
                found.append((lat, lon))
    return found


@pytest.mark.slow
def test_a_hidden_point_cannot_be_recovered_from_what_is_public(app: Custodes) -> None:
    pub = app.incidents.report(
        "reporter", event_date=dt.date(2026, 11, 25), event_type="Violence against civilians",
        sub_event_type="Attack", actor1="Unidentified armed group", inter1=3, actor2="Civilians (Palestine)",
        inter2=7, lat=LAT, lon=LON, location="", hide_location=True)
    iid = pub["id"]
    app.integrator().integrate()

    # what the outsider holds: the entry, from the bundles the log serves, and the anonymous view
    with TestClient(create_app(app, WebSettings(session_secret=SecretStr("r" * 40)))) as web:
        bundles = [p.relative_to(app.settings.log_dir).as_posix()
                   for p in sorted((app.settings.log_dir / "tile" / "entries").rglob("*")) if p.is_file()]
        raw = [e for rel in bundles for e in bundle_entries(web.get(f"/log/{rel}").content)]
        view_r = web.get(f"/api/v1/incidents/{iid}")
        assert view_r.status_code == 200
    mine = [e for e in raw if b'"incidents.reported"' in e and f'"id":"{iid}"'.encode() in e]
    assert len(mine) == 1
    entry, view = orjson.loads(mine[0]), view_r.json()
    assert entry["rec"]["pcode"] == "PS0265" and view["location_coarsened"] is True
    assert str(LAT) not in view_r.text and str(LON) not in view_r.text and str(LAT).encode() not in mine[0]
    published = {m.decode() for m in HEX.findall(mine[0] + view_r.content)}
    assert published  # the commitments are there, salted

    # the true point lies in the searched box, off centre so that the box is not simply centred on the answer
    centre = (round(LAT * 10_000) + 17, round(LON * 10_000) - 23)
    assert abs(round(LAT * 10_000) - centre[0]) <= HALF and abs(round(LON * 10_000) - centre[1]) <= HALF
    assert grid_search(entry, view, published, centre) == []

    # the search can fail: fed the old unsalted row hash (what version 1 published), it finds the point
    with app.store.read() as conn:
        old = conn.execute(select(incidents.c.row_hash).where(incidents.c.id == iid)).scalar_one()
    assert row_hash(candidate(entry, view, LAT, LON)) == old  # the attacker's rebuilt row is the stored row
    assert old not in published
    assert grid_search(entry, view, published | {old}, centre) == [(LAT, LON)]
    # and so it does with an unsalted commitment to the exact place
    exact = commit({"lat": LAT, "lon": LON, "location": entry["rec"]["admin2"]}, salt=b"").digest[7:]
    assert grid_search(entry, view, published | {exact}, centre) == [(LAT, LON)]
