"""The shipped profile holds the real facts; a broken profile is refused by file, field and fault."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from custodes.errors import ProfileError
from custodes.geo.places import GovernorateIndex
from custodes.profiles import available_profiles, load_profile
from custodes.profiles.loader import PROFILES_DIR
from custodes.profiles.model import Vote


def test_2803_facts() -> None:
    p = load_profile("unsc-2803-gaza")
    assert "unsc-2803-gaza" in available_profiles()
    assert set(p.council.permanent) == {"CHN", "FRA", "RUS", "GBR", "USA"}
    elected_2025 = set(p.council.members(2025)) - set(p.council.permanent)
    assert elected_2025 == {"DZA", "DNK", "GRC", "GUY", "PAK", "PAN", "KOR", "SLE", "SVN", "SOM"}
    r = p.resolutions[0]
    assert (r.symbol, r.adopted_on) == ("S/RES/2803(2025)", dt.date(2025, 11, 17))
    assert r.tally()[Vote.YES] == 13 and {s for s, v in r.votes.items() if v is Vote.ABSTAIN} == {"CHN", "RUS"}
    assert {m.body for m in p.mandates()} == {"board-of-peace", "isf"}
    assert p.mandate_end == dt.date(2027, 12, 31)
    board = next(m for m in p.mandates() if m.body == "board-of-peace")
    assert board.reports is not None and board.reports.every_months == 6
    assert {g.pcode for g in p.governorates} == {"PS0255", "PS0260", "PS0265", "PS0270", "PS0275"}


def test_crossings_lie_in_their_governorate() -> None:
    p = load_profile("unsc-2803-gaza")
    idx = GovernorateIndex(p, tolerance_deg=0.005)
    for c in p.crossings:
        assert idx.pcode_at(c.lon, c.lat) == c.pcode, c.id


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    d = tmp_path / "broken"
    shutil.copytree(PROFILES_DIR / "unsc-2803-gaza", d)
    return d


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_missing_member_vote(broken: Path) -> None:
    _edit(broken / "resolutions.yaml", lambda d: d[0]["votes"]["abstain"].remove("CHN"))
    with pytest.raises(ProfileError, match=r"resolutions.yaml: \[0\].votes: no vote recorded for member\(s\) CHN"):
        load_profile(broken)


def test_vote_by_non_member(broken: Path) -> None:
    _edit(broken / "resolutions.yaml", lambda d: d[0]["votes"]["abstain"].append("IDN"))
    with pytest.raises(ProfileError, match="IDN was not a Council member on 2025-11-17"):
        load_profile(broken)


def test_dates_out_of_order(broken: Path) -> None:
    _edit(broken / "resolutions.yaml", lambda d: d[0]["mandates"][0].update(until="2025-01-01"))
    with pytest.raises(ProfileError, match=r"mandates\[0\].until: dates out of order"):
        load_profile(broken)
    shutil.copy(PROFILES_DIR / "unsc-2803-gaza" / "resolutions.yaml", broken / "resolutions.yaml")
    _edit(broken / "council.yaml", lambda d: d["elected"].update(DZA=[2025, 2024]))
    with pytest.raises(ProfileError, match="council.yaml: elected.DZA: dates out of order"):
        load_profile(broken)


def test_unknown_pcode(broken: Path) -> None:
    _edit(broken / "crossings.yaml", lambda d: d[0].update(pcode="PS0299"))
    with pytest.raises(ProfileError, match=r"crossings.yaml: \[0\].pcode: unknown P-code 'PS0299'"):
        load_profile(broken)


def test_unparseable_and_missing_files(broken: Path) -> None:
    (broken / "states.yaml").write_text("DZA: [unclosed", encoding="utf-8")
    with pytest.raises(ProfileError, match="states.yaml: -: cannot be parsed"):
        load_profile(broken)
    (broken / "states.yaml").unlink()
    with pytest.raises(ProfileError, match="states.yaml: -: file is missing"):
        load_profile(broken)
