"""ACLED-compatible rows in and out (ACLED's column names), HXL tags, and GeoJSON features.

Reading is pure: :func:`parse_row` turns one CSV row into the incident's column values or raises an
:class:`~custodes.errors.InputError` naming the line and the field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, overload

from custodes.errors import InputError
from custodes.incidents.model import ACTOR_CODES, ACTOR_TYPES, disorder_type, interaction, validate_typology

__all__ = ["COLUMNS", "HXL_TAGS", "REQUIRED", "export_row", "export_values", "parse_row", "row_hash"]

#: ACLED's columns, in ACLED's order.
COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
#: columns Custodes adds after ACLED's (ACLED readers ignore unknown trailing columns)
EXTRA_COLUMNS: tuple[str, ...] = ("custodes_status", "custodes_pcode", "custodes_view")
REQUIRED: tuple[str, ...] = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1",
                             "latitude", "longitude")

#: HXL hashtags for each column (HXL 1.1 core tags and attributes)
HXL_TAGS: Mapping[str, str] = {
    "event_id_cnty": "#event+id", "event_date": "#date+occurred", "year": "#date+year",
    "time_precision": "#date+precision", "disorder_type": "#event+type+disorder", "event_type": "#event+type",
    "sub_event_type": "#event+type+sub", "actor1": "#group+name+first", "assoc_actor_1": "#group+name+first+assoc",
    "inter1": "#group+type+first+code", "actor2": "#group+name+second", "assoc_actor_2": "#group+name+second+assoc",
    "inter2": "#group+type+second+code", "interaction": "#group+interaction+code",
    "civilian_targeting": "#indicator+civilian_targeting", "iso": "#country+code+num", "region": "#region+name",
    "country": "#country+name", "admin1": "#adm1+name", "admin2": "#adm2+name", "admin3": "#adm3+name",
    "location": "#loc+name", "latitude": "#geo+lat", "longitude": "#geo+lon", "geo_precision": "#geo+precision",
    "source": "#meta+source", "source_scale": "#meta+source+scale", "notes": "#description",
    "fatalities": "#affected+killed", "tags": "#meta+tags", "timestamp": "#date+updated",
    "custodes_status": "#status+verification", "custodes_pcode": "#adm2+code", "custodes_view": "#meta+view",
}

#: the country columns for the default profile's territory (ACLED codes Palestine as ISO 275, Middle East)
COUNTRY = {"iso": "275", "region": "Middle East", "country": "Palestine"}

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}


def _date(text: str) -> dt.date:
    text = text.strip()
    if len(text) == 10 and text[4] == "-":  # ISO YYYY-MM-DD
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD or '05 January 2024')") from None
    parts = text.replace("-", " ").split()
    if len(parts) == 3 and parts[1].lower() in _MONTHS:  # ACLED's "05 January 2024"
        return dt.date(int(parts[2]), _MONTHS[parts[1].lower()], int(parts[0]))
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD or '05 January 2024')")


@overload
def _inter(text: str, *, required: Literal[True]) -> int: ...
@overload
def _inter(text: str, *, required: bool) -> int | None: ...
def _inter(text: str, *, required: bool) -> int | None:
    t = text.strip()
    if not t:
        if required:
            raise ValueError("empty; give an ACLED inter code 1-8 or actor type")
        return None
    if t.isdigit():
        n = int(t)
        if n not in ACTOR_TYPES:
            raise ValueError(f"inter code {n} is not 1-8")
        return n
    code = ACTOR_CODES.get(t.lower())
    if code is None:
        raise ValueError(f"{t!r} is not an ACLED actor type ({', '.join(ACTOR_TYPES.values())})")
    return code


def _int(text: str, lo: int, hi: int | None, default: int | None = None) -> int:
    t = text.strip()
    if not t and default is not None:
        return default
    try:
        n = int(t)
    except ValueError:
        raise ValueError(f"{t!r} is not a whole number") from None
    if n < lo or (hi is not None and n > hi):
        raise ValueError(f"{n} is outside {lo}-{hi}" if hi is not None else f"{n} is below {lo}")
    return n


def _coord(text: str, lo: float, hi: float) -> float:
    try:
        x = float(text)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(x) or not lo <= x <= hi:
        raise ValueError(f"{x} is outside {lo}..{hi}")
    return x


Locate = Callable[[float, float], "tuple[str, str, str] | None"]  # (lon, lat) -> (pcode, admin1, admin2)


def parse_row(row: Mapping[str, str], line: int, source: str, locate: Locate) -> dict[str, Any]:
    """One ACLED row (values already stripped) as incident column values; blank admin fields filled."""
    r = row
    field = "event_id_cnty"
    try:
        for field in REQUIRED:
            if not r.get(field):
                raise ValueError("empty; this column is required")
        field = "event_date"
        day = _date(r["event_date"])
        field = "time_precision"
        tp = _int(r.get("time_precision", ""), 1, 3, default=1)
        field = "inter1"
        i1 = _inter(r["inter1"], required=True)
        field = "inter2"
        i2 = _inter(r.get("inter2", ""), required=False)
        field = "latitude"
        lat = _coord(r["latitude"], -90, 90)
        field = "longitude"
        lon = _coord(r["longitude"], -180, 180)
        field = "geo_precision"
        gp = _int(r.get("geo_precision", ""), 1, 3, default=1)
        field = "fatalities"
        deaths = _int(r.get("fatalities", ""), 0, None, default=0)
        field = "interaction"
        given = r.get("interaction", "")
        if given.isdigit() and i1 is not None and int(given) != interaction(i1, i2):
            raise ValueError(f"{given} does not match inter1 {i1} and inter2 {i2} (expected {interaction(i1, i2)})")
        field = "actor2"
        if i2 is not None and not r.get("actor2"):
            raise ValueError("empty while inter2 is given")
    except ValueError as exc:
        raise InputError(str(exc), source=source, line=line, field=field) from None
    validate_typology(r["event_type"], r["sub_event_type"], i1, i2, line=line, source=source)
    place = locate(lon, lat)
    if place is None:
        raise InputError(f"the point ({lat}, {lon}) lies outside the mission's governorates",
                         source=source, line=line, field="latitude")
    pcode, adm1, adm2 = place
    g = r.get
    return {
        "id": r["event_id_cnty"], "event_date": day, "time_precision": tp,
        "event_type": r["event_type"], "sub_event_type": r["sub_event_type"],
        "actor1": r["actor1"], "assoc_actor_1": g("assoc_actor_1", ""), "inter1": i1,
        "actor2": g("actor2") or None, "assoc_actor_2": g("assoc_actor_2", ""), "inter2": i2,
        "civilian_targeting": bool(g("civilian_targeting")),
        "admin1": g("admin1") or adm1, "admin2": g("admin2") or adm2, "admin3": g("admin3", ""),
        "location": g("location") or adm2, "lat": lat, "lon": lon, "geo_precision": gp, "pcode": pcode,
        "fatalities": deaths, "source": g("source", ""), "source_scale": g("source_scale", ""),
        "notes": g("notes", ""), "tags": g("tags", ""),
    }


#: the incident values' keys in sorted order (parse_row's output)
_KEYS = ("actor1", "actor2", "admin1", "admin2", "admin3", "assoc_actor_1", "assoc_actor_2", "civilian_targeting",
         "event_date", "event_type", "fatalities", "geo_precision", "id", "inter1", "inter2", "lat", "location",
         "lon", "notes", "pcode", "source", "source_scale", "sub_event_type", "tags", "time_precision")
_KEY_SET = frozenset(_KEYS)


def row_hash(values: Mapping[str, Any]) -> str:
    """SHA-256 of an incident's column values: each value's ``str()`` (None and empty text as ""), in sorted
    key order, joined by U+001F, UTF-8 encoded (dates print as ISO 8601, floats in shortest round-trip form).

    >>> row_hash({"b": 1.5, "a": None}) == hashlib.sha256("\x1f1.5".encode()).hexdigest()
    True
    """
    keys = _KEYS if values.keys() == _KEY_SET else sorted(values)
    text = "\x1f".join(["" if v is None else str(v) for v in map(values.__getitem__, keys)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def export_values(pub: Mapping[str, Any], timestamp: int, view: str) -> dict[str, Any]:
    """One public (or restricted) incident record by column (ACLED's and Custodes' trailing ones), typed."""
    day = dt.date.fromisoformat(pub["event_date"])
    vals: dict[str, Any] = {
        "event_id_cnty": pub["id"], "event_date": day, "year": day.year,
        "time_precision": pub["time_precision"],
        "disorder_type": disorder_type(pub["event_type"], pub["sub_event_type"]),
        "event_type": pub["event_type"], "sub_event_type": pub["sub_event_type"], "actor1": pub["actor1"],
        "assoc_actor_1": pub["assoc_actor_1"], "inter1": pub["inter1"], "actor2": pub["actor2"],
        "assoc_actor_2": pub["assoc_actor_2"], "inter2": "" if pub["inter2"] is None else pub["inter2"],
        "interaction": pub["interaction"],
        "civilian_targeting": "Civilian targeting" if pub["civilian_targeting"] else "",
        **COUNTRY, "admin1": pub["admin1"], "admin2": pub["admin2"], "admin3": pub["admin3"],
        "location": pub["location"], "latitude": pub["lat"], "longitude": pub["lon"],
        "geo_precision": pub["geo_precision"], "source": pub["source"], "source_scale": pub["source_scale"],
        "notes": pub["notes"], "fatalities": pub["fatalities"], "tags": pub["tags"], "timestamp": timestamp,
        "custodes_status": pub["status"], "custodes_pcode": pub["pcode"] or "", "custodes_view": view,
    }
    return vals


def export_row(pub: Mapping[str, Any], timestamp: int, view: str) -> list[str]:
    """One public (or restricted) incident record as ACLED columns plus Custodes' trailing columns."""
    vals = export_values(pub, timestamp, view)
    return [str(vals[c]) for c in COLUMNS + EXTRA_COLUMNS]


def header_index(header: Sequence[str], source: str) -> dict[str, int]:
    """Column positions by name; refuses a header without ACLED's required columns (line 1)."""
    index = {h.strip().lstrip("\ufeff"): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise InputError(f"missing ACLED column(s) {', '.join(missing)}; the header must use ACLED's column names",
                         source=source, line=1, field=missing[0])
    return index
