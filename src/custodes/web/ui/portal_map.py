"""The portal map's layers: the public views of :mod:`custodes.web.map_layers` (the one module that builds
map layers), for the real records or the exercise ones, never both mixed.

Governorates, crossings, hazard zones in force, areas of responsibility, and verified incidents counted
per governorate (drawn at the governorate's representative point, never at the place of an incident):
built as for the public, whoever asks, so the portal's map is the same for everyone.
"""

from __future__ import annotations

import json
from typing import Any

from custodes.accounts.policy import PUBLIC
from custodes.app import Custodes
from custodes.web import map_layers as layers

__all__ = ["LAYERS", "dumps", "map_layers"]

LAYERS = ("governorates", "crossings", "zones", "areas", "incidents")


def map_layers(app: Custodes, exercise: bool) -> dict[str, dict[str, Any]]:
    """Each layer as a FeatureCollection (names in English and Arabic: ``name``, ``name_ar``)."""
    now = app.clock()
    return {"governorates": layers.governorates(app), "crossings": layers.crossings(app, now, exercise),
            "zones": layers.zones(app, now, exercise), "areas": layers.areas(app, PUBLIC, app.today(), exercise),
            "incidents": layers.incident_layer(app, PUBLIC, None, None, None, exercise)}


def dumps(found: dict[str, dict[str, Any]]) -> bytes:
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
