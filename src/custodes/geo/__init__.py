"""Geometry: GeoJSON in and out (the one place that parses it), place look-ups, zones, roads, routing."""
