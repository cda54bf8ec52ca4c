"""The MIP backend: the LinearModel that CP-SAT compiles, compiled with PuLP and solved by CBC
(or HiGHS when a `highs` executable is on PATH); judged by brute force, by CP-SAT and by the
independent checker."""

from __future__ import annotations

import itertools
import random

import pulp
import pytest
from factory import SECTOR, commune, doctor_on_call, make, person, site
from paths import ROOT

from maillage.models import load_instance
from maillage.solver import SolveParams, check, solve
from maillage.solver.backends import BACKENDS, get_backend, mip
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.model.linear import OBJ_SCALE, Constraint, LinearModel
from maillage.solver.progress import ProgressPrinter
from maillage.solver.solve import build_model

MILLAS = ROOT / "instances" / "millas-2025-03.json"
QUIET = ProgressPrinter(False)


def _solve(lm: LinearModel, backend: str, seconds: float = 20) -> BackendResult:
    params = SolveParams(time_limit=seconds, workers=1, polish_seconds=0, backend=backend)
    return get_backend(backend).solve(lm, params, Budget.of(seconds))


def _holds(lm: LinearModel, con: Constraint, point: tuple[int, ...]) -> bool:
    if con.enforce is not None and point[con.enforce] == 0:
        return True
    activity = sum(c * point[v] for v, c in zip(con.vars, con.coefs, strict=True))
    return (con.lo is None or activity >= con.lo) and (con.hi is None or activity <= con.hi)


def _rows_hold(lm: LinearModel, con: Constraint, point: tuple[int, ...]) -> bool:
    for terms, sense, rhs in mip.rows(lm, con):
        activity = sum(c * point[v] for v, c in terms.items())
        if sense == pulp.LpConstraintEQ and activity != rhs:
            return False
        if sense == pulp.LpConstraintGE and activity < rhs:
            return False
        if sense == pulp.LpConstraintLE and activity > rhs:
            return False
    return True


def _brute_force(lm: LinearModel) -> int | None:
    """The least objective over every integer point of the box, or None if none is feasible."""
    best = None
    boxes = [range(lo, hi + 1) for lo, hi in zip(lm.lower, lm.upper, strict=True)]
    for point in itertools.product(*boxes):
        if all(_holds(lm, con, point) for con in lm.constraints):
            value = sum(lm.term_values(point).values())
            best = value if best is None else min(best, value)
    return best


def _random_model(rng: random.Random, scale: int) -> LinearModel:
    """Small integer variables, 0-1 literals enforcing constraints of every shape (one-sided,
    ranged, equality), objective coefficients multiplied by `scale` (as OBJ_SCALE does)."""
    lm = LinearModel()
    xs = [lm.new_var(rng.randint(-3, 0), rng.randint(1, 4), f"x{i}") for i in range(3)]
    zs = [lm.new_bool(f"z{i}") for i in range(2)]
    for k in range(4):
        chosen = rng.sample(xs + zs, rng.randint(1, 3))
        terms = [(rng.choice([-3, -2, -1, 1, 2, 5]), v) for v in chosen]
        shape = rng.choice(["lo", "hi", "range", "eq"])
        a, b = sorted(rng.randint(-6, 8) for _ in range(2))
        lo = a if shape in ("lo", "range", "eq") else None
        hi = (a if shape == "eq" else b) if shape != "lo" else None
        lm.add(terms, lo=lo, hi=hi, tag=f"t{k}")
        if rng.random() < 0.6:
            lm.constraints[-1].enforce = rng.choice(zs)
    for v in xs + zs:
        lm.minimise(rng.choice(["a", "b"]), rng.randint(-9, 9) * scale, v)
    return lm


@pytest.mark.parametrize("seed", range(40))
def test_big_m_rows_hold_exactly_where_the_enforced_constraint_does(seed: int) -> None:
    lm = _random_model(random.Random(seed), 1)
    boxes = [range(lo, hi + 1) for lo, hi in zip(lm.lower, lm.upper, strict=True)]
    for point in itertools.product(*boxes):
        for con in lm.constraints:
            assert _rows_hold(lm, con, point) == _holds(lm, con, point), (con, point)


