"""The checker catches hand-broken solutions and mis-stated figures."""

import datetime as dt

import pytest
from factory import SECTOR, doctor_on_call, make, person

from maillage.models.solution import Assignment, Solution
from maillage.solver import SolveParams, check, solve


@pytest.fixture(scope="module")
def solved() -> tuple:  # type: ignore[type-arg]
    inst = make(
        sectors=[SECTOR],
        staff=[
            doctor_on_call("d1"),
            doctor_on_call("d2"),
            person(
                "s1", role="secretary", unavailable=[{"from": "2025-03-05", "to": "2025-03-05"}]
            ),
        ],
        rules={"hours_tolerance": 0.2},
    )
    solution = solve(inst, SolveParams(time_limit=20, workers=2))
    assert solution.status == "optimal"
    assert check(inst, solution).ok
    return inst, solution


def _with(solution: Solution, **changes) -> Solution:  # type: ignore[no-untyped-def]
    return solution.model_copy(deep=True, update=changes)


def test_added_session_on_leave_is_a_violation(solved) -> None:  # type: ignore[no-untyped-def]
    inst, solution = solved
    extra = Assignment(staff="s1", date=dt.date(2025, 3, 5), shift="am", site="A")
    report = check(inst, _with(solution, assignments=[*solution.assignments, extra]))
    assert not report.ok
    assert any(v.rule == "availability" and v.staff == "s1" for v in report.evaluation.hard)


def test_removed_fixed_like_shift_changes_terms(solved) -> None:  # type: ignore[no-untyped-def]
    inst, solution = solved
    report = check(inst, _with(solution, assignments=solution.assignments[1:]))
    assert any(m.startswith("term ") for m in report.mismatches)


def test_misstated_term_and_total(solved) -> None:  # type: ignore[no-untyped-def]
    inst, solution = solved
    objective = solution.objective.model_copy(
        update={"terms": {**solution.objective.terms, "coverage": 1e6}}
    )
    report = check(inst, _with(solution, objective=objective))
    assert any(m.startswith("term coverage: solution says 1000000") for m in report.mismatches)


def test_overstated_coverage(solved) -> None:  # type: ignore[no-untyped-def]
    inst, solution = solved
    rows = [r.model_copy(update={"served": r.need}) for r in solution.coverage]
    report = check(inst, _with(solution, coverage=rows))
    assert report.mismatches, "serving full need is beyond this rota and must be flagged"


def test_wrong_instance_name(solved) -> None:  # type: ignore[no-untyped-def]
    inst, solution = solved
    assert "not 'tiny'" in check(inst, _with(solution, instance="other")).mismatches[0]


def test_a_term_said_unproven_may_understate_but_not_overstate(solved) -> None:  # type: ignore[no-untyped-def]
    inst, solution = solved
    terms, total = solution.objective.terms, solution.objective.total
    assert terms["coverage"] > 1
    why = {"coverage": "not proven in 0.1 s"}

    def said(coverage: float, unproven: dict[str, str] | None) -> Solution:
        objective = solution.objective.model_copy(
            update={
                "terms": {**terms, "coverage": coverage},
                "total": total - terms["coverage"] + coverage,
                "unproven": unproven,
            }
        )
        return _with(solution, objective=objective)

    under = check(inst, said(terms["coverage"] - 1, why))
    assert under.ok and not under.mismatches
    assert any(n.startswith("term coverage") and "not proven" in n for n in under.notes)
    # the same understatement, not declared: a mismatch
    assert not check(inst, said(terms["coverage"] - 1, None)).ok
    # declared, but more than the rota reaches: a mismatch all the same
    over = check(inst, said(terms["coverage"] + 1, why))
    assert any(m.startswith("term coverage") for m in over.mismatches)
