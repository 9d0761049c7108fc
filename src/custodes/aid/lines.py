"""Parse real consignment line lists into canonical records (pure: no database, no clock).

Each row becomes a record of strings (or None) with the same keys for every source; its identity is
``(source, ref)`` and its fingerprint the SHA-256 of its canonical JSON (custodes.ledger.entry.encode
of the record: all values are strings or null, so it equals sorted-key compact JSON). Units are kept
as given: a quantity in pallets stays in pallets, and ``tonnes`` is filled only where the row's own unit
says tonnes.

What a row *is* depends on the format, and is declared once, in :data:`ROW_SEMANTICS` (reasoning and
sources in docs/aid.md): under truck rule 2 (:data:`TRUCK_RULE`) a UNRWA or COGAT row through a land
crossing is one truck, whatever its load's unit; a sea (JLOTS) or air row is a delivery of another kind,
never a truck; an HXL row has the trucks its own unit says. Truck rule 1 (before 2026-12) counted trucks
only where the unit said trucks; :func:`row_trucks` keeps both so older reports verify under theirs.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from custodes.csvguard import refuse_non_csv_file, unguard_row
from custodes.errors import InputError

__all__ = ["FORMATS", "HXL_TAGS", "ROW_SEMANTICS", "TRUCK_RULE", "TRUCK_RULES", "ParsedRow", "canonical_hash",
           "delivery_mode", "parse_file", "row_trucks"]

FORMATS = ("unrwa", "cogat", "hxl")

#: the line lists' crossing names, mapped to the profile's crossing ids (None: not a land crossing)
CROSSING_NAMES: dict[str, str | None] = {
    "kerem shalom": "kerem-shalom", "rafah crossing": "rafah", "rafah": "rafah", "western erez": "western-erez",
    "erez": "erez", "gate 96": "gate-96", "kissufim": "kissufim", "zikim": "zikim", "jlots": None,
}
ROUTE_OF: dict[str, str] = {"jlots": "Maritime Route (JLOTS)"}
TRUCK_UNITS = {"truck", "trucks"}
TONNE_UNITS = {"mt", "ton", "tons", "tonne", "tonnes"}
KEYS = ("source", "ref", "date", "crossing", "route", "category", "description", "quantity", "unit", "donor",
        "agency", "destination")

#: HXL hashtags of the exported and re-importable columns
HXL_TAGS: dict[str, str] = {
    "source": "#meta+source", "ref": "#meta+id", "date": "#date", "crossing": "#loc+crossing",
    "route": "#loc+route", "category": "#sector", "description": "#item+name", "quantity": "#value",
    "unit": "#indicator+unit", "donor": "#org+donor", "agency": "#org+impl", "destination": "#loc+dest",
    "state": "#status",
}

#: the rule by which rows are counted as trucks now; 1 counted only rows whose unit said trucks
TRUCK_RULE = 2
TRUCK_RULES = (1, 2)

#: what one row of each import format is (truck rule 2); the reasoning and sources are in docs/aid.md
ROW_SEMANTICS: dict[str, str] = {
    "unrwa": "one row through a land crossing is one truck received by UNRWA (its load in its own unit); "
             "a JLOTS row is a delivery by sea, not a truck",
    "cogat": "one 'Land Crossings' row is one truckload inspected by COGAT, also where its tonnage is '-' "
             "(unknown); 'Maritime Route (JLOTS)' rows are sea deliveries and 'Aerial Route' rows air drops, "
             "counted apart, never as trucks",
    "hxl": "what the columns say: trucks only where the row's own unit is trucks",
    "manual": "what the form says: the consignment's number of trucks",
}
#: COGAT's route names, mapped to how the delivery travelled
_COGAT_MODES = {"land crossings": "land", "maritime route (jlots)": "sea", "aerial route": "air"}

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


class ParsedRow(NamedTuple):
    """One parsed row (a named tuple: tens of thousands are made per import)."""

    line: int
    record: dict[str, str | None]
    state: str
    trucks: int | None
    tonnes: float | None


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_SORTED_KEYS = tuple(sorted(KEYS))
_PREFIXES = tuple(("{" if i == 0 else ",") + json.dumps(k) + ":" for i, k in enumerate(_SORTED_KEYS))
_quote: Any = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring


def canonical_json(record: dict[str, Any]) -> str:
    """Sorted-key compact JSON of a record; a fast path for the importers' records (KEYS, all str or None).

    >>> r = {k: None for k in KEYS} | {"ref": "1", "quantity": "4.3", "donor": "مصر"}
    >>> canonical_json(r) == json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    True
    """
    if len(record) != len(_SORTED_KEYS):
        return _CANONICAL.encode(record)
    try:  # the quoting function refuses anything but a string (TypeError): then the general encoder
        return "".join([p + ("null" if (v := record[k]) is None else _quote(v))
                        for p, k in zip(_PREFIXES, _SORTED_KEYS, strict=True)]) + "}"
    except (KeyError, TypeError):
        return _CANONICAL.encode(record)


def canonical_hash(record: dict[str, Any]) -> str:
    """``sha256:<hex>`` of the record's canonical JSON (what the journal's import entries list).

    >>> canonical_hash({"ref": "1", "quantity": "4.3"})[:15]
    'sha256:ca09df81'
    """
    return "sha256:" + hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()


def decimal_text(value: str, *, source: str, line: int, field: str) -> str:
    """A quantity as normalised decimal text (``"14"``, ``"4.3"``); refused if not a number >= 0."""
    if value.isdigit() and (value[0] != "0" or value == "0") and value.isascii():
        return value  # the common case, already normal
    try:
        d = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise InputError(f"{value!r} is not a number", source=source, line=line, field=field) from None
    if not d.is_finite() or d < 0:
        raise InputError(f"{value!r} should be a number of zero or more", source=source, line=line, field=field)
    text = format(d.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def _measures(quantity: str | None, unit: str | None) -> tuple[int | None, float | None]:
    if quantity is None or unit is None:
        return None, None
    u = unit.strip().lower()
    if u in TRUCK_UNITS and float(quantity).is_integer():
        return int(float(quantity)), None
    if u in TONNE_UNITS:
        return None, float(quantity)
    return None, None


def delivery_mode(fmt: str, crossing: str | None, route: str | None) -> str:
    """How a row's delivery travelled: ``land``, ``sea``, ``air`` or ``unknown`` (by the format's own fields).

    >>> delivery_mode("cogat", None, "Aerial Route"), delivery_mode("unrwa", None, "Maritime Route (JLOTS)")
    ('air', 'sea')
    """
    r = (route or "").strip().lower()
    if fmt == "cogat":
        return _COGAT_MODES.get(r, "unknown")
    if "jlots" in r or "maritime" in r:
        return "sea"
    if "aerial" in r or "airdrop" in r:
        return "air"
    if crossing or r == "land crossings":
        return "land"
    return "unknown"


def row_trucks(fmt: str, rule: int, *, crossing: str | None, route: str | None, quantity: str | None,
               unit: str | None) -> int | None:
    """The trucks one imported row counts for under truck ``rule`` (None: not a truck, or not known).

    >>> row_trucks("unrwa", 2, crossing="rafah", route="Land Crossings", quantity="14", unit="Pallets")
    1
    >>> row_trucks("unrwa", 1, crossing="rafah", route="Land Crossings", quantity="14", unit="Pallets") is None
    True
    >>> row_trucks("cogat", 2, crossing=None, route="Maritime Route (JLOTS)", quantity="20", unit="tonnes") is None
    True
    """
    if rule == 2 and fmt in ("unrwa", "cogat"):
        return 1 if delivery_mode(fmt, crossing, route) == "land" else None
    if rule not in TRUCK_RULES:
        raise InputError(f"unknown truck rule {rule}; known: {', '.join(map(str, TRUCK_RULES))}", field="rule")
    return _measures(quantity, unit)[0]


def parse_file(path: Path, fmt: str) -> Iterator[ParsedRow | InputError]:
    """Rows of ``path`` in format ``fmt``; a bad row is yielded as the InputError naming line and field."""
    if fmt not in FORMATS:
        raise InputError(f"format should be one of {', '.join(FORMATS)}, not {fmt!r}", field="format")
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    refuse_non_csv_file(path)
    if fmt == "hxl":
        yield from _hxl(path)
        return
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = unguard_row(next(reader, []))
        need = ("id", "received_date", "quantity", "units", "crossing", "status") if fmt == "unrwa" else (
            "Index", "Date", "Route", "Classification", "Donor", "Aid (tons)")
        missing = [c for c in need if c not in header]
        if missing:
            raise InputError(f"not a {fmt} file: missing column(s) {', '.join(missing)}", source=str(path), line=1)
        row_fn = _unrwa if fmt == "unrwa" else _cogat
        width = len(header)
        src = str(path)
        for raw in reader:
            n = reader.line_num
            values = unguard_row(raw)
            try:
                if len(values) != width:
                    if not any(values):
                        continue
                    raise InputError(f"wrong number of fields: {len(values)}, the header has {width}", source=src,
                                     line=n)
                yield row_fn(dict(zip(header, values, strict=True)), src, n)
            except InputError as exc:
                yield exc


def _required(row: dict[str, str], key: str, src: str, n: int) -> str:
    v = (row.get(key) or "").strip()
    if not v:
        raise InputError("is empty", source=src, line=n, field=key)
    return v


def _unrwa(row: dict[str, str], src: str, n: int) -> ParsedRow:
    ref = _required(row, "id", src, n)
    try:
        date = dt.date.fromisoformat(_required(row, "received_date", src, n)).isoformat()
    except ValueError:
        raise InputError(f"{row['received_date']!r} is not a date (YYYY-MM-DD)", source=src, line=n,
                         field="received_date") from None
    status = _required(row, "status", src, n)
    if status != "Received":
        raise InputError(f"status {status!r} is not one this importer knows (Received)", source=src, line=n,
                         field="status")
    name = _required(row, "crossing", src, n)
    key = name.lower()
    if key not in CROSSING_NAMES:
        raise InputError(f"unknown crossing {name!r}", source=src, line=n, field="crossing")
    quantity = decimal_text(_required(row, "quantity", src, n), source=src, line=n, field="quantity")
    unit = row["units"].strip() or None
    rec: dict[str, str | None] = {
        "source": "unrwa", "ref": ref, "date": date, "crossing": CROSSING_NAMES[key],
        "route": ROUTE_OF.get(key, "Land Crossings"), "category": _required(row, "cargo_category", src, n),
        "description": row.get("description_of_cargo", "").strip(), "quantity": quantity, "unit": unit,
        "donor": row.get("donating_country_organization", "").strip(), "agency": row.get("data_source", "").strip(),
        "destination": row.get("destination_recipient_partner", "").strip()}
    tonnes = _measures(quantity, unit)[1]
    # ROW_SEMANTICS["unrwa"]: a row through a land crossing is one truck; JLOTS (no crossing id) is by sea
    return ParsedRow(n, rec, "entered", None if rec["crossing"] is None else 1, tonnes)


def _cogat_date(text: str, src: str, n: int) -> str:
    parts = text.split()
    try:
        day, month, year = int(parts[0]), _MONTHS[parts[1][:3].lower()], int(parts[2])
        return dt.date(year, month, day).isoformat()
    except (IndexError, KeyError, ValueError):
        raise InputError(f"{text!r} is not a date like '25 Feb 2024'", source=src, line=n, field="Date") from None


def _cogat(row: dict[str, str], src: str, n: int) -> ParsedRow:
    index = _required(row, "Index", src, n)
    if not index.isdigit():
        raise InputError(f"{index!r} is not a row number", source=src, line=n, field="Index")
    date = _cogat_date(_required(row, "Date", src, n), src, n)
    raw = _required(row, "Aid (tons)", src, n)
    # "-" is COGAT's mark for a consignment whose weight was not reported: kept as unknown, not as zero
    quantity = None if raw == "-" else decimal_text(raw, source=src, line=n, field="Aid (tons)")
    rec: dict[str, str | None] = {
        # COGAT reuses an Index once (51304, on two dates): the ref is the Index with the date
        "source": "cogat", "ref": f"{index}/{date}", "date": date, "crossing": None,
        "route": _required(row, "Route", src, n), "category": _required(row, "Classification", src, n),
        "description": "", "quantity": quantity, "unit": "tonnes", "donor": row["Donor"].strip(), "agency": "",
        "destination": ""}
    # ROW_SEMANTICS["cogat"]: a land-crossing row is one truck, also with an unknown ('-') tonnage
    trucks = 1 if _COGAT_MODES.get(str(rec["route"]).lower()) == "land" else None
    return ParsedRow(n, rec, "entered", trucks, None if quantity is None else float(quantity))


def _hxl(path: Path) -> Iterator[ParsedRow | InputError]:
    import hxl  # libhxl

    src = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            table = [unguard_row(r) for r in csv.reader(f)]  # libhxl reads arrays; we open (and close) the file
        data = hxl.data(table)
        tags = {str(c.display_tag) for c in data.columns}
    except Exception as exc:  # libhxl raises several unrelated types for a file it cannot read
        raise InputError(f"not a HXL file: {exc}", source=src) from None
    need = [HXL_TAGS[k] for k in ("ref", "date", "category", "quantity", "unit")]
    missing = [t for t in need if t not in tags]
    if missing:
        raise InputError(f"missing HXL hashtag(s) {', '.join(missing)}", source=src, line=2)
    for i, row in enumerate(data, start=3):  # line 1 the header, line 2 the hashtags
        try:
            rec: dict[str, str | None] = {}
            for k in KEYS:
                v = row.get(HXL_TAGS[k])
                rec[k] = None if v is None or str(v).strip() == "" else str(v).strip()
            rec["source"] = rec["source"] or "hxl"
            for k in ("ref", "date", "category"):
                if rec[k] is None:
                    raise InputError("is empty", source=src, line=i, field=HXL_TAGS[k])
            try:
                rec["date"] = dt.date.fromisoformat(str(rec["date"])).isoformat()
            except ValueError:
                raise InputError(f"{rec['date']!r} is not a date", source=src, line=i, field="#date") from None
            for k in ("description", "donor", "agency", "destination"):
                rec[k] = rec[k] or ""
            if rec["quantity"] is not None:
                rec["quantity"] = decimal_text(rec["quantity"], source=src, line=i, field="#value")
            state = str(row.get(HXL_TAGS["state"]) or "entered").strip()
            trucks, tonnes = _measures(rec["quantity"], rec["unit"])
            yield ParsedRow(i, rec, state, trucks, tonnes)
        except InputError as exc:
            yield exc
