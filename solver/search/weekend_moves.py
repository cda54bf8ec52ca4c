"""Weekend moves: a few people's weekends are freed, everyone else keeps the weekends they
work, and every other decision of the rota is free.

Why: where people work a capped number of weekends, which weekends each one works is the
skeleton of the rota. On NRP 7, from a roster of 1057 (the optimum is 1056), no move of the
neighbourhood search held a better one: not any 2, 3 or 4 nurses over the whole month (all
6,175 such moves tried), not 30 random moves of 10 of the 20 nurses, not everyone over any
window of 21 days. Five rosters of 1057 from different runs all had the same weekends; an
optimum's differ on three nurses (two of them swap a weekend, a third takes a Sunday), and
every nurse's weekdays then change around them (58 assignments over 16 nurses). With
those three nurses' weekends free and the others' held, CP-SAT finds 1056 in 2.3 s; with
everyone's weekends held at the optimum's, it proves 1056 in 0.7 s.

The people freed are drawn in proportion to how far their weekends are from the LP optimum
of column generation (each weekend day's worked shifts in the rota, against the LP's):
where the LP mixes weekends the integer rota may be wrong. On NRP 7 at most ten nurses of
twenty disagree, and four drawn so found 1056 from that 1057 in 2 of 20 moves (3 s each).
Other rosters of 1057 are further: from one, 1 of the 45 pairs of those ten nurses held a
better roster; from three others, none.

Half of the guided moves are weekend moves (`lns.WEEKEND_SHARE`). At 60 s (`maillage nrp`,
benchmarks/README.md) NRP 7 ended at 1057 in 8 seeds of 8, against 1057 in 3 of 6 and 1058
in the others without them, and NRP 5 at its optimum 1143 in 3 of 3 (2 of 3 before).
"""

from __future__ import annotations

import random

import numpy as np

from maillage.solver.model.build import Build
from maillage.solver.search.neighbourhood import IntArray
from maillage.solver.search.relaxation import Relaxation

# Freed by one move: three held the change NRP 7 needed, two did not. Drawing 2, 3 or 4 at
# random (smaller moves are quicker: 0.5 s against 3 s) ended NRP 7 at 1057, 1058, 1058, 1057
# (seeds 0-3) against 1057 in each with four.
PEOPLE = 4


def weekend_days(build: Build) -> IntArray:
    """The days of the weekends, or none when no one's weekends are capped (nothing then
    makes them a skeleton)."""
    facts = build.facts
    capped = any(facts.rules_for(p).max_weekends is not None for p in build.instance.staff)
    days = [d for weekend in facts.weekends for d in weekend] if capped else []
    return np.asarray(days, dtype=np.int64)


def weekend_work(build: Build, days: IntArray) -> list[IntArray]:
    """Per person (in `build.by_person`'s order), the worked-day variables of these days;
    none at all when no one can work any of them (no weekend moves)."""
    out = []
    for pid in build.by_person:
        found = [v for d in days.tolist() if (v := build.worked_day(pid, d)) is not None]
        out.append(np.asarray(found, dtype=np.int64))
    return out if any(w.size for w in out) else []


def distance(
    people: list[IntArray],
    days_of: list[IntArray],
    weekend_days: IntArray,
    values: IntArray,
    optimum: Relaxation,
) -> np.ndarray:
    """Per person, the sum over weekend days of |shifts worked in the rota - in the LP|."""
    lp = np.zeros(values.size, dtype=np.float64)
    lp[optimum.decisions] = optimum.values
    out = np.zeros(len(people), dtype=np.float64)
    for k, (decisions, days) in enumerate(zip(people, days_of, strict=True)):
        on_weekend = np.isin(days, weekend_days)
        if not on_weekend.any():
            continue
        _, day = np.unique(days[on_weekend], return_inverse=True)
        chosen = decisions[on_weekend]
        gap = np.bincount(day, weights=values[chosen] - lp[chosen])
        out[k] = float(np.abs(gap).sum())
    return out


def choose(rng: random.Random, weights: np.ndarray, size: int = PEOPLE) -> list[int]:
    """`size` people (fewer when there are fewer), drawn without replacement in proportion
    to their weight; at random among the rest once no weight is left."""
    left = list(range(weights.size))
    chosen: list[int] = []
    while left and len(chosen) < size:
        w = [float(weights[k]) for k in left]
        k = rng.choices(left, weights=w)[0] if sum(w) > 0 else rng.choice(left)
        chosen.append(k)
        left.remove(k)
    return chosen


def held(work: list[IntArray], freed: list[int]) -> IntArray:
    """The weekend worked-day variables of everyone not freed: a move keeps their values."""
    free = set(freed)
    kept = [vars_ for k, vars_ in enumerate(work) if k not in free and vars_.size]
    return np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
