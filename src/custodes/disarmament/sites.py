"""Military infrastructure sites (tunnels, workshops, launch sites): pure rules for their destruction.

A site is found, destroyed, then verified destroyed by a party other than the one that destroyed it.

>>> s = Site.found("T-1", "tunnel", dt.date(2026, 1, 2))
>>> s = destroy(s, on=dt.date(2026, 2, 1), by="ISF-ENG-1", method="demolition")
>>> verify(s, on=dt.date(2026, 2, 3), by="ISF-ENG-1").status  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
custodes.errors.IllegalTransition: refused (verifier-is-destroyer): site T-1 must be verified by another ...
>>> verify(s, on=dt.date(2026, 2, 3), by="monitor").status
'verified'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from custodes.errors import IllegalTransition, InputError, IntegrityError

__all__ = ["SITE_KINDS", "SITE_METHODS", "Site", "destroy", "extent", "verify"]

SITE_KINDS = ("tunnel", "workshop", "launch site", "depot", "position", "other")
SITE_METHODS = ("demolition", "filling", "flooding", "sealing", "dismantling", "other")
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    kind: str
    found_on: dt.date
    status: str = "found"  # found | destroyed | verified
    destroyed_on: dt.date | None = None
    destroyed_by: str | None = None
    method: str | None = None
    verified_on: dt.date | None = None
    verified_by: str | None = None

    @classmethod
    def found(cls, id: str, kind: str, on: dt.date) -> Site:
        if kind not in SITE_KINDS:
            raise InputError(f"unknown site kind {kind!r}; use one of: {', '.join(SITE_KINDS)}", field="kind")
        if not id:
            raise InputError("a site needs an id", field="id")
        return cls(id, kind, on)


def destroy(s: Site, *, on: dt.date, by: str, method: str) -> Site:
    if s.status != "found":
        raise IllegalTransition("site-destroyed-twice", f"site {s.id} was destroyed on {s.destroyed_on}")
    if on < s.found_on:
        raise IllegalTransition("step-before-previous", f"site {s.id} was found on {s.found_on}, after {on}")
    if method not in SITE_METHODS:
        raise IllegalTransition("unknown-method", f"site destruction method {method!r}; use one of: "
                                                  f"{', '.join(SITE_METHODS)}")
    if not by:
        raise IllegalTransition("no-responsible-unit", f"site {s.id}: name the unit that destroyed it")
    return replace(s, status="destroyed", destroyed_on=on, destroyed_by=by, method=method)


def verify(s: Site, *, on: dt.date, by: str) -> Site:
    if s.status == "found":
        raise IllegalTransition("verify-before-destruction", f"site {s.id} is not recorded as destroyed")
    if s.status == "verified":
        raise IllegalTransition("verified-twice", f"site {s.id} was verified on {s.verified_on} by {s.verified_by}")
    if not by or by.strip().casefold() == (s.destroyed_by or "").strip().casefold():
        raise IllegalTransition("verifier-is-destroyer",
                                f"site {s.id} must be verified by another party than {s.destroyed_by}")
    if s.destroyed_on is None:
        raise IntegrityError(f"site {s.id} is recorded as {s.status} without a day of destruction; "
                             "correct the record before verifying it")
    if on < s.destroyed_on:
        raise IllegalTransition("step-before-previous", f"site {s.id} was destroyed on {s.destroyed_on}, after {on}")
    return replace(s, status="verified", verified_on=on, verified_by=by)


def extent(geom: BaseGeometry) -> tuple[float, float]:
    """Geodesic length (m) and area (m²) on WGS 84: a tunnel's length, a compound's area."""
    area, perimeter = _GEOD.geometry_area_perimeter(geom)
    if geom.geom_type in ("LineString", "MultiLineString"):
        return round(_GEOD.geometry_length(geom), 1), 0.0
    return round(perimeter if geom.geom_type.endswith("Polygon") else 0.0, 1), round(abs(area), 1)