@pytest.mark.parametrize("seed", range(6))
def test_random_small_models_reach_the_brute_force_optimum_on_both_backends(seed: int) -> None:
    lm = _random_model(random.Random(100 + seed), OBJ_SCALE * 1_000_000)  # up to 5.4e14
    best = _brute_force(lm)
    for backend in BACKENDS:
        result = _solve(lm, backend)
        if best is None:
            assert result.status == "infeasible", backend
        else:
            assert result.status == "optimal", (backend, result.status)
            assert result.objective == best and result.bound == best, backend


def test_hand_made_model_with_enforcement_ranges_and_equalities() -> None:
    # x in [0, 10], y in [-5, 5]; 3 <= x + y <= 7 (ranged); 2x - y == 4 unless e is 0;
    # z = 1 forces x >= 6, and z is worth 100 (scaled like a real term).
    lm = LinearModel()
    x, y = lm.new_var(0, 10, "x"), lm.new_var(-5, 5, "y")
    e, z = lm.new_bool("e"), lm.new_bool("z")
    lm.add([(1, x), (1, y)], lo=3, hi=7, tag="range")
    lm.add([(2, x), (-1, y)], lo=4, hi=4, tag="eq")
    lm.constraints[-1].enforce = e
    lm.add([(1, x)], lo=6, tag="six")
    lm.constraints[-1].enforce = z
    lm.fix(e, 1)
    lm.minimise("reward", -100 * OBJ_SCALE, z)
    lm.minimise("x", 3 * OBJ_SCALE, x)
    lm.minimise("y", -1 * OBJ_SCALE, y)
    # e = 1: y = 2x - 4, 3 <= 3x - 4 <= 7 -> x in {3}; with z, x >= 6 cannot hold: z = 0.
    # Objective 3*3 - 2 = 7 units. Freeing e: x = 6, y = 1 (or -3 <= y <= 1) with z = 1.
    expected = 7 * OBJ_SCALE
    assert _brute_force(lm) == expected
    for backend in BACKENDS:
        result = _solve(lm, backend)
        assert result.status == "optimal" and result.objective == expected, backend
        assert result.values is not None and result.values[x] == 3 and result.values[z] == 0
    lm.lower[e] = 0  # the equality may now be switched off: z pays for x = 6, y = 1
    expected = (3 * 6 - 1 - 100) * OBJ_SCALE
    assert _brute_force(lm) == expected
    for backend in BACKENDS:
        result = _solve(lm, backend)
        assert result.status == "optimal" and result.objective == expected, backend


def test_integer_infeasibility_and_an_empty_constraint_are_infeasible() -> None:
    lm = LinearModel()
    x = lm.new_var(0, 3, "x")
    lm.add([(2, x)], lo=3, hi=3)  # 2x = 3: the LP is feasible, no integer is
    for backend in BACKENDS:
        assert _solve(lm, backend).status == "infeasible", backend
    lm = LinearModel()
    lm.new_var(0, 3, "x")
    lm.add([], lo=1)  # an empty sum with lo > 0
    assert mip.compile_model(lm).infeasible
    assert _solve(lm, "mip").status == "infeasible"


def test_objective_is_divided_by_its_gcd_and_reported_in_model_units() -> None:
    build = build_model(load_instance(MILLAS))
    compiled = mip.compile_model(build.lm)
    assert compiled.scale == 60  # Millas: coefficients up to 9e10, all multiples of 60
    assert all(abs(c) < 2e9 for c in compiled.problem.objective.values()), (
        "the MIP sees the divided coefficients"
    )


def test_cbc_log_gives_incumbent_bound_and_status() -> None:
    log = mip.SolverLog("cbc", 60, QUIET)
    for line in [
        "Continuous objective value is -1.85928e+09 - 0.01 seconds",
        "Cbc0010I After 0 nodes, 1 on tree, 1e+50 best solution, best possible "
        "-1.8482348e+09 (0.42 seconds)",
        "Cbc0012I Integer solution of -1.8223319e+09 found by heuristic after 11607 "
        "iterations and 1155 nodes (2.11 seconds)",
        "Cbc0004I Integer solution of -1.8323319e+09 found after 18358 iterations and 1976 "
        "nodes (3.23 seconds)",
        "Result - Stopped on time limit",
        "Objective value:                -1832331888.00000000",
        "Lower bound:                    -1848234838.000",
    ]:
        log.read(line)
    assert log.first == 2.11 and log.incumbent == -1832331888
    assert log.result == "Stopped on time limit"
    # the final line's full precision, not the progress line's rounded-up -1848234800
    assert -1848234838.001 < log.bound < -1848234838
    assert log.status(True) == "feasible" and log.status(False) == "unknown"
    bound = mip._bound(log, 60, -1832331888 * 60)
    assert bound is not None and -1848234840 * 60 <= bound <= -1848234838 * 60


