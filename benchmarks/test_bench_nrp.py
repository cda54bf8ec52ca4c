"""Speed benchmarks (pytest-benchmark) on the small nurse-rostering benchmark instances.

Each solve is checked to be the intended one (optimal at the best-known value), so a fast
wrong answer is never recorded as a speed-up; correctness proper is in tests/apps/nrp and
tests/solver/search.
The full quality table (all 24 instances, gaps) is `benchmarks/nrp.py`, not this suite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maillage.solver import SolveParams, build_model
from maillage.solver.apps.nrp import format as nrp
from maillage.solver.apps.nrp.solve import solve_nrp

DATA = Path(__file__).resolve().parent / "nrp" / "data"
BEST = {1: 607, 2: 828, 3: 1001}


@pytest.mark.parametrize("number", sorted(BEST))
def test_solve_nrp_small_to_optimality(benchmark: Any, number: int) -> None:
    problem = nrp.load(DATA / f"Instance{number}.txt")
    params = SolveParams(time_limit=60, workers=2, seed=0)
    result = benchmark.pedantic(solve_nrp, args=(problem, params), rounds=2, iterations=1)
    assert (result.status, result.penalty) == ("optimal", BEST[number])
    benchmark.extra_info["penalty"] = result.penalty


def test_build_nrp_instance10_model(benchmark: Any) -> None:
    """28 days, 40 staff, 5 shift types: the model-building cost of a mid-size roster."""
    instance = nrp.load(DATA / "Instance10.txt").to_instance()
    build = benchmark.pedantic(build_model, args=(instance,), rounds=3, iterations=1)
    benchmark.extra_info["variables"] = build.lm.num_vars
    benchmark.extra_info["constraints"] = len(build.lm.constraints)


def test_cut_one_nurse_out_of_instance20(benchmark: Any) -> None:
    """The neighbourhood search's own overhead on a half-year ward (50 nurses, 48,455
    variables): cutting one nurse's small model out of the whole, the step done before every
    sub-solve."""
    import numpy as np

    from maillage.solver.search import lns
    from maillage.solver.search.neighbourhood import ModelIndex, restrict

    build = build_model(nrp.load(DATA / "Instance20.txt").to_instance())
    index = ModelIndex(build.lm)
    values = index.lower.copy()
    activity = index.activity(values)
    nurse = lns.layout(build).people[0]
    cut = benchmark.pedantic(
        restrict, args=(index, values, activity, nurse), rounds=5, iterations=1
    )
    assert set(nurse.tolist()) <= set(cut.vars.tolist())
    assert cut.lm.num_vars < build.lm.num_vars / 10
    benchmark.extra_info["sub_variables"] = cut.lm.num_vars
    benchmark.extra_info["sub_constraints"] = len(cut.lm.constraints)
    assert np.array_equal(activity, index.activity(values))  # restrict changes nothing


def test_colgen_bound_of_instance4(benchmark: Any) -> None:
    """Column generation alone on a 28-day ward (10 nurses): its bound is the optimum."""
    from maillage.solver.budget import Budget
    from maillage.solver.model.linear import OBJ_SCALE
    from maillage.solver.search import lns
    from maillage.solver.search.colgen import generate

    build = build_model(nrp.load(DATA / "Instance4.txt").to_instance())
    people = lns.layout(build).people

    def run() -> Any:
        return generate(build.lm, people, Budget.of(60))  # a budget of its own each round

    generation = benchmark.pedantic(run, rounds=2, iterations=1)
    assert generation is not None and generation.bound == 1716 * OBJ_SCALE
    benchmark.extra_info["rounds"] = generation.rounds
    benchmark.extra_info["columns"] = generation.columns


def test_solve_nrp_instance10_to_proven_optimality(benchmark: Any) -> None:
    """Column generation, price and fix: 4631 proven optimal (it took the search 570 s)."""
    problem = nrp.load(DATA / "Instance10.txt")
    params = SolveParams(time_limit=60, workers=2, seed=0)
    result = benchmark.pedantic(solve_nrp, args=(problem, params), rounds=1, iterations=1)
    assert (result.status, result.penalty, result.bound) == ("optimal", 4631, 4631)
