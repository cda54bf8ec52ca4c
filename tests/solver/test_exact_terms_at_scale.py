"""Whatever the size and time limit, a solution's terms are exact (`maillage check`
recomputes the same) or are named as not proven: the region's 400 staff at 60 s."""

from __future__ import annotations

import datetime as dt

import pytest

from maillage.models.generator.generate import GenerateParams, generate
from maillage.solver import SolveParams, check, solve


@pytest.mark.slow
def test_four_hundred_staff_at_sixty_seconds() -> None:
    instance = generate(GenerateParams(staff=400, start=dt.date(2026, 1, 1), seed=0))
    solution = solve(instance, SolveParams(time_limit=60, workers=2))
    assert solution.objective is not None and solution.assignments
    report = check(instance, solution)
    assert report.ok, report.mismatches[:3] + [v.message for v in report.evaluation.hard[:3]]
    # a term that differs from the checker's is one the solution names as not proven
    unproven = solution.objective.unproven or {}
    assert all(note.split(":")[0].removeprefix("term ") in unproven for note in report.notes)
    # the bound of the groups' priced searches, when the time allowed a round
    if solution.bound is not None:
        assert solution.bound >= report.evaluation.total - 1e-6
