"""Exact voting power: Shapley-Shubik and Banzhaf indices by generating functions (no enumeration).

A :class:`Game` is a weighted voting body: each player has one weight per dimension (votes, population...),
some players hold a veto, and a coalition wins when it holds every veto player and either meets
``min_members`` and every quota, or leaves fewer than ``blocking_min`` members outside (the EU Council's
"a blocking minority needs at least four members"). The Security Council under Article 27 is 15 players,
one vote each, quota 9, the five permanent members holding vetoes.

Method: the generating function F(x, y) = prod_j (1 + x y^{w_j}) over the players without a veto counts the
coalitions by size and weight. Veto players sit in every coalition that can win, so they are added as a
fixed offset. A player's swings need the function of the *other* players, F / (1 + x y^{w_i}), which the
recurrence G_k = F_k - y^{w_i} G_{k-1} gives in one pass per distinct weight. Both indices follow:
Shapley-Shubik sums swings of size s with s!(n-1-s)!/n!, Banzhaf counts them over 2^(n-1).
Cost: O(m^2 W) for the product (m players without veto, W the weight total) and O(m W) per distinct weight.

With ``exact=True`` the counts are Python integers and the indices are fractions; otherwise float64
counts (exact up to rounding; up to about 1,000 players without a veto before 2^m overflows).

>>> sc = security_council(("CHN", "FRA", "RUS", "GBR", "USA"), tuple(f"E{i}" for i in range(10)))
>>> r = power_indices(sc, exact=True)
>>> str(r.shapley_shubik_exact["USA"]), str(r.shapley_shubik_exact["E0"])
('421/2145', '4/2145')
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from custodes.errors import InputError

__all__ = ["Game", "Player", "PowerResult", "brute_force", "power_indices", "security_council"]

#: float64 holds 2^m counts up to m = 1023
MAX_FLOAT_PLAYERS = 1020


@dataclass(frozen=True, slots=True)
class Player:
    id: str
    weights: tuple[int, ...]
    veto: bool = False


@dataclass(frozen=True, slots=True)
class Game:
    name: str
    dimensions: tuple[str, ...]
    players: tuple[Player, ...]
    quota: tuple[int, ...]
    min_members: int = 0
    blocking_min: int | None = None

    def __post_init__(self) -> None:
        if not self.players:
            raise InputError("a game needs players", field="players")
        ids = [p.id for p in self.players]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise InputError(f"player(s) listed twice: {', '.join(dup)}", field="players")
        k = len(self.dimensions)
        if len(self.quota) != k:
            raise InputError(f"{len(self.quota)} quota(s) for {k} dimension(s)", field="quota")
        for p in self.players:
            if len(p.weights) != k or any(w < 0 for w in p.weights):
                raise InputError(f"player {p.id}: needs {k} non-negative integer weight(s)", field="weights")

    @property
    def n(self) -> int:
        return len(self.players)

    def wins(self, members: Sequence[Player]) -> bool:
        """Whether a coalition wins (used by the brute-force baseline and for checking)."""
        ids = {p.id for p in members}
        if any(p.veto and p.id not in ids for p in self.players):
            return False
        size = len(ids)
        if self.blocking_min is not None and self.n - size < self.blocking_min:
            return True
        sums = [sum(p.weights[d] for p in members) for d in range(len(self.dimensions))]
        return size >= self.min_members and all(s >= q for s, q in zip(sums, self.quota, strict=True))


def security_council(permanent: Sequence[str], elected: Sequence[str], needed: int = 9) -> Game:
    """The Council under Article 27 for substantive matters: one vote each, ``needed`` votes, P5 vetoes."""
    players = tuple(Player(s, (1,), True) for s in permanent) + tuple(Player(s, (1,), False) for s in elected)
    return Game("Security Council (Article 27, substantive)", ("votes",), players, (needed,))


@dataclass(frozen=True, slots=True)
class PowerResult:
    game: str
    players: tuple[str, ...]
    shapley_shubik: Mapping[str, float]
    banzhaf: Mapping[str, float]  # normalised: shares summing to 1
    banzhaf_raw: Mapping[str, float]  # swings / 2^(n-1)
    exact: bool
    shapley_shubik_exact: Mapping[str, Fraction] = field(default_factory=dict)
    banzhaf_exact: Mapping[str, Fraction] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"game": self.game, "exact": self.exact, "players": []}
        for p in self.players:
            row: dict[str, Any] = {"id": p, "shapley_shubik": round(self.shapley_shubik[p], 10),
                                   "banzhaf": round(self.banzhaf[p], 10),
                                   "banzhaf_raw": round(self.banzhaf_raw[p], 10)}
            if self.exact:
                row["shapley_shubik_exact"] = str(self.shapley_shubik_exact[p])
                row["banzhaf_exact"] = str(self.banzhaf_exact[p])
            out["players"].append(row)
        return out


Array = npt.NDArray[Any]


def _mirror(a: Array, extent: tuple[int, ...]) -> Array:
    """``a`` read at total-minus-weight: a coalition's complement has weight ``extent - w``."""
    return a[tuple(slice(e, None, -1) if e > 0 else slice(0, 1) for e in extent)]


