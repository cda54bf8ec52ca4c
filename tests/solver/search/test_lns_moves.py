"""The neighbourhoods the search draws, and how their size adapts: without a model, on layouts
built by hand (a ward of people with a decision per day and shift)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from maillage.solver.budget import Budget
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.search import lns
from maillage.solver.search.neighbourhood import ModelIndex

SHARES = SolveParams().stages.neighbourhood


def ward(people: int, days: int, shifts: int) -> lns.Layout:
    """People x days x shifts decisions, numbered person by person."""
    arrays = []
    day: dict[int, int] = {}
    var = 0
    for _ in range(people):
        mine = []
        for d in range(days):
            for _ in range(shifts):
                mine.append(var)
                day[var] = d
                var += 1
        arrays.append(np.asarray(mine, dtype=np.int64))
    return lns.Layout(arrays, day)


def whole_people(layout: lns.Layout, seeds: np.ndarray) -> bool:
    chosen = set(seeds.tolist())
    people = [set(p.tolist()) for p in layout.people]
    return all(chosen.isdisjoint(p) or chosen >= p for p in people)


def runs(days: set[int]) -> list[list[int]]:
    """Consecutive days, grouped."""
    out: list[list[int]] = []
    for d in sorted(days):
        if out and d == out[-1][-1] + 1:
            out[-1].append(d)
        else:
            out.append([d])
    return out


def test_a_year_long_ward_is_cut_in_two_half_windows_of_the_same_few_people() -> None:
    year = ward(people=30, days=364, shifts=4)  # a nurse's year: 1,456 decisions
    rng = random.Random(0)
    apart = 0
    for _ in range(200):
        seeds = lns.pick(rng, year, 300)
        assert 0 < seeds.size <= 2 * 300
        assert not any(set(p.tolist()) <= set(seeds.tolist()) for p in year.people)
        chunks = runs({year.day[v] for v in seeds.tolist()})
        assert len(chunks) <= 2
        assert sum(len(c) for c in chunks) <= max(lns.WINDOW_DAYS)
        apart += len(chunks) == 2
        # every chosen person has her decisions on every chosen day: the same people
        owners = {v // (364 * 4) for v in seeds.tolist()}
        assert seeds.size == len(owners) * 4 * sum(len(c) for c in chunks)
    # a quarter are runs of days for everyone (a day fits in the size); two windows overlap
    # or touch only by chance
    assert apart > 120


def test_a_ward_whose_people_fit_in_a_move_keeps_one_window() -> None:
    month = ward(people=40, days=28, shifts=5)
    rng = random.Random(0)
    for _ in range(200):
        seeds = lns.pick(rng, month, 400)
        assert len(runs({month.day[v] for v in seeds.tolist()})) == 1


def test_a_short_ward_frees_whole_people_and_whole_days_too() -> None:
    month = ward(people=40, days=28, shifts=5)  # a nurse's month: 140 decisions; a day: 200
    rng = random.Random(0)
    kinds = {"people": 0, "days": 0, "window": 0}
    for _ in range(200):
        seeds = lns.pick(rng, month, 400)
        days = {month.day[v] for v in seeds.tolist()}
        if whole_people(month, seeds) and len(days) == 28:
            kinds["people"] += 1
        elif seeds.size == len(days) * 200:
            kinds["days"] += 1
        else:
            kinds["window"] += 1
        assert 0 < seeds.size <= 2 * 400
    assert all(count > 20 for count in kinds.values()), kinds


@pytest.mark.parametrize(
    ("proven", "improved", "took", "grows"),
    [
        (True, False, 0.9, True),  # proven with nothing better: too small to hold one
        (True, True, 0.01, True),  # a quick improving proof: room to grow
        (True, True, 0.5, False),  # a slow improving proof: smaller ones gain as much
        (False, True, 0.01, False),  # out of time
        (False, False, 1.0, False),
    ],
)
def test_the_size_grows_after_a_quick_or_fruitless_proof_and_shrinks_otherwise(
    proven: bool, improved: bool, took: float, grows: bool
) -> None:
    fast = took < SHARES.fast_move_seconds
    after = lns.resized(100.0, 10_000, proven, improved, fast)
    assert (after > 100.0) is grows and (after < 100.0) is not grows


def test_the_size_stays_between_one_decision_and_the_whole_model() -> None:
    assert lns.resized(990.0, 1000, True, False, True) == 1000.0
    assert lns.resized(1.0, 1000, False, False, False) == 1.0


def cover_ward(people: int, days: int) -> tuple[LinearModel, lns.Layout, list[int]]:
    """One shift a day; cover of one a day, each day short charged 100 by its slack."""
    lm = LinearModel()
    x = [[lm.new_bool(f"x{p},{d}", decision=True) for d in range(days)] for p in range(people)]
    short = []
    for d in range(days):
        slack = lm.new_bool(f"short{d}")
        lm.add([(1, x[p][d]) for p in range(people)] + [(1, slack)], lo=1)
        lm.minimise("cover", 100, slack)
        short.append(slack)
    layout = lns.Layout(
        [np.asarray(row, dtype=np.int64) for row in x],
        {v: d for row in x for d, v in enumerate(row)},
    )
    return lm, layout, short


def search_at(lm: LinearModel, values: list[int]) -> lns.Search:
    values_array = np.asarray(values, dtype=np.int64)
    budget = Budget.of(0.0)
    return lns.Search(ModelIndex(lm), values_array, SolveParams(), budget, 0.0, random.Random(0))


def test_hot_decisions_are_those_that_could_fill_the_penalised_shortfall() -> None:
    lm, layout, short = cover_ward(people=4, days=10)
    values = [0] * lm.num_vars
    for d in range(10):  # person 0 covers every day but day 6
        values[int(layout.people[0][d])] = int(d != 6)
    values[short[6]] = 1
    search = search_at(lm, values)
    rng = random.Random(1)
    for _ in range(20):
        hot = search.hot(rng)
        assert sorted(layout.day[v] for v in hot.tolist()) == [6] * 4
        seeds = lns.pick(rng, layout, 8, hot)
        days = {layout.day[v] for v in seeds.tolist()}
        assert 6 in days and len(days) <= max(lns.WINDOW_DAYS)


def test_nothing_is_hot_in_a_rota_without_penalties() -> None:
    lm, layout, _ = cover_ward(people=3, days=5)
    values = [0] * lm.num_vars
    for v in layout.people[1].tolist():
        values[v] = 1
    assert search_at(lm, values).hot(random.Random(0)).size == 0


def test_a_guided_move_frees_where_the_rota_and_the_lp_disagree_and_a_random_rest() -> None:
    month = ward(people=40, days=28, shifts=5)
    rng = random.Random(0)
    few = np.asarray([3, 700, 5000], dtype=np.int64)
    for _ in range(50):
        seeds = lns._guided(rng, month, 400, few)
        assert set(few.tolist()) <= set(seeds.tolist())
        assert few.size < seeds.size <= 2 * 400  # and a random neighbourhood besides
    many = np.arange(0, month.decisions, 2, dtype=np.int64)  # 2,800: more than the move holds
    for _ in range(50):
        seeds = lns._guided(rng, month, 400, many)
        assert np.intersect1d(seeds, many).size >= 300  # three quarters of the size
        assert seeds.size <= 2 * 400


def test_a_stalled_search_gets_longer_moves_until_it_improves() -> None:
    pace = lns._Pace(size=100.0, best=50, shares=SHARES, since=0.0)
    base, stall = SHARES.move_seconds, SHARES.stall_seconds
    assert not pace.record(50, 1.0) and pace.seconds == base  # not yet
    assert not pace.record(50, stall + 0.1)
    assert pace.seconds == 2 * base
    later = stall + 0.1
    for _ in range(10):  # each doubling waits longer, up to the maximum
        later += stall * pace.seconds / base + 0.1
        pace.record(50, later)
    assert pace.seconds == SHARES.max_move_seconds
    assert pace.record(49, later + 0.1) and pace.best == 49
    assert pace.seconds == base
