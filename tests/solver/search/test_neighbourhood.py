"""A restriction is exact: on random small models, an assignment of the small model's variables
satisfies it exactly when, put back, it satisfies the whole model, and the two objectives
move by the same amount (checked by enumerating every assignment)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import NRP_DATA

from maillage.solver.apps.nrp import format as nrp
from maillage.solver.backends import get_backend
from maillage.solver.budget import Budget
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.search.neighbourhood import (
    ModelIndex,
    gather,
    move_keeps_feasible,
    restrict,
    update_activity,
)
from maillage.solver.solve import build_model


def satisfied(lm: LinearModel, values: Sequence[int]) -> bool:
    """The model's constraints and bounds at these values, read off the model directly."""
    if any(not lo <= v <= hi for v, lo, hi in zip(values, lm.lower, lm.upper, strict=True)):
        return False
    for con in lm.constraints:
        if con.enforce is not None and values[con.enforce] == 0:
            continue
        total = sum(c * values[v] for v, c in zip(con.vars, con.coefs, strict=True))
        if (con.lo is not None and total < con.lo) or (con.hi is not None and total > con.hi):
            return False
    return True


def objective(lm: LinearModel, values: Sequence[int]) -> int:
    return sum(lm.term_values(values).values())


@st.composite
def models_with_a_solution(draw: Any) -> tuple[LinearModel, list[int], list[int]]:
    lm = LinearModel()
    values: list[int] = []
    for i in range(draw(st.integers(1, 4))):
        lm.new_bool(f"x{i}", decision=True)
        values.append(draw(st.integers(0, 1)))
    for i in range(draw(st.integers(0, 3))):
        hi = draw(st.integers(1, 2))
        lm.new_var(0, hi, f"a{i}")
        values.append(draw(st.integers(0, hi)))
    n = lm.num_vars
    bools = [v for v in range(n) if lm.upper[v] == 1]
    for k in range(draw(st.integers(1, 6))):
        members = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4, unique=True))
        coefs = [draw(st.sampled_from([-3, -2, -1, 1, 2, 3])) for _ in members]
        total = sum(c * values[v] for v, c in zip(members, coefs, strict=True))
        lo = draw(st.one_of(st.none(), st.integers(total - 2, total)))
        hi = draw(st.one_of(st.none(), st.integers(total, total + 2)))
        enforce = draw(st.one_of(st.none(), st.sampled_from(bools)))
        if enforce is not None and values[enforce] == 0 and draw(st.booleans()):
            lo, hi = total + 1, None  # broken at these values, but not enforced
        lm.add(zip(coefs, members, strict=True), lo=lo, hi=hi, tag=f"c{k}")
        lm.constraints[-1].enforce = enforce
    for v in range(n):
        lm.minimise("cost", draw(st.integers(-3, 3)), v)
    seeds = draw(st.lists(st.sampled_from(lm.decisions), max_size=3, unique=True))
    return lm, values, seeds


@settings(max_examples=150, deadline=None)
@given(models_with_a_solution())
def test_restriction_is_exact(case: tuple[LinearModel, list[int], list[int]]) -> None:
    lm, values, seeds = case
    assert satisfied(lm, values)
    index = ModelIndex(lm)
    current = np.asarray(values, dtype=np.int64)
    assert index.violated(current) == []
    assert index.value(current) == objective(lm, values)
    cut = restrict(index, current, index.activity(current), np.asarray(seeds, dtype=np.int64))
    assert set(seeds) <= set(cut.vars.tolist())
    assert not set(cut.vars.tolist()) & (set(lm.decisions) - set(seeds))  # others stay fixed
    assert satisfied(cut.lm, [values[v] for v in cut.vars.tolist()])
    assert cut.current == objective(cut.lm, [values[v] for v in cut.vars.tolist()])
    domains = [range(lm.lower[v], lm.upper[v] + 1) for v in cut.vars.tolist()]
    for sub in itertools.product(*domains):
        whole = cut.put_back(current, sub).tolist()
        assert satisfied(cut.lm, sub) == satisfied(lm, whole)
        assert objective(cut.lm, sub) - cut.current == objective(lm, whole) - objective(lm, values)


@settings(max_examples=150, deadline=None)
@given(models_with_a_solution(), st.data())
def test_a_move_is_found_feasible_exactly_when_the_moved_rota_is(
    case: tuple[LinearModel, list[int], list[int]], data: st.DataObject
) -> None:
    """The check behind two moves at once: from a solution, any change of any variables
    (enforcement literals included) keeps the model satisfied exactly when the check says so."""
    lm, values, _ = case
    current = np.asarray(values, dtype=np.int64)
    index = ModelIndex(lm)
    picked = data.draw(st.lists(st.integers(0, lm.num_vars - 1), unique=True, max_size=4))
    changed = np.asarray(sorted(picked), dtype=np.int64)
    new = np.asarray(
        [data.draw(st.integers(lm.lower[v], lm.upper[v])) for v in changed.tolist()],
        dtype=np.int64,
    )
    moved = current.copy()
    moved[changed] = new
    check = move_keeps_feasible(index, index.activity(current), current, changed, new)
    assert check == satisfied(lm, moved.tolist())


def test_a_move_that_switches_on_a_broken_constraint_is_not_feasible() -> None:
    lm = LinearModel()
    on, x = lm.new_bool("on", decision=True), lm.new_bool("x", decision=True)
    lm.add([(1, x)], hi=0)
    lm.constraints[-1].enforce = on  # on -> x = 0
    index = ModelIndex(lm)
    current = np.asarray([0, 1], dtype=np.int64)
    activity = index.activity(current)
    switch_on = np.asarray([on], dtype=np.int64)
    assert not move_keeps_feasible(index, activity, current, switch_on, np.asarray([1]))
    both = np.asarray([on, x], dtype=np.int64)
    assert move_keeps_feasible(index, activity, current, both, np.asarray([1, 0]))


