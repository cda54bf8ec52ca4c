"""Property: on random small instances, every rota the solver returns passes the checker,
with the same objective terms (hypothesis generates the instances)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from random_instances import instances

from maillage.models.instance import Instance
from maillage.solver import SolveParams, check, solve


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_returned_rota_passes_the_checker(instance: Instance) -> None:
    solution = solve(instance, SolveParams(time_limit=10, workers=1, seed=0))
    event(f"status {solution.status.value}")
    if solution.objective is None:
        assert solution.status in ("infeasible", "unknown") and not solution.assignments
        return
    report = check(instance, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
