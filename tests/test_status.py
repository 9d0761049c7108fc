"""``custodes status`` speaks to people: records by what they are, overdue reports flagged, JSON kept for scripts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.cli.main import main
from custodes.exercise import ExercisePeriod
from custodes.i18n import catalogue
from custodes.mission.service import OverdueReports, RecordCount


def test_a_record_count_reads_as_words() -> None:
    assert RecordCount("board_decisions", "Board decisions", 17, 17).as_text("en") == "17, 17 of them exercise"
    assert RecordCount("states", "States", 25, None).as_text("en") == "25"
    assert RecordCount("incidents", "Incident reports", 4, 0).as_text("en") == "4"
    assert "منها 3 تمرين" in RecordCount("incidents", "تقارير الحوادث", 4, 3).as_text("ar")


def test_overdue_reports_read_as_words() -> None:
    two = OverdueReports("board-of-peace", "Board of Peace", (dt.date(2026, 5, 17), dt.date(2026, 11, 17)))
    assert two.as_text("en") == "2 reports overdue: 2026-05-17, 2026-11-17"
    assert two.as_text("ar") == "2 تقارير متأخرة: 2026-05-17، 2026-11-17"
    assert OverdueReports("b", "B", (dt.date(2026, 5, 17),)).as_text("en") == "1 report overdue: 2026-05-17"


def test_status_names_records_and_flags_overdue_reports(app: Custodes) -> None:
    app.exercise_generator("board").generate(2803, ExercisePeriod(app.profile.mandate_start, app.today()))
    st = app.status()
    by_table = {r.table: r for r in st.records}
    assert set(by_table) == {k for k in st.counts if not k.endswith(" (exercise)")}
    decisions = by_table["board_decisions"]
    assert decisions.label == "Board decisions" and decisions.total > 0
    assert decisions.as_text("en") == f"{decisions.total}, {decisions.total} of them exercise"
    assert [(o.body, o.due) for o in st.overdue] == [
        ("board-of-peace", (dt.date(2026, 5, 17), dt.date(2026, 11, 17)))]
    app.board.mark_report_submitted(dt.date(2026, 5, 17), "ab" * 32, dt.date(2026, 5, 20), actor="test")
    assert [o.due for o in app.status().overdue] == [(dt.date(2026, 11, 17),)]


def test_every_counted_table_has_a_label_in_both_languages(app: Custodes) -> None:
    labels = catalogue()
    missing = [r.table for r in app.status().records if f"record.{r.table}" not in labels]
    assert missing == []


def test_cli_status_in_english_and_arabic_json_keeps_counts(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "data")
    with pytest.raises(SystemExit):
        main(["--data-dir", d, "init"])
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--data-dir", d, "status", "--json"])
    st = json.loads(capsys.readouterr().out)
    assert all(isinstance(v, int) for v in st["counts"].values())
    assert st["counts"]["incidents"] == 0 and st["counts"]["crossings"] == 7 and "journal (exercise)" in st["counts"]
    records = {r["table"]: r for r in st["records"]}
    assert records["crossings"] == {"table": "crossings", "label": "Crossings", "count": 7, "exercise": None}
    assert records["journal"]["exercise"] == 0
    assert [o["body"] for o in st["overdue_reports"]] in ([], ["board-of-peace"])  # depends on today's date
    with pytest.raises(SystemExit):
        main(["--data-dir", d, "status"])
    out = capsys.readouterr().out
    assert "Crossings" in out and "crossing_status" not in out
    with pytest.raises(SystemExit):
        main(["--data-dir", d, "status", "--lang", "ar"])
    assert "المعابر" in capsys.readouterr().out
