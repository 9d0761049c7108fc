"""Benchmark: exact power indices by generating functions vs the brute-force baseline.

Games of 15, 100 and 1,000 players: an EU Council style double majority (55% of members and 65% of
population, a blocking minority needs 4 members; population in units of 0.1% of the total) and an IMF
style weighted vote (one basic vote each plus quota votes, Zipf-distributed; 85% supermajority), plus
the Security Council under Article 27. The brute force enumerates all 2^n coalitions and only runs
where n <= 20; above that it is reported as not run.

Run: PYTHONPATH=src python bench/council.py [--sizes 15,100,1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from custodes.council.power import Game, Player, PowerResult, brute_force, power_indices, security_council

BRUTE_MAX = 20


def zipf(n: int, units: int, rng: random.Random, s: float = 1.0) -> list[int]:
    raw = [1 / (i + 1) ** s for i in range(n)]
    rng.shuffle(raw)
    total = sum(raw)
    return [round(units * r / total) for r in raw]


def eu_style(n: int, seed: int = 1) -> Game:
    pops = zipf(n, 1000, random.Random(seed), 0.9)
    players = tuple(Player(f"S{i:04d}", (p,)) for i, p in enumerate(pops))
    total = sum(pops)
    return Game(f"EU-style double majority, {n} members", ("population",), players,
                (-(-65 * total // 100),), -(-55 * n // 100), 4)


def imf_style(n: int, seed: int = 2) -> Game:
    quota_votes = zipf(n, 2000 if n > 100 else 1000, random.Random(seed), 1.1)
    players = tuple(Player(f"M{i:04d}", (1 + q,)) for i, q in enumerate(quota_votes))
    total = sum(p.weights[0] for p in players)
    return Game(f"IMF-style weighted vote (85%), {n} members", ("votes",), players, (-(-85 * total // 100),))


def timed(fn: Callable[[], PowerResult], repeat: int) -> tuple[float, PowerResult]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    assert result is not None
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="15,100,1000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    games: list[Game] = [security_council(("CHN", "FRA", "RUS", "GBR", "USA"), [f"E{i}" for i in range(10)])]
    for n in sizes:
        games += [eu_style(n), imf_style(n)]
    print("| game | players | weight total | exact DP (s) | float DP (s) | brute force (s) | brute / float DP | "
          "float vs exact (max abs SS diff) |")
    print("|---|---|---|---|---|---|---|---|")
    for g in games:
        wt = sum(p.weights[0] for p in g.players)
        exact_t: float | None = None
        exact = None
        if g.n <= 100:
            exact_t, exact = timed(lambda g=g: power_indices(g, exact=True), args.repeat)  # type: ignore[misc]
        float_t, flt = timed(lambda g=g: power_indices(g, exact=False), args.repeat)  # type: ignore[misc]
        ref = exact
        brute_cell, ratio = f"not run (2^{g.n} coalitions)", "-"
        if g.n <= BRUTE_MAX:
            bt, ref = timed(lambda g=g: brute_force(g), 1)  # type: ignore[misc]
            brute_cell, ratio = f"{bt:.3f}", f"{bt / float_t:.0f}x"
        gap = None if ref is None else max(abs(flt.shapley_shubik[p] - ref.shapley_shubik[p]) for p in flt.players)
        diff = "-" if gap is None else f"{gap:.1e}"
        print(f"| {g.name} | {g.n} | {wt} | {'-' if exact_t is None else f'{exact_t:.3f}'} | {float_t:.3f} | "
              f"{brute_cell} | {ratio} | {diff} |")


if __name__ == "__main__":
    main()
