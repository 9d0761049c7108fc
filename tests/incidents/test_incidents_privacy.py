"""Canary: a reporter's name and a hidden exact place reach no public view, export or journal entry."""

from __future__ import annotations

import datetime as dt
import io
import json

from sqlalchemy import select

from custodes.app import Custodes
from custodes.incidents.exchange import export_incidents
from custodes.ledger.entry import verify_commitment
from custodes.ledger.sequencer import journal, journal_salts

CANARY_NAME = "Canary Reporter Zzyzx"
CANARY_PLACE = "Canary Street 77"
LAT, LON = 31.41537, 34.35291  # Deir al-Balah
NEEDLES = [CANARY_NAME, CANARY_PLACE, "31.41537", "34.35291", "3141537", "3435291"]


def _contains(blob: str | bytes) -> list[str]:
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    return [n for n in NEEDLES if n in text]


def test_canary_never_leaves_in_clear(app: Custodes, capsys: object) -> None:
    svc = app.incidents
    pub = svc.report("monitor-a", event_date=dt.date(2026, 11, 25), event_type="Violence against civilians",
                     sub_event_type="Attack", actor1="Unidentified armed group", inter1=3,
                     actor2="Civilians (Palestine)", inter2=7, lat=LAT, lon=LON, location=CANARY_PLACE,
                     reporter=CANARY_NAME, hide_location=True, organisation="Org A")
    iid = pub["id"]
    svc.start_review("lead", iid)
    svc.confirm("m-b", iid, "Org B")
    svc.confirm("m-c", iid, "Org C")
    svc.add_evidence("monitor-a", iid, b"evidence")
    views = [svc.get(iid), *svc.list_incidents()]
    assert views[0]["status"] == "verified" and views[0]["pcode"] == "PS0265"
    assert views[0]["geo_precision"] == 3 and views[0]["location"] == "Deir Al-Balah"
    assert not _contains(json.dumps(views))
    for fmt in ("acled", "hxl", "geojson"):
        out = io.StringIO()
        assert export_incidents(svc, out, fmt=fmt) == 1
        assert not _contains(out.getvalue()), fmt
    # the raw journal bytes, every entry
    with app.store.read() as conn:
        bodies = [bytes(b) for (b,) in conn.execute(select(journal.c.body))]
        salts = {p: bytes(s) for _, p, s in conn.execute(select(journal_salts))}
    assert not _contains(b"".join(bodies))
    reported = next(json.loads(b) for b in bodies if b'"incidents.reported"' in b)
    rec = reported["rec"]
    assert set(rec["reporter"]) == {"commit"} and set(rec["location_exact"]) == {"commit"}
    assert rec["location"] is None and rec["pcode"] == "PS0265" and set(rec["anonymous"]) == {"commit"}
    # the commitments open to the real values with the salts the database keeps privately
    assert verify_commitment(CANARY_NAME, salts["reporter"], rec["reporter"]["commit"])
    assert verify_commitment({"lat": LAT, "lon": LON, "location": CANARY_PLACE}, salts["location_exact"],
                             rec["location_exact"]["commit"])
    # the restricted full view has the exact place, is marked restricted, and still never the reporter
    out = io.StringIO()
    export_incidents(svc, out, fmt="geojson", full=True)
    text = out.getvalue()
    assert CANARY_PLACE in text and '"custodes_view": "restricted"' in text.replace('":"', '": "')
    assert CANARY_NAME not in text


def test_anonymous_report_shows_no_sign_of_its_reporter(app: Custodes) -> None:
    app.incidents.report("public-form", event_date=dt.date(2026, 11, 25), event_type="Protests",
                         sub_event_type="Peaceful protest", actor1="Protesters (Palestine)", inter1=6,
                         lat=31.3462, lon=34.3063)
    with app.store.read() as conn:
        body = json.loads(conn.execute(select(journal.c.body).where(journal.c.kind == "incidents.reported"))
                          .scalar_one())
    # who reported, even "nobody", is sealed: an empty field is sealed too, so anonymity is not visible in the log
    assert set(body["rec"]["reporter"]) == {"commit"} and set(body["rec"]["anonymous"]) == {"commit"}
    assert body["rec"]["location"]["lat"] == "31.3462"  # not hidden: the exact place is public
