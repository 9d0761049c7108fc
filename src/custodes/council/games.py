"""Read a weighted voting body from a YAML or JSON file (see docs/council.md for the format).

::

    name: EU Council, qualified majority
    dimensions: [population]        # one integer weight per dimension (e.g. population in thousands)
    members_share: 0.55             # or members_at_least: 15
    quota_share: [0.65]             # or quota: [292000] (absolute, per dimension)
    blocking_minority_at_least: 4   # optional: fewer than 4 members outside the coalition cannot block
    players:
      - {id: DEU, weights: [83166]}
      - {id: USA, weights: [1], veto: true}
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from custodes.council.power import Game, Player
from custodes.errors import InputError

__all__ = ["load_game", "parse_game"]


def _share(value: Any, source: str, field: str) -> Fraction:
    try:
        f = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise InputError(f"{value!r} is not a number", source=source, field=field) from None
    if not 0 <= f <= 1:
        raise InputError(f"{value} should be a share between 0 and 1", source=source, field=field)
    return f


def _int(value: Any, source: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{value!r} should be a non-negative integer", source=source, field=field)
    return value


def parse_game(raw: Any, source: str = "game") -> Game:
    if not isinstance(raw, dict):
        raise InputError("should be a mapping with name, dimensions, players and a rule", source=source)
    dims = raw.get("dimensions", ["votes"])
    if not isinstance(dims, list) or not dims or not all(isinstance(d, str) for d in dims):
        raise InputError("should be a list of names", source=source, field="dimensions")
    plist = raw.get("players")
    if not isinstance(plist, list) or not plist:
        raise InputError("should be a non-empty list", source=source, field="players")
    players = []
    for i, p in enumerate(plist):
        where = f"players[{i}]"
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            raise InputError("needs an id", source=source, field=where)
        ws = p.get("weights", [1] * len(dims))
        if not isinstance(ws, list) or len(ws) != len(dims):
            raise InputError(f"needs {len(dims)} weight(s)", source=source, field=f"{where}.weights")
        players.append(Player(p["id"], tuple(_int(w, source, f"{where}.weights") for w in ws),
                              bool(p.get("veto", False))))
    totals = [sum(p.weights[d] for p in players) for d in range(len(dims))]
    if "quota" in raw:
        q = raw["quota"]
        if not isinstance(q, list) or len(q) != len(dims):
            raise InputError(f"should list {len(dims)} quota(s)", source=source, field="quota")
        quota = tuple(_int(x, source, "quota") for x in q)
    elif "quota_share" in raw:
        q = raw["quota_share"]
        if not isinstance(q, list) or len(q) != len(dims):
            raise InputError(f"should list {len(dims)} share(s)", source=source, field="quota_share")
        quota = tuple(math.ceil(_share(x, source, "quota_share") * t) for x, t in zip(q, totals, strict=True))
    else:
        quota = (0,) * len(dims)
    if "members_at_least" in raw:
        min_members = _int(raw["members_at_least"], source, "members_at_least")
    elif "members_share" in raw:
        min_members = math.ceil(_share(raw["members_share"], source, "members_share") * len(players))
    else:
        min_members = 0
    blocking = raw.get("blocking_minority_at_least")
    if blocking is not None:
        blocking = _int(blocking, source, "blocking_minority_at_least")
    if quota == (0,) * len(dims) and min_members == 0:
        raise InputError("give a rule: quota, quota_share, members_at_least or members_share", source=source)
    return Game(str(raw.get("name", source)), tuple(dims), tuple(players), quota, min_members, blocking)


def load_game(path: Path) -> Game:
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot be read: {exc}".replace("\n", " "), source=str(path)) from None
    try:
        return parse_game(raw, str(path))
    except InputError as exc:
        if exc.source is None:
            raise InputError(exc.problem, source=str(path), field=exc.field) from None
        raise