def test_violated_names_a_broken_constraint() -> None:
    lm = LinearModel()
    a, b = lm.new_bool("a", decision=True), lm.new_bool("b", decision=True)
    lm.add([(1, a), (1, b)], hi=1)
    index = ModelIndex(lm)
    assert index.violated(np.asarray([1, 0])) == []
    assert index.violated(np.asarray([1, 1])) == [0]


def test_gather_reads_csr_rows_in_order() -> None:
    ptr = np.asarray([0, 2, 2, 5])
    data = np.asarray([10, 11, 20, 21, 22])
    values, rows = gather(ptr, data, np.asarray([2, 0, 1]))
    assert values.tolist() == [20, 21, 22, 10, 11]
    assert rows.tolist() == [2, 2, 2, 0, 0]


@pytest.mark.slow
def test_one_nurse_resolved_on_a_benchmark_model_keeps_the_roster_valid() -> None:
    """NRP 4: solve the whole model, free one nurse, re-solve her alone; the roster put back
    still satisfies every constraint, and the activities kept up to date match a recount."""
    build = build_model(nrp.load(NRP_DATA / "Instance4.txt").to_instance())
    lm = build.lm
    params = SolveParams(time_limit=10, polish_seconds=0)
    first = get_backend("cpsat").solve(lm, params, Budget.of(5))
    assert first.values is not None
    index = ModelIndex(lm)
    values = np.asarray(first.values, dtype=np.int64)
    assert index.violated(values) == []
    activity = index.activity(values)
    nurse = np.asarray([var for _, _, var in next(iter(build.by_person.values()))])
    cut = restrict(index, values, activity, nurse)
    assert cut.lm.num_vars < lm.num_vars / 3
    sub = get_backend("cpsat").solve(cut.lm, params, Budget.of(5))
    assert sub.values is not None and sub.objective is not None
    assert sub.objective <= cut.current  # hinted with the nurse's own roster
    after = cut.put_back(values, sub.values)
    assert index.violated(after) == []
    assert index.value(after) - index.value(values) == sub.objective - cut.current
    changed = cut.vars[after[cut.vars] != values[cut.vars]]
    update_activity(index, activity, changed, after[changed] - values[changed])
    assert activity.tolist() == index.activity(after).tolist()


def _worked_chain() -> tuple[LinearModel, list[int], list[int]]:
    """Three days: a shift x[d] (decision), worked[d] = x[d] (auxiliary), and windows of two
    days with a slack each (at most one worked day, or pay): the shape of a sequence rule."""
    lm = LinearModel()
    x = [lm.new_bool(f"x[{d}]", decision=True) for d in range(3)]
    worked = [lm.new_bool(f"worked[{d}]") for d in range(3)]
    for d in range(3):
        lm.add([(1, worked[d]), (-1, x[d])], lo=0, hi=0)
    for d in range(2):
        slack = lm.new_bool(f"slack[{d}]")
        lm.add([(1, worked[d]), (1, worked[d + 1]), (-1, slack)], hi=1)
        lm.minimise("window", 1, slack)
    return lm, x, worked


def test_an_indicator_defined_by_fixed_decisions_stays_fixed_and_stops_the_spread() -> None:
    lm, x, worked = _worked_chain()
    values = np.asarray([1, 0, 1, 1, 0, 1, 0, 0], dtype=np.int64)
    index = ModelIndex(lm)
    assert index.violated(values) == []
    assert index.defined_by[worked].tolist() == [0, 1, 2]  # the equalities worked = x
    cut = restrict(index, values, index.activity(values), np.asarray([x[0]]))
    names = {lm.names[v] for v in cut.vars.tolist()}
    # x[0] frees worked[0], which frees the first window and its slack; worked[1] is defined
    # by x[1], which stays fixed, so it keeps its value and the second window is not reached.
    assert names == {"x[0]", "worked[0]", "slack[0]"}
    assert "worked[1]" in {lm.names[v] for v in range(lm.num_vars)} - names


def test_an_indicator_whose_decision_is_freed_is_freed_too() -> None:
    lm, x, _ = _worked_chain()
    values = np.asarray([1, 0, 1, 1, 0, 1, 0, 0], dtype=np.int64)
    index = ModelIndex(lm)
    cut = restrict(index, values, index.activity(values), np.asarray([x[0], x[1]]))
    names = {lm.names[v] for v in cut.vars.tolist()}
    assert names == {"x[0]", "x[1]", "worked[0]", "worked[1]", "slack[0]", "slack[1]"}


def test_one_day_of_every_nurse_cuts_a_small_model_out_of_a_benchmark_model() -> None:
    """NRP 10 (a year of worked-day indicators linked by sequence windows): freeing one day
    must not free the indicators of every other day (it did: 7,372 of the 8,618 variables
    of such a cut on NRP 20)."""
    build = build_model(nrp.load(NRP_DATA / "Instance10.txt").to_instance())
    index = ModelIndex(build.lm)
    day = np.asarray([var for key, var in build.x.items() if key[1] == 10], dtype=np.int64)
    values = index.lower.copy()
    cut = restrict(index, values, index.activity(values), day)
    worked = sum(1 for v in cut.vars.tolist() if build.lm.names[v].startswith("worked["))
    assert worked <= len(build.instance.staff)  # at most one indicator a nurse: that day's
    assert cut.lm.num_vars < 10 * day.size
