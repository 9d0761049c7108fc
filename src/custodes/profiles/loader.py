"""Read and check a profile directory; any problem is a ProfileError naming file, field and fault.

>>> p = load_profile("unsc-2803-gaza")
>>> p.resolutions[0].symbol, len(p.council.members(2025))
('S/RES/2803(2025)', 15)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from custodes.errors import ConfigError, ProfileError
from custodes.ledger.origin import check_origin
from custodes.profiles.model import (
    Body,
    CouncilMembership,
    Crossing,
    ElectedTerm,
    Governorate,
    Mandate,
    Name,
    Profile,
    ReportDuty,
    Resolution,
    Task,
    Vote,
)

__all__ = ["PROFILES_DIR", "available_profiles", "load_profile", "profile_dir", "profile_source"]

PROFILES_DIR = Path(__file__).parent
PCODE = re.compile(r"^PS\d{4}$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def available_profiles() -> list[str]:
    return sorted(p.name for p in PROFILES_DIR.iterdir() if (p / "profile.yaml").is_file())


def profile_dir(name_or_path: str | Path) -> Path:
    """The directory of a profile given by directory path or by shipped name."""
    path = Path(name_or_path)
    if not (path / "profile.yaml").is_file():
        path = PROFILES_DIR / str(name_or_path)
    if not (path / "profile.yaml").is_file():
        raise ProfileError(str(name_or_path), "profile", f"no such profile; shipped: {', '.join(available_profiles())}")
    return path


def profile_source(name_or_path: str | Path) -> str:
    """How to find the profile again: its shipped name, or its directory's absolute path."""
    path = profile_dir(name_or_path)
    return path.name if path.resolve().parent == PROFILES_DIR.resolve() else str(path.resolve())


def load_profile(name_or_path: str | Path) -> Profile:
    """Load a shipped profile by name, or any profile directory by path."""
    return _Reader(profile_dir(name_or_path)).profile()