def _product(nonveto: Sequence[Player], extent: tuple[int, ...], dtype: Any) -> Array:
    """F[s, w...]: how many coalitions of the non-veto players have size s and weights w.

    Only sizes up to m/2 are built; the rest follow from complements, F[m-s, W-w] = F[s, w].
    """
    m = len(nonveto)
    half = m // 2
    f = np.zeros((m + 1, *(e + 1 for e in extent)), dtype=dtype)
    f[(0,) + (0,) * len(extent)] = 1
    reach = [0] * len(extent)  # the weights reached so far: lighter players first keeps the band narrow
    for c, p in enumerate(sorted(nonveto, key=lambda q: q.weights)):
        top = min(c + 1, half)  # sizes 1..top are updated from sizes 0..top-1
        dst = (slice(1, top + 1), *(slice(w, r + w + 1) for w, r in zip(p.weights, reach, strict=True)))
        src = (slice(0, top), *(slice(0, r + 1) for r in reach))
        f[dst] += f[src]  # numpy buffers overlapping operands
        reach = [r + w for r, w in zip(reach, p.weights, strict=True)]
    for k in range(half + 1, m + 1):
        f[k] = _mirror(f[m - k], extent)
    return f


def _without(f: Array, weights: tuple[int, ...]) -> Array:
    """F / (1 + x y^w): the counts of the other players once one player of weight ``w`` is taken out.

    Bottom-up, G_k = F_k - y^w G_{k-1}, for the smaller half of the sizes (where rounding errors stay
    small against the counts); the larger half by complements, G_k(w) = G_{m-1-k}(W' - w).
    """
    rows = f.shape[0] - 1  # the others: rows sizes 0..rows-1
    g = np.zeros_like(f[:-1])
    hi = tuple(slice(w, None) for w in weights)  # cells at weight >= w
    lo = tuple(slice(0, f.shape[d + 1] - w) for d, w in enumerate(weights))  # the same cells shifted down by w
    rest = tuple(f.shape[d + 1] - 1 - w for d, w in enumerate(weights))  # the others' weight totals
    inside = tuple(slice(0, r + 1) for r in rest)
    half = (rows - 1) // 2
    g[0] = f[0]
    for k in range(1, half + 1):
        g[k] = f[k]
        g[k][hi] -= g[k - 1][lo]
    for k in range(half + 1, rows):
        g[k][inside] = _mirror(g[rows - 1 - k][inside], rest)
    return g


def _win_grid(game: Game, veto_count: int, veto_weights: tuple[int, ...], shape: tuple[int, ...]) -> Array:
    """win[s, w...] for coalitions of all veto players plus s non-veto players of weights w."""
    idx = np.indices(shape, sparse=True)
    size = idx[0] + veto_count
    ok: Array = size >= game.min_members
    for d, q in enumerate(game.quota):
        ok = ok & (idx[d + 1] + veto_weights[d] >= q)
    if game.blocking_min is not None:
        ok = ok | (game.n - size < game.blocking_min)
    return np.broadcast_to(ok, shape)


