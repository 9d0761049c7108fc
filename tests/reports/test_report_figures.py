"""Report figures are folded from public entries alone, and a changed figure is named."""

from __future__ import annotations

import datetime as dt
import json

from custodes.app import Custodes
from custodes.ledger.sequencer import read_entries
from custodes.reports.figures import Checkpoint, FigureSet, Period, compute, diff
from custodes.reports.mandate_fold import MandateFold


def _figures(app: Custodes, period: Period) -> FigureSet:
    with app.store.read() as conn:
        entries = [json.loads(b) for _, b in read_entries(conn)]
    return compute(entries, [MandateFold()], period, Checkpoint(app.profile.log_origin, len(entries), "root"))


def test_mandate_figures_from_the_journal(app: Custodes) -> None:
    figs = _figures(app, Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17))).by_key()
    assert figs["mandate.resolutions_in_force"].value == 1
    assert figs["mandate.board-of-peace.until"].value == "2027-12-31"
    assert figs["mandate.board-of-peace.days_left_at_period_end"].value == 409
    assert figs["mandate.board-of-peace.reports_due_by_period_end"].value == 2
    assert figs["mandate.board-of-peace.reports_submitted"].value == 0


def test_changed_figure_is_named(app: Custodes) -> None:
    fs = _figures(app, Period(dt.date(2026, 5, 18), dt.date(2026, 11, 17)))
    stated = FigureSet.from_json(json.loads(json.dumps(fs.as_json())))
    assert diff(stated, fs) == []
    doctored = fs.as_json()
    doctored["figures"][0]["value"] = 2
    assert diff(FigureSet.from_json(doctored), fs) == ["mandate.resolutions_in_force: stated 2, the log yields 1"]
