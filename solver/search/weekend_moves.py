"""Weekend moves: a few people's weekends are freed, everyone else keeps the weekends they
work, and every other decision of the rota is free.

Why: where people work a capped number of weekends, which weekends each one works is the
skeleton of the rota. A rota can sit where no move over a few people or a few days holds a
better one, because a better rota differs in a few people's weekends and then in almost
everyone's weekdays around them; holding the others' weekends and freeing every other
decision lets one move make both changes.

The people freed are drawn in proportion to how far their weekends are from the LP optimum
of column generation (each weekend day's worked shifts in the rota, against the LP's):
where the LP mixes weekends the integer rota may be wrong.

A share of the guided moves are weekend moves (`NeighbourhoodParams.weekend_share`). The
evidence and the variants not adopted: docs/decisions/2026-12-05-weekend-moves.md.
"""

from __future__ import annotations

import random

import numpy as np

from maillage.solver.model.build import Build
from maillage.solver.search.neighbourhood import IntArray
from maillage.solver.search.relaxation import Relaxation

# Freed by one move: a better rota can differ in several people's weekends at once, and each
# person freed slows the move; fewer people make quicker moves that find less.
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
