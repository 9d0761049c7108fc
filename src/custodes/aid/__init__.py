"""Humanitarian corridors: crossings, consignments, movement notifications, safe routes, throughput."""
