"""What the grievances API and the grievance forms share."""

from __future__ import annotations

__all__ = ["FILE_ACTOR"]

#: the journal actor of every filing, so the public journal does not say who filed
FILE_ACTOR = "complainant"
