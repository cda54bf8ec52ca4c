"""End-to-end solves: every solution goes through the checker."""

import datetime as dt

import pytest
from factory import SECTOR, commune, doctor_on_call, impossible_week, make, person, site

from maillage.models.solution import Assignment
from maillage.solver import SolveParams, check, evaluate, solve


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


def _six_mornings() -> list[Assignment]:
    """d1 on every morning from Monday to Saturday: 44 h of rest from Saturday noon."""
    start = dt.date(2025, 3, 3)
    return [
        Assignment(staff="d1", date=start + dt.timedelta(days=k), shift="am", site="A")
        for k in range(6)
    ]


@pytest.mark.parametrize(
    ("rule", "rules"),
    [
        ("weekly_rest", {"min_weekly_rest_hours": 60}),  # 44 h of rest is not 60
        ("contract_hours_band", {"hours_tolerance": 0.1}),  # 24 h against 35 h +-10 %
    ],
)
def test_a_rota_breaking_a_rule_is_flagged_only_while_the_rule_is_on(
    rule: str, rules: dict[str, object]
) -> None:
    """The checker judges a rota that breaks the rule: flagged with the rule on, not with it
    off (a solved rota need not break it, so this is the case that can fail)."""
    on = make(staff=[person("d1")], rules=rules)
    off = make(staff=[person("d1")], rules=rules | {"disabled": [rule]})
    rota = _six_mornings()
    assert rule in {v.rule for v in evaluate(on, rota).hard}
    assert rule not in {v.rule for v in evaluate(off, rota).hard}
