"""Parts 2-4: pre-checks, explained conflicts and --relax."""

from __future__ import annotations

from factory import SECTOR, make, person, site

from maillage.solver import SolveParams, check, solve

FAST = SolveParams(time_limit=10, workers=1)


def test_precheck_leave_makes_the_hours_band_unreachable() -> None:
    inst = make(
        days=14,
        staff=[person("d1", unavailable=[{"from": "2025-03-03", "to": "2025-03-12"}])],
        rules={"hours_tolerance": 0.1},
    )
    solution = solve(inst, FAST)
    assert solution.status == "infeasible" and solution.assignments == []
    conflict = solution.conflicts[0]
    assert conflict.kind == "conflict"
    assert conflict.rules == ["availability", "contract_hours_band"]
    assert "unavailable from 2025-03-03 to 2025-03-12" in conflict.message
    assert solution.stats is not None and solution.stats.seconds < 5
    assert not check(inst, solution).mismatches  # no rota: nothing to contradict


def test_precheck_fixed_assignment_on_closed_site() -> None:
    inst = make(staff=[person("d1", fixed=[{"date": "2025-03-09", "shift": "am", "site": "A"}])])
    solution = solve(inst, FAST)
    assert solution.status == "infeasible"
    assert any("fixed_assignments" in c.rules for c in solution.conflicts)


def test_precheck_warns_of_a_sector_without_doctor() -> None:
    inst = make(sectors=[SECTOR])
    solution = solve(inst, FAST)
    assert solution.status in ("optimal", "feasible")
    assert [c.kind for c in solution.conflicts] == ["precheck"]
    assert solution.conflicts[0].rules == ["oncall_coverage"]
    assert check(inst, solution).ok


def _weekly_versus_band():  # type: ignore[no-untyped-def]
    return make(
        staff=[person("d1", rules={"max_weekly_hours": 20}), person("d2")],
        rules={"hours_tolerance": 0.1},
    )


def test_conflict_is_explained_with_rule_instances_in_words() -> None:
    inst = _weekly_versus_band()
    solution = solve(inst, FAST)
    assert solution.status == "infeasible"
    conflict = next(c for c in solution.conflicts if c.kind == "conflict")
    assert set(conflict.rules) == {"contract_hours_band", "max_weekly_hours"}
    assert {i.staff for i in conflict.items} == {"d1"}
    assert "D1 works at most 20 h in the week of 2025-03-03" in conflict.message
    assert not check(inst, solution).mismatches


def test_relax_returns_the_rota_breaking_least_and_lists_the_breaks() -> None:
    inst = _weekly_versus_band()
    solution = solve(inst, SolveParams(time_limit=10, workers=1, relax=True))
    assert solution.status in ("optimal", "feasible") and solution.relaxed is True
    report = check(inst, solution)
    assert report.evaluation.hard and len(report.evaluation.hard) == 1
    assert not report.mismatches
    hard = {(v.rule, v.message) for v in report.evaluation.hard}
    assert hard <= {(v.rule, v.message) for v in solution.violations}


def test_relax_on_a_feasible_instance_breaks_nothing() -> None:
    inst = make(staff=[person("d1"), person("d2")], sites=[site()])
    solution = solve(inst, SolveParams(time_limit=10, workers=1, relax=True))
    assert solution.status == "optimal"
    assert check(inst, solution).ok
