"""Incidents: reports after the ACLED typology, independent verification, ACLED/HXL/GeoJSON exchange,
and the ceasefire view."""
