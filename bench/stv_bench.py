"""Benchmark: count 100,000 random ballots (12 candidates, 4 seats) by Scottish STV."""

from __future__ import annotations

import random
import time

from voting.stv import Ballot, count_stv

BALLOTS = 100_000
CANDIDATES = 12
SEATS = 4
SEED = 20250101


def make_ballots(n: int = BALLOTS, candidates: int = CANDIDATES, seed: int = SEED) -> list[Ballot]:
    """Random ballots: each voter ranks a random number (1..all) of candidates.

    Candidates have unequal popularity so that the count has surpluses as
    well as exclusions; each ranking is a popularity-weighted random
    permutation (Efraimidis-Spirakis keys), truncated to a random length.
    """
    rng = random.Random(seed)
    popularity = [rng.uniform(0.2, 3.0) for _ in range(candidates)]
    everyone = range(candidates)
    out = []
    for _ in range(n):
        order = sorted(everyone, key=lambda c: -(rng.random() ** (1.0 / popularity[c])))
        length = rng.randint(1, candidates)
        out.append(Ballot(weight=1, preferences=tuple(order[:length])))
    return out


def run() -> dict:
    ballots = make_ballots()
    names = [f"Candidate {i + 1}" for i in range(CANDIDATES)]
    start = time.perf_counter()
    result = count_stv(candidates=names, ballots=ballots, seats=SEATS, seed="bench")
    elapsed = time.perf_counter() - start
    assert len(result.elected) == SEATS
    return {"stv_s": round(elapsed, 4)}


if __name__ == "__main__":
    print(run())