def test_a_rounded_bound_is_read_as_the_least_value_it_may_stand_for() -> None:
    assert mip.lower_end("-1.8482348e+09") == -1848234850
    assert mip.lower_end("-1848234838.000") == -1848234838.0005
    assert mip.lower_end("12") == 11.5
    assert mip.lower_end("-inf") == float("-inf")
    proven = mip.SolverLog("cbc", 1, QUIET)
    proven.read("Result - Optimal solution found")
    assert proven.status(True) == "optimal"
    empty = mip.SolverLog("cbc", 1, QUIET)
    for line in ["Problem is infeasible - 0.00 seconds", "No feasible solution found"]:
        empty.read(line)
    assert empty.status(False) == "infeasible" and not empty.claims_solution
    presolved = mip.SolverLog("cbc", 1, QUIET)
    presolved.read("Pre-processing says infeasible or unbounded")
    assert presolved.status(False) == "infeasible"


def test_highs_log_gives_bound_and_status() -> None:
    log = mip.SolverLog("highs", 60, QUIET)
    for line in [
        "Solving report",
        "  Status            Time limit reached",
        "  Primal bound      -1842331888",
        "  Dual bound        -1848234838",
        "Model status        : Time limit reached",
    ]:
        log.read(line)
    assert log.incumbent == -1842331888 and log.bound is not None
    assert -1848234839 < log.bound <= -1848234838
    assert log.status(True) == "feasible"
    log.read("Model status        : Optimal")
    assert log.status(True) == "optimal"


def _tiny_instances():  # type: ignore[no-untyped-def]
    yield make(
        communes=[commune("66001", apl=1.0), commune("66002", lat=42.72, apl=2.0)],
        staff=[person("d1"), person("d2", fte=0.5)],
        rules={"hours_tolerance": 0.2},
    )
    yield make(
        sites=[site("A", secretary="on_site", requirements=[{"role": "doctor", "min": 1}])],
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2", fte=0.6), person("s1", role="secretary")],
        rules={"hours_tolerance": 0.15, "max_daily_hours": 12},
    )
    yield make(
        staff=[
            person("d1", preferences={"days_off": ["wed"]}),
            person("i1", role="ipa", fte=0.8),
            person("m1", role="midwife", fte=0.5),
        ],
        rules={"hours_tolerance": 0.1},
    )


@pytest.mark.parametrize("index", range(3))
def test_tiny_instances_same_optimum_on_both_backends(index: int) -> None:
    inst = list(_tiny_instances())[index]
    totals = {}
    for backend in BACKENDS:
        solution = solve(inst, SolveParams(time_limit=30, workers=1, backend=backend))
        report = check(inst, solution)
        assert report.ok, (backend, report.evaluation.hard, report.mismatches)
        assert solution.status == "optimal", (backend, solution.status)
        assert solution.stats is not None and solution.stats.backend == backend
        assert solution.objective is not None
        totals[backend] = solution.objective.total
    assert totals["mip"] == totals["cpsat"]


def test_infeasible_instance_is_explained_alike_on_both_backends() -> None:
    inst = make(
        staff=[person("d1", rules={"max_weekly_hours": 20}), person("d2")],
        rules={"hours_tolerance": 0.1},
    )
    found = {}
    for backend in BACKENDS:
        solution = solve(inst, SolveParams(time_limit=10, workers=1, backend=backend))
        assert solution.status == "infeasible" and solution.objective is None
        found[backend] = [c.model_dump() for c in solution.conflicts]
    assert found["mip"] == found["cpsat"] and found["mip"]


