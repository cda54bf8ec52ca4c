"""Speed benchmarks (pytest-benchmark): model building and solving the demo month.

Correctness is asserted in tests/; here a solve is only checked to be the one intended
(status), so that a fast wrong answer is not recorded as a speed-up.
Run: make bench (saves .benchmarks/latest.json; compare with --benchmark-compare).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maillage.models import load_instance
from maillage.solver import SolveParams, build_model, solve

ROOT = Path(__file__).resolve().parents[1]
MILLAS = ROOT / "instances" / "millas-2025-03.json"


@pytest.fixture(scope="module")
def millas() -> Any:
    return load_instance(MILLAS)


def test_build_millas_model(benchmark: Any, millas: Any) -> None:
    build = benchmark(build_model, millas)
    assert build.lm.num_vars > 0


def test_solve_millas_to_optimality(benchmark: Any, millas: Any) -> None:
    # Whole days and Saturdays leave Millas unproven in a minute (docs/work-patterns.md):
    # the solve to optimality is timed without them.
    patterns = ["whole_days", "max_saturdays", "saturday_fairness"]
    rules = millas.rules.model_copy(update={"disabled": [*millas.rules.disabled, *patterns]})
    instance = millas.model_copy(update={"rules": rules})
    params = SolveParams(time_limit=60, workers=2, seed=0)
    solution = benchmark.pedantic(solve, args=(instance, params), rounds=3, iterations=1)
    assert solution.status == "optimal"
    benchmark.extra_info["objective"] = solution.objective.total if solution.objective else None
    benchmark.extra_info["seconds"] = solution.stats.seconds if solution.stats else None
