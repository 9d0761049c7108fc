"""``custodes aid``: crossings, consignments, notifications, zones, safe routes, imports, throughput.

The group lives in :mod:`.group`; each module registers its commands on it when imported, so the imports
below set the order ``custodes aid --help`` lists them in.
"""

from __future__ import annotations

# isort: off
from custodes.cli.aid import cargo  # crossings, consignments
from custodes.cli.aid import movements  # zones, routes, roads, notifications
from custodes.cli.aid import throughput  # line-list imports, summary, truck rule, export, sites
# isort: on
from custodes.cli.aid.group import aid_app

__all__ = ["aid_app", "cargo", "movements", "throughput"]
