"""The benchmark through the engine: best-known values on the small instances, scored by the
engine's checker and by an evaluator written from the benchmark's own semantics."""

import json
from pathlib import Path

import pytest
from cli_runner import run
from oracle import evaluate
from paths import NRP_DATA

from maillage.solver.apps.nrp import format as nrp
from maillage.solver.apps.nrp.solve import solve_nrp
from maillage.solver.params import SolveParams


@pytest.mark.slow
@pytest.mark.parametrize(("number", "best"), [(1, 607), (2, 828), (3, 1001)])
def test_small_instances_reach_their_proven_optimum(number: int, best: int) -> None:
    problem = nrp.load(NRP_DATA / f"Instance{number}.txt")
    result = solve_nrp(problem, SolveParams(time_limit=60, workers=2))
    assert result.status == "optimal"
    assert (result.penalty, result.bound) == (best, best)
    assert result.violations == []
    roster = [(a.employee, a.day, a.shift) for a in result.assignments]
    assert evaluate(problem, roster) == (best, [])


def test_the_checker_and_the_oracle_agree_on_a_broken_roster() -> None:
    """A hand-made roster breaking H1-H9 in places: both judges see the same penalty."""
    from maillage.models.solution import Assignment, Objective, Solution, Stats
    from maillage.solver.apps.nrp.solve import score

    problem = nrp.load(NRP_DATA / "Instance2.txt")
    roster = [("A", d, "E") for d in range(0, 7)] + [("D", 4, "L"), ("B", 1, "E")]
    penalty, hard = evaluate(problem, roster)
    assert hard  # H5 (7 in a row), H3 (D never late), H9 (B's day off), H4 (minutes)...
    solution = Solution(
        instance=problem.name,
        status="feasible",
        objective=Objective(total=0, terms={}),
        assignments=[
            Assignment(staff=e, date=problem.date(d), shift=s, site="ward") for e, d, s in roster
        ],
        stats=Stats(backend="test", seconds=0, workers=1, seed=0),
    )
    scored = score(problem, solution)
    assert scored.penalty == penalty
    rules = {line.split(":")[0] for line in scored.hard}
    assert {"max_consecutive_days", "max_shifts", "availability", "total_minutes"} <= rules


def test_cli_writes_the_benchmark_json(tmp_path: Path) -> None:
    out = tmp_path / "roster.json"
    done = run("nrp", str(NRP_DATA / "Instance1.txt"), "--time-limit", "30", "-q", "-o", str(out))
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert (result["instance"], result["penalty"], result["status"]) == (
        "Instance1",
        607,
        "optimal",
    )
    assert set(result["assignments"][0]) == {"employee", "day", "shift"}
    problem = nrp.load(NRP_DATA / "Instance1.txt")
    roster = [(a["employee"], a["day"], a["shift"]) for a in result["assignments"]]
    assert evaluate(problem, roster) == (607, [])


def test_cli_bad_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("SECTION_HORIZON\nfourteen\n")
    done = run("nrp", str(bad), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 2
    assert "missing SECTION_SHIFTS" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_cli_values_the_engine_refuses_exit_2_naming_the_employee(tmp_path: Path) -> None:
    """A well-formed file whose values the engine's rules refuse was an internal error."""
    text = (NRP_DATA / "Instance1.txt").read_text()
    bad = tmp_path / "bad.txt"
    bad.write_text(text.replace("A,D=14,4320,3360,5,2,2,1", "A,D=14,4320,3360,0,2,2,1"))
    done = run("nrp", str(bad), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 2, done.stderr
    assert f"bad input in {bad}" in done.stderr
    assert "employee A, rules.max_consecutive_days" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize(("number", "limit"), [(1, 60), (2, 60), (3, 15), (4, 15)])
def test_mip_backend_rosters_pass_the_same_checker(number: int, limit: float) -> None:
    """The MIP backend (CBC) on NRP 1-4: every roster clean for both judges, with the same
    penalty; 1 and 2 proven at their optimum (3 and 4 take CBC longer than a test should)."""
    problem = nrp.load(NRP_DATA / f"Instance{number}.txt")
    result = solve_nrp(problem, SolveParams(time_limit=limit, workers=2, backend="mip"))
    assert result.backend == "mip" and result.violations == []
    assert result.penalty is not None and result.bound is not None
    roster = [(a.employee, a.day, a.shift) for a in result.assignments]
    assert evaluate(problem, roster) == (result.penalty, [])
    best = {1: 607, 2: 828, 3: 1001, 4: 1716}[number]
    assert result.bound <= best <= result.penalty
    if number <= 2:
        assert (result.status, result.penalty) == ("optimal", best)