#: libyaml's safe parser where PyYAML has it (several times faster: every command loads the profile)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root

    # -- small typed getters that fail with file and field --------------------------------------
    def _load(self, rel: str) -> Any:
        f = self.root / rel
        if not f.is_file():
            raise ProfileError(str(f), "-", "file is missing")
        try:
            text = f.read_text(encoding="utf-8")
            if f.suffix in (".json", ".geojson"):
                return json.loads(text)
            return yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader: plain data, no Python objects
        except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ProfileError(str(f), "-", f"cannot be parsed: {exc}".replace("\n", " ")) from None

    def _get(self, file: str, obj: Any, key: str, where: str, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(obj, Mapping) or key not in obj:
            raise ProfileError(file, f"{where}.{key}".lstrip("."), "is missing")
        value = obj[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise ProfileError(file, f"{where}.{key}".lstrip("."), f"should be {names}, not {value!r}")
        return value

    def _date(self, file: str, obj: Any, key: str, where: str) -> dt.date:
        value = self._get(file, obj, key, where, (dt.date, str))
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise ProfileError(file, f"{where}.{key}", f"{value!r} is not a date (YYYY-MM-DD)") from None
        return value  # type: ignore[no-any-return]

    def _name(self, file: str, obj: Any, key: str, where: str) -> Name:
        n = self._get(file, obj, key, where, dict)
        return Name(self._get(file, n, "en", f"{where}.{key}", str), self._get(file, n, "ar", f"{where}.{key}", str))

    def _state(self, file: str, code: Any, where: str, states: Mapping[str, Name]) -> str:
        if not isinstance(code, str) or code not in states:
            raise ProfileError(file, where, f"{code!r} is not a state listed in states.yaml")
        return code

    # -- the profile --------------------------------------------------------------------------
    def profile(self) -> Profile:
        pf = "profile.yaml"
        top = self._load(pf)
        if not isinstance(top, dict):
            raise ProfileError(pf, "-", "should be a mapping")
        files = self._get(pf, top, "files", "", dict)
        states = self._states(self._get(pf, files, "states", "files", str))
        council = self._council(self._get(pf, files, "council", "files", str), states)
        governorates = self._governorates(self._get(pf, files, "governorates", "files", str))
        pcodes = {g.pcode for g in governorates}
        resolutions = self._resolutions(self._get(pf, files, "resolutions", "files", str), states, council)
        crossings = self._crossings(self._get(pf, files, "crossings", "files", str), pcodes)
        outline = self._load(self._get(pf, files, "outline", "files", str))
        disclosure = top.get("disclosure") or {}
        if not isinstance(disclosure, dict):
            raise ProfileError(pf, "disclosure", "should be a mapping with sealed, delayed and coarse")
        sensitive = self._field_lists(pf, "disclosure.sealed", disclosure.get("sealed") or top.get("sensitive"))
        coarse = self._field_lists(pf, "disclosure.coarse", disclosure.get("coarse"))
        delayed_raw = disclosure.get("delayed") or {}
        if not isinstance(delayed_raw, dict):
            raise ProfileError(pf, "disclosure.delayed", "should map a record or kind to {field: days}")
        delayed: dict[str, dict[str, int]] = {}
        for key, fields in delayed_raw.items():
            if not isinstance(fields, dict) or not all(
                    isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in fields.values()):
                raise ProfileError(pf, f"disclosure.delayed.{key}", "should map field names to a number of days (1+)")
            delayed[str(key)] = {str(f): int(d) for f, d in fields.items()}
        settings = top.get("settings") or {}
        if not isinstance(settings, dict):
            raise ProfileError(pf, "settings", "should be a mapping")
        return Profile(
            id=self._get(pf, top, "id", "", str),
            name=self._name(pf, top, "name", ""),
            log_origin=self._origin(pf, top),
            timezone=self._get(pf, top, "timezone", "", str),
            languages=tuple(self._get(pf, top, "languages", "", list)),
            states=states,
            council=council,
            resolutions=resolutions,
            crossings=crossings,
            governorates=governorates,
            outline=outline,
            sensitive=sensitive,
            settings=settings,
            delayed=delayed,
            coarse=coarse,
        )

    @staticmethod
    def _field_lists(pf: str, where: str, raw: Any) -> dict[str, frozenset[str]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ProfileError(pf, where, "should map journal kinds to lists of field names")
        out: dict[str, frozenset[str]] = {}
        for kind, fields in raw.items():
            if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
                raise ProfileError(pf, f"{where}.{kind}", "should be a list of field names")
            out[str(kind)] = frozenset(fields)
        return out

    def _origin(self, pf: str, top: Mapping[str, Any]) -> str | None:
        """The optional ``log_origin``: only a profile made for one deployment pins it."""
        if top.get("log_origin") is None:
            return None
        origin = self._get(pf, top, "log_origin", "", str)
        try:
            return check_origin(origin)
        except ConfigError as exc:
            raise ProfileError(pf, "log_origin", str(exc)) from None

    def _states(self, f: str) -> dict[str, Name]:
        raw = self._load(f)
        if not isinstance(raw, dict):
            raise ProfileError(f, "-", "should map ISO 3166-1 alpha-3 codes to names")
        out = {}
        for code in raw:
            if not isinstance(code, str) or not ISO3.match(code):
                raise ProfileError(f, str(code), "is not an ISO 3166-1 alpha-3 code")
            out[code] = self._name(f, raw, code, "")
        return out

    def _council(self, f: str, states: Mapping[str, Name]) -> CouncilMembership:
        raw = self._load(f)
        permanent = tuple(self._state(f, c, f"permanent[{i}]", states)
                          for i, c in enumerate(self._get(f, raw, "permanent", "", list)))
        terms = []
        for code, span in self._get(f, raw, "elected", "", dict).items():
            self._state(f, code, f"elected.{code}", states)
            if (not isinstance(span, list) or len(span) != 2
                    or not all(isinstance(y, int) and not isinstance(y, bool) for y in span)):
                raise ProfileError(f, f"elected.{code}", "should be [first year, last year]")
            if span[0] > span[1]:
                raise ProfileError(f, f"elected.{code}", f"dates out of order: {span[0]} after {span[1]}")
            if code in permanent:
                raise ProfileError(f, f"elected.{code}", "is a permanent member")
            terms.append(ElectedTerm(code, span[0], span[1]))
        membership = CouncilMembership(permanent, tuple(terms))
        for year in range(min(t.first_year for t in terms), max(t.last_year for t in terms) + 1):
            n = len(membership.members(year)) - len(permanent)
            if n > 10:
                raise ProfileError(f, "elected", f"{n} elected members sit in {year}; the Council has 10")
        return membership

    def _resolutions(self, f: str, states: Mapping[str, Name], council: CouncilMembership) -> tuple[Resolution, ...]:
        raw = self._load(f)
        if not isinstance(raw, list):
            raise ProfileError(f, "-", "should be a list of resolutions")
        out = []
        for i, r in enumerate(raw):
            w = f"[{i}]"
            symbol = self._get(f, r, "symbol", w, str)
            adopted = self._date(f, r, "adopted_on", w)
            members = set(council.members_on(adopted))
            if len(members) != 15:
                raise ProfileError(f, f"{w}.adopted_on",
                                   f"council.yaml does not give all 15 members for {adopted.year}")
            votes: dict[str, Vote] = {}
            for value, codes in self._get(f, r, "votes", w, dict).items():
                if isinstance(value, bool):  # YAML 1.1 reads a bare yes / no key as a boolean
                    value = "yes" if value else "no"
                try:
                    vote = Vote(value)
                except ValueError:
                    raise ProfileError(f, f"{w}.votes.{value}", "should be yes, no, abstain or absent") from None
                for code in codes:
                    self._state(f, code, f"{w}.votes.{value}", states)
                    if code not in members:
                        raise ProfileError(f, f"{w}.votes.{value}", f"{code} was not a Council member on {adopted}")
                    if code in votes:
                        raise ProfileError(f, f"{w}.votes.{value}", f"{code} votes twice")
                    votes[code] = vote
            missing = sorted(members - set(votes))
            if missing:
                raise ProfileError(f, f"{w}.votes", f"no vote recorded for member(s) {', '.join(missing)}")
            bodies = tuple(
                Body(self._get(f, b, "id", f"{w}.bodies[{j}]", str), self._name(f, b, "name", f"{w}.bodies[{j}]"),
                     self._get(f, b, "kind", f"{w}.bodies[{j}]", str), str(b.get("description", "")).strip())
                for j, b in enumerate(self._get(f, r, "bodies", w, list))
            )
            body_ids = {b.id for b in bodies}
            mandates = []
            for j, m in enumerate(self._get(f, r, "mandates", w, list)):
                mw = f"{w}.mandates[{j}]"
                body = self._get(f, m, "body", mw, str)
                if body not in body_ids:
                    raise ProfileError(f, f"{mw}.body", f"{body!r} is not a body of this resolution")
                until = self._date(f, m, "until", mw)
                if until <= adopted:
                    raise ProfileError(f, f"{mw}.until", f"dates out of order: {until} is not after adoption {adopted}")
                tasks = tuple(Task(self._get(f, t, "id", f"{mw}.tasks[{k}]", str),
                                   Name(self._get(f, t, "en", f"{mw}.tasks[{k}]", str),
                                        self._get(f, t, "ar", f"{mw}.tasks[{k}]", str)))
                              for k, t in enumerate(self._get(f, m, "tasks", mw, list)))
                duty = None
                if "reports" in m:
                    rw = f"{mw}.reports"
                    rep = m["reports"]
                    every = self._get(f, rep, "every_months", rw, int)
                    if every < 1:
                        raise ProfileError(f, f"{rw}.every_months", "should be at least 1")
                    first = self._date(f, rep, "first_due", rw)
                    if not adopted < first <= until:
                        raise ProfileError(f, f"{rw}.first_due",
                                           f"dates out of order: {first} outside {adopted}..{until}")
                    duty = ReportDuty(self._get(f, rep, "to", rw, str), self._get(f, rep, "by", rw, str), every, first)
                mandates.append(Mandate(body, until, tasks, duty))
            matter = self._get(f, r, "matter", w, str)
            if matter not in ("substantive", "procedural"):
                raise ProfileError(f, f"{w}.matter", "should be substantive or procedural")
            title = self._name(f, r, "title", w)
            out.append(Resolution(symbol, adopted, title, matter, votes, bodies, tuple(mandates)))
        return tuple(out)

    def _governorates(self, f: str) -> tuple[Governorate, ...]:
        raw = self._load(f)
        feats = self._get(f, raw, "features", "", list)
        out = []
        for i, feat in enumerate(feats):
            props = self._get(f, feat, "properties", f"features[{i}]", dict)
            pcode = self._get(f, props, "adm2_pcode", f"features[{i}].properties", str)
            if not PCODE.match(pcode):
                raise ProfileError(f, f"features[{i}].properties.adm2_pcode", f"{pcode!r} is not an OCHA P-code")
            geom = self._get(f, feat, "geometry", f"features[{i}]", dict)
            if geom.get("type") not in ("Polygon", "MultiPolygon"):
                raise ProfileError(f, f"features[{i}].geometry", "should be a Polygon or MultiPolygon")
            name_en = self._get(f, props, "adm2_name", f"features[{i}].properties", str)
            out.append(Governorate(pcode, Name(name_en, _AR_GOVERNORATES.get(pcode, name_en)), geom))
        return tuple(out)

    def _crossings(self, f: str, pcodes: set[str]) -> tuple[Crossing, ...]:
        raw = self._load(f)
        if not isinstance(raw, list):
            raise ProfileError(f, "-", "should be a list of crossings")
        out = []
        for i, c in enumerate(raw):
            w = f"[{i}]"
            pcode = self._get(f, c, "pcode", w, str)
            if pcode not in pcodes:
                raise ProfileError(f, f"{w}.pcode", f"unknown P-code {pcode!r}; known: {', '.join(sorted(pcodes))}")
            lat = float(self._get(f, c, "lat", w, (int, float)))
            lon = float(self._get(f, c, "lon", w, (int, float)))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ProfileError(f, w, f"coordinates {lat}, {lon} are out of range")
            out.append(Crossing(self._get(f, c, "id", w, str), pcode, self._name(f, c, "name", w), lat, lon,
                                self._get(f, c, "kind", w, str), self._get(f, c, "source", w, str)))
        return tuple(out)


_AR_GOVERNORATES = {
    "PS0255": "شمال غزة",
    "PS0260": "غزة",
    "PS0265": "دير البلح",
    "PS0270": "خان يونس",
    "PS0275": "رفح",
}
