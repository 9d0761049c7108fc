"""``custodes profile upgrade``: a new version of the profile, journaled; history-rewriting changes refused."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from custodes.app import Custodes
from custodes.cli.main import main
from custodes.errors import ConfigError
from custodes.incidents.store import incidents
from custodes.ledger.sequencer import journal
from custodes.profiles.loader import PROFILES_DIR
from custodes.settings import Settings


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "profile"
    shutil.copytree(PROFILES_DIR / "unsc-2803-gaza", root)
    return root


@pytest.fixture
def mission(tmp_path: Path, copy: Path) -> Custodes:
    app = Custodes.open(Settings(data_dir=tmp_path / "data", profile=str(copy)), create=True)
    app.init()
    return app


def _edit(root: Path, change: dict[str, object]) -> None:
    top = yaml.safe_load((root / "profile.yaml").read_text(encoding="utf-8"))
    top.update(change)
    (root / "profile.yaml").write_text(yaml.safe_dump(top, allow_unicode=True), encoding="utf-8")


def _journal_size(app: Custodes) -> int:
    with app.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(journal)).scalar_one())


def test_nothing_changed_is_up_to_date(mission: Custodes) -> None:
    before = _journal_size(mission)
    result = mission.upgrade_profile()
    assert not result.upgraded and _journal_size(mission) == before


def test_init_on_a_changed_profile_says_to_upgrade(mission: Custodes, copy: Path) -> None:
    _edit(copy, {"settings": {"aid.daily_truck_target": 700}})
    with pytest.raises(ConfigError, match="run `custodes profile upgrade`"):
        Custodes.open(mission.settings).init()


def test_an_upgrade_changes_a_setting_adds_a_file_and_journals_it(mission: Custodes, copy: Path) -> None:
    top = yaml.safe_load((copy / "profile.yaml").read_text(encoding="utf-8"))
    _edit(copy, {"settings": {**top["settings"], "aid.daily_truck_target": 700}})
    (copy / "forms.yaml").write_text("grievance: {}\n", encoding="utf-8")
    with mission.store.read() as conn:
        governorate = conn.exec_driver_sql("select pcode from governorates order by pcode").first()
    before = _journal_size(mission)
    result = mission.upgrade_profile()
    assert result.upgraded and result.settings == {"aid.daily_truck_target": (600, 700)}
    assert result.files["added"] == ["forms.yaml"] and result.files["changed"] == ["profile.yaml"]
    assert _journal_size(mission) == before + 1  # no record changed: the upgrade entry only
    with mission.store.read() as conn:
        body = json.loads(conn.execute(select(journal.c.body).where(journal.c.kind == "mission.profile_upgraded"))
                          .scalar_one())
    rec = body["rec"]
    assert rec["settings"] == {"aid.daily_truck_target": {"old": 600, "new": 700}}
    assert rec["files"]["added"]["forms.yaml"].startswith("sha256:")
    assert set(rec["files"]["changed"]["profile.yaml"]) == {"old", "new"}
    assert rec["old_digest"] != rec["new_digest"] and governorate is not None
    assert mission.domain_settings.aid.daily_truck_target == 700  # the open mission's services see it too
    reopened = Custodes.open(mission.settings)  # the app opens with the new settings
    assert reopened.profile.setting("aid.daily_truck_target") == 700
    assert not reopened.init().created and not reopened.upgrade_profile().upgraded


def test_an_added_state_is_stored_and_journaled(mission: Custodes, copy: Path) -> None:
    with (copy / "states.yaml").open("a", encoding="utf-8") as f:
        f.write("ISL: {en: Iceland, ar: آيسلندا}\n")
    result = mission.upgrade_profile()
    assert result.records["added"] == ["council.state:ISL"]
    with mission.store.read() as conn:
        kinds = [k for (k,) in conn.execute(select(journal.c.kind).order_by(journal.c.idx.desc()).limit(2))]
        assert conn.exec_driver_sql("select name_en from states where code = 'ISL'").scalar_one() == "Iceland"
    assert kinds == ["council.state", "mission.profile_upgraded"]


def _remove_governorate(root: Path, pcode: str) -> None:
    geo = json.loads((root / "governorates.geojson").read_text(encoding="utf-8"))
    geo["features"] = [f for f in geo["features"] if f["properties"]["adm2_pcode"] != pcode]
    (root / "governorates.geojson").write_text(json.dumps(geo), encoding="utf-8")
    crossings = yaml.safe_load((root / "crossings.yaml").read_text(encoding="utf-8"))
    (root / "crossings.yaml").write_text(yaml.safe_dump([c for c in crossings if c["pcode"] != pcode],
                                                         allow_unicode=True), encoding="utf-8")


def test_removing_a_used_governorate_is_refused_and_changes_nothing(mission: Custodes, copy: Path) -> None:
    mission.incidents.report("monitor", event_date=dt.date(2026, 11, 25), event_type="Protests",
                             sub_event_type="Peaceful protest", actor1="Protesters (Palestine)", inter1=6,
                             lat=31.3462, lon=34.3063)
    with mission.store.read() as conn:
        pcode = conn.execute(select(incidents.c.pcode)).scalar_one()
        governorates_before = conn.exec_driver_sql("select count(*) from governorates").scalar_one()
    _remove_governorate(copy, pcode)
    before = _journal_size(mission)
    with pytest.raises(ConfigError, match=f"governorate {pcode} \\(1 in incidents\\)"):
        mission.upgrade_profile()
    assert _journal_size(mission) == before
    with mission.store.read() as conn:
        assert conn.exec_driver_sql("select count(*) from governorates").scalar_one() == governorates_before


def test_an_unused_governorate_may_go(mission: Custodes, copy: Path) -> None:
    _remove_governorate(copy, "PS0255")
    result = mission.upgrade_profile()
    assert "mission.governorate:PS0255" in result.records["removed"]
    with mission.store.read() as conn:
        assert conn.exec_driver_sql("select count(*) from governorates where pcode = 'PS0255'").scalar_one() == 0


def test_another_origin_is_refused_and_changes_nothing(mission: Custodes, copy: Path) -> None:
    _edit(copy, {"log_origin": "elsewhere.example/custodes"})
    before = _journal_size(mission)
    with pytest.raises(ConfigError, match="an origin cannot change"):
        mission.upgrade_profile()
    assert _journal_size(mission) == before
    _edit(copy, {"log_origin": mission.log_origin})  # pinning the stored origin is fine
    assert mission.upgrade_profile().upgraded


def test_the_cli(mission: Custodes, copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(mission.settings.data_dir)
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", d, "profile", "upgrade"])
    assert done.value.code == 0 and "already up to date" in capsys.readouterr().out
    top = yaml.safe_load((copy / "profile.yaml").read_text(encoding="utf-8"))
    _edit(copy, {"settings": {**top["settings"], "participation.answer_days": 21}})
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", d, "profile", "upgrade", "--profile", str(copy)])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "setting participation.answer_days: 30 -> 21" in out


@pytest.mark.parametrize(("key", "value", "says"), [
    ("incidents.confirmations_needed", 0, "a whole number of at least 1"),
    ("board.quorum_share", "half", "a share such as 0.5"),
    ("board.casting_vote", "eldest", "chair or none"),
    ("aid.notification_lead_hours", "two days", "a number of at least 0"),
    ("aid.source_preference", "cogat", "a list of source ids"),
])
def test_a_bad_setting_is_refused_when_the_mission_opens(mission: Custodes, copy: Path, key: str, value: object,
                                                         says: str) -> None:
    top = yaml.safe_load((copy / "profile.yaml").read_text(encoding="utf-8"))
    _edit(copy, {"settings": {**top["settings"], key: value}})
    with pytest.raises(ConfigError, match=key) as refused:  # at open, before any service is used
        Custodes.open(mission.settings)
    assert says in str(refused.value)
    with pytest.raises(ConfigError, match=key):  # and an upgrade to it changes nothing
        mission.upgrade_profile()
    assert mission.profile.setting(key) != value
