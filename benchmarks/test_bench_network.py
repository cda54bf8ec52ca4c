"""Speed benchmarks (pytest-benchmark) of the network path: generating an instance, splitting
it into independent parts, and solving the open network of March 2023 part by part.

The solve is checked to be the intended one (a rota the checker accepts; its gap is
recorded, the targets are in benchmarks/README.md); the scaling table is
`benchmarks/scaling.py`, not this suite.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from maillage.models import load_instance
from maillage.models.generator.generate import GenerateParams, generate
from maillage.solver import SolveParams, check, solve
from maillage.solver.parts.split import split

INSTANCES = Path(__file__).resolve().parent.parent / "instances"


def test_generate_200_staff(benchmark: Any) -> None:
    params = GenerateParams(staff=200, start=dt.date(2026, 1, 1), seed=0)
    instance = benchmark.pedantic(generate, args=(params,), rounds=2, iterations=1)
    benchmark.extra_info["communes"] = len(instance.communes)
    assert len(instance.staff) == 200


def test_split_200_staff(benchmark: Any) -> None:
    instance = load_instance(INSTANCES / "occitanie-200-2026-01.json")
    parts = benchmark.pedantic(split, args=(instance,), rounds=3, iterations=1)
    benchmark.extra_info["parts"] = len(parts)
    assert sum(len(p.staff) for p in parts) == 200


def test_solve_gip_network(benchmark: Any) -> None:
    # Since the real APL and the work patterns the network is no longer proven optimal in a
    # minute (docs/work-patterns.md): the solve is timed to its limit, its gap recorded.
    instance = load_instance(INSTANCES / "gip-network-2023-03.json")
    params = SolveParams(time_limit=60, workers=2, seed=0)
    solution = benchmark.pedantic(solve, args=(instance, params), rounds=2, iterations=1)
    assert solution.objective is not None
    report = check(instance, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
    benchmark.extra_info["objective"] = solution.objective.total
    benchmark.extra_info["gap"] = solution.gap
    benchmark.extra_info["first_feasible_seconds"] = (
        solution.stats and solution.stats.first_feasible_seconds
    )
