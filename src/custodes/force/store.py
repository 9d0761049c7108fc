"""Tables of the force domain."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text

from custodes.storage.schema import exercise_column, metadata

__all__ = ["areas", "deployments", "nodes", "strength_reports", "task_assignments"]

strength_reports = Table(
    "force_strength_reports",
    metadata,
    Column("state", String(3), primary_key=True),
    Column("on", Date, primary_key=True),
    Column("pledged", Integer, nullable=False),
    Column("deployed", Integer, nullable=False),
    exercise_column(),
)

nodes = Table(
    "force_nodes",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(12), nullable=False),
    Column("name", Text, nullable=False),
    Column("parent", ForeignKey("force_nodes.id"), nullable=True),
    Column("state", String(3), nullable=True),
    Column("commander_role", String(120), nullable=False),
    exercise_column(),
)

areas = Table(
    "force_areas",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("geometry", Text, nullable=False),  # GeoJSON polygon
    exercise_column(),
)

deployments = Table(
    "force_deployments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("unit", ForeignKey("force_nodes.id"), nullable=False, index=True),
    Column("area", ForeignKey("force_areas.id"), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=True),
    Column("strength", Integer, nullable=False),
    exercise_column(),
)

task_assignments = Table(
    "force_task_assignments",
    metadata,
    Column("unit", ForeignKey("force_nodes.id"), primary_key=True),
    Column("task", String(80), primary_key=True),
    Column("assigned_on", Date, nullable=False),
    exercise_column(),
)
