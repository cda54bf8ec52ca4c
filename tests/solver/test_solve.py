"""End-to-end solves: every solution goes through the checker."""

import pytest
from factory import SECTOR, commune, doctor_on_call, impossible_week, make, person, site

from maillage.solver import SolveParams, check, solve


def _solve_and_check(inst, **params):  # type: ignore[no-untyped-def]
    solution = solve(inst, SolveParams(time_limit=30, **params))
    report = check(inst, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
    return solution


def test_small_centre_with_secretary_and_oncall() -> None:
    inst = make(
        days=14,
        sites=[site("A", secretary="on_site", requirements=[{"role": "doctor", "min": 1}])],
        sectors=[SECTOR],
        communes=[commune("66001", population=6000, apl=1.5)],
        staff=[
            doctor_on_call("d1"),
            doctor_on_call("d2", fte=0.6),
            person("s1", role="secretary"),
            person("i1", role="ipa"),
        ],
        rules={"hours_tolerance": 0.15, "max_daily_hours": 12},
    )
    solution = _solve_and_check(inst)
    assert solution.status == "optimal" and solution.gap == 0
    assert solution.objective.terms["coverage"] > 0
    assert {s.staff for s in solution.staff_summary} == {"d1", "d2", "s1", "i1"}
    by_id = {s.staff: s for s in solution.staff_summary}
    assert by_id["d1"].min_hours <= by_id["d1"].hours <= by_id["d1"].max_hours


def test_infeasible_is_reported_without_a_rota() -> None:
    inst = impossible_week()
    solution = solve(inst, SolveParams(time_limit=10))
    assert (
        solution.status == "infeasible"
        and solution.assignments == []
        and solution.objective is None
    )


def test_same_seed_one_worker_same_rota() -> None:
    inst = make(
        days=14,
        communes=[commune("66001", population=8000, apl=1.2)],
        staff=[person("d1"), person("d2"), person("d3", fte=0.5)],
        rules={"hours_tolerance": 0.1},
    )
    a = solve(inst, SolveParams(time_limit=10, workers=1, seed=3))
    b = solve(inst, SolveParams(time_limit=10, workers=1, seed=3))
    assert a.assignments == b.assignments and a.objective == b.objective
    assert check(inst, a).ok


@pytest.mark.parametrize(
    "disabled", [["weekly_rest"], ["coverage"], ["contract_hours_band", "contract_hours"]]
)
def test_disabled_rules_stay_disabled_in_the_checker(disabled: list[str]) -> None:
    inst = make(rules={"hours_tolerance": 0.1, "disabled": disabled})
    solution = _solve_and_check(inst)
    assert not set(disabled) & set(solution.objective.terms)
