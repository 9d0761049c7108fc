"""What the incidents API and the incident forms share."""

from __future__ import annotations

__all__ = ["REPORT_ACTOR"]

#: the journal actor of every report, so the public journal does not say who reported (the reporter is
#: journalled as a salted commitment)
REPORT_ACTOR = "reporter"