def power_indices(game: Game, *, exact: bool | None = None) -> PowerResult:
    """Shapley-Shubik and Banzhaf indices of every player, exactly (see the module's docstring)."""
    n = game.n
    veto = [p for p in game.players if p.veto]
    nonveto = [p for p in game.players if not p.veto]
    extent = tuple(sum(p.weights[d] for p in nonveto) for d in range(len(game.dimensions)))
    cells = (len(nonveto) + 1) * math.prod(e + 1 for e in extent)
    if exact is None:
        exact = cells * max(1, len(nonveto)) <= 2_000_000
    if not exact and len(nonveto) > MAX_FLOAT_PLAYERS:
        raise InputError(f"{len(nonveto)} players without a veto: the float method handles up to "
                         f"{MAX_FLOAT_PLAYERS}", field="players")
    if cells > 200_000_000:
        raise InputError(f"the game needs {cells:,} cells; scale the weights down (e.g. population in "
                         "thousands or millions)", field="weights")
    dtype: Any = object if exact else np.float64
    f = _product(nonveto, extent, dtype)
    vw = tuple(sum(p.weights[d] for p in veto) for d in range(len(game.dimensions)))
    win = _win_grid(game, len(veto), vw, f.shape)
    # sizes of the coalition S without the player: veto players (all, or all but him) plus s others
    swings: dict[str, Array] = {}  # per player: swing counts by s (number of non-veto members in S)
    lose = ~win
    for p in veto:  # S = other veto players + T: S lacks p so it loses; swing iff S + p wins
        swings[p.id] = np.where(win, f, 0).reshape(f.shape[0], -1).sum(axis=1)
    by_weight: dict[tuple[int, ...], list[Player]] = defaultdict(list)
    for p in nonveto:
        by_weight[p.weights].append(p)
    for w, group in by_weight.items():
        g = _without(f, w)
        after = win[(slice(1, None), *(slice(wd, None) for wd in w))]
        before = lose[(slice(0, -1), *(slice(0, f.shape[d + 1] - wd) for d, wd in enumerate(w)))]
        gs = g[(slice(None), *(slice(0, f.shape[d + 1] - wd) for d, wd in enumerate(w)))]
        counts = np.where(after & before, gs, 0).reshape(gs.shape[0], -1).sum(axis=1)
        for p in group:
            swings[p.id] = counts
    base = len(veto)  # S of a non-veto player holds every veto player; S of a veto player holds the others
    ids = tuple(p.id for p in game.players)
    ss: dict[str, float] = {}
    bz_raw: dict[str, float] = {}
    ss_x: dict[str, Fraction] = {}
    bz_x: dict[str, Fraction] = {}
    logfact = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, n + 1, dtype=np.float64)))))
    done: dict[int, tuple[float, float]] = {}  # players sharing a swing vector share their indices
    for p in game.players:
        c = swings[p.id]
        offset = base - 1 if p.veto else base
        if exact:
            swing_sum = sum(int(c[s]) * math.factorial(s + offset) * math.factorial(n - 1 - s - offset)
                            for s in range(len(c)))
            ss_x[p.id] = Fraction(swing_sum, math.factorial(n))
            bz_x[p.id] = Fraction(sum(int(x) for x in c), 2 ** (n - 1))
            ss[p.id], bz_raw[p.id] = float(ss_x[p.id]), float(bz_x[p.id])
        elif id(c) in done:
            ss[p.id], bz_raw[p.id] = done[id(c)]
        else:
            sizes = np.arange(len(c)) + offset  # |S| for s non-veto members: weight |S|!(n-1-|S|)!/n!
            logc = logfact[sizes] + logfact[n - 1 - sizes] - logfact[n]
            cf = np.asarray(c, dtype=np.float64)
            pos = cf > 0
            ss[p.id] = float(np.exp(np.log(cf[pos]) + logc[pos]).sum())
            tot = float(cf.sum())
            bz_raw[p.id] = math.exp(math.log(tot) - (n - 1) * math.log(2)) if tot > 0 else 0.0
            done[id(c)] = (ss[p.id], bz_raw[p.id])
    if exact:
        total_x = sum(bz_x.values(), Fraction(0))
        bz_norm_x = {k: (v / total_x if total_x else Fraction(0)) for k, v in bz_x.items()}
        bz = {k: float(v) for k, v in bz_norm_x.items()}
        return PowerResult(game.name, ids, ss, bz, bz_raw, True, ss_x, bz_norm_x)
    bz_total = float(sum(bz_raw.values(), 0.0))
    bz = {k: (v / bz_total if bz_total else 0.0) for k, v in bz_raw.items()}
    return PowerResult(game.name, ids, ss, bz, bz_raw, False)


def brute_force(game: Game) -> PowerResult:
    """The baseline: every coalition enumerated (2^n of them); only for small games."""
    n = game.n
    if n > 22:
        raise InputError(f"brute force over 2^{n} coalitions would not finish", field="players")
    ss = dict.fromkeys((p.id for p in game.players), Fraction(0))
    bz = dict.fromkeys((p.id for p in game.players), 0)
    fact = [math.factorial(k) for k in range(n + 1)]
    for size in range(n + 1):
        for coalition in itertools.combinations(game.players, size):
            if not game.wins(coalition):
                continue
            for p in coalition:  # p is pivotal if the coalition without p loses
                rest = [q for q in coalition if q is not p]
                if not game.wins(rest):
                    ss[p.id] += Fraction(fact[size - 1] * fact[n - size], fact[n])
                    bz[p.id] += 1
    total = sum(bz.values())
    ids = tuple(p.id for p in game.players)
    return PowerResult(game.name + " (brute force)", ids, {k: float(v) for k, v in ss.items()},
                       {k: v / total if total else 0.0 for k, v in bz.items()},
                       {k: v / 2 ** (n - 1) for k, v in bz.items()},
                       True, ss, {k: Fraction(v, total) if total else Fraction(0) for k, v in bz.items()})