def test_relax_on_mip_gives_the_same_breaks_as_cpsat() -> None:
    inst = make(
        staff=[person("d1", rules={"max_weekly_hours": 20}), person("d2")],
        rules={"hours_tolerance": 0.1},
    )
    out = {}
    for backend in BACKENDS:
        solution = solve(inst, SolveParams(time_limit=20, workers=1, backend=backend, relax=True))
        assert solution.relaxed and solution.objective is not None
        assert not check(inst, solution).mismatches
        hard = sorted(v.rule for v in solution.violations if v.rule == "max_weekly_hours")
        out[backend] = (solution.status, solution.objective.total, hard)
    assert out["mip"] == out["cpsat"]


@pytest.fixture(scope="module")
def millas_optimum():  # type: ignore[no-untyped-def]
    # Without the work-pattern rules, whose whole days CP-SAT does not prove within 30 s,
    # Millas is proven in seconds: the optimum both backends are measured against.
    inst = load_instance(MILLAS)
    patterns = ["whole_days", "max_saturdays", "saturday_fairness"]
    rules = inst.rules.model_copy(update={"disabled": [*inst.rules.disabled, *patterns]})
    inst = inst.model_copy(update={"rules": rules})
    # Most searches prove it within seconds; a few seeds run on past 30 s: the next seed then.
    for seed in range(3):
        solution = solve(inst, SolveParams(time_limit=30, workers=2, seed=seed))
        if solution.status == "optimal":
            break
    assert solution.status == "optimal" and solution.objective is not None
    return inst, solution


@pytest.mark.slow
def test_millas_warm_started_mip_proves_the_cpsat_optimum(millas_optimum) -> None:  # type: ignore[no-untyped-def]
    # CBC alone finds Millas' optimal rota only after about a minute (README, Backends); from
    # CP-SAT's rota as a MIP start (completed by the backend: CBC's own completion drops some
    # optimal rotas) it keeps that rota. Whether CBC also closes the last 0.3 %
    # within the limit depends on its search (0.7 s on one model version, not within 30 s on
    # the next), so the proof is not asserted.
    inst, best = millas_optimum
    solution = solve(
        inst, SolveParams(time_limit=30, workers=1, backend="mip"), hint=best.assignments
    )
    report = check(inst, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
    assert solution.objective is not None and solution.bound is not None
    assert solution.objective.total == best.objective.total
    assert solution.bound >= solution.objective.total
    assert solution.status in ("optimal", "feasible")


@pytest.mark.slow
def test_millas_cold_mip_passes_the_checker_and_brackets_the_optimum(millas_optimum) -> None:  # type: ignore[no-untyped-def]
    inst, best = millas_optimum
    solution = solve(inst, SolveParams(time_limit=20, workers=1, backend="mip"))
    report = check(inst, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
    assert solution.objective is not None and solution.bound is not None
    assert solution.objective.total <= best.objective.total + 1e-6
    assert solution.bound >= best.objective.total - 1e-6  # the bound read from the log holds
    if mip.engine() == "highs":  # HiGHS proves Millas in about 6 s
        assert solution.status == "optimal"
        assert solution.objective.total == best.objective.total


def _rota_with_slacks() -> LinearModel:
    """Two decisions x, y (a rota), a slack s >= 2 - x - y priced, and an integer flow f up to
    3x + y, rewarded: a start of x, y alone leaves s and f to be completed."""
    lm = LinearModel()
    x, y = lm.new_bool("x", decision=True), lm.new_bool("y", decision=True)
    s, f = lm.new_var(0, 2, "s"), lm.new_var(0, 4, "f")
    lm.add([(1, x), (1, y), (1, s)], lo=2)
    lm.add([(1, f), (-3, x), (-1, y)], hi=0)
    lm.minimise("slack", 5, s)
    lm.minimise("flow", -2, f)
    return lm


def test_a_rota_start_is_completed_with_its_best_flows_and_slacks() -> None:
    lm = _rota_with_slacks()
    started = mip._completed_start(lm.fixed({}, hints={0: 1, 1: 0}), SolveParams(), 10.0)
    assert started.hints == {0: 1, 1: 0, 2: 1, 3: 3}


def test_a_start_that_breaks_a_hard_rule_is_left_to_cbc() -> None:
    lm = _rota_with_slacks()
    lm.add([(1, 0), (1, 1)], hi=1)  # x + y <= 1: the hinted rota x = y = 1 breaks it
    hinted = lm.fixed({}, hints={0: 1, 1: 1})
    assert mip._completed_start(hinted, SolveParams(), 10.0).hints == {0: 1, 1: 1}
