"""Column generation over people: the decomposition, the bound it proves (never above an
optimum, equal to it where the literature says the LP is tight), and price and fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import evaluate
from paths import NRP_DATA

from maillage.solver import SolveParams, build_model, check, solve
from maillage.solver.apps.nrp import format as nrp
from maillage.solver.apps.nrp.solve import solve_nrp
from maillage.solver.backends.common import BackendResult, in_sequence
from maillage.solver.budget import Budget
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.search import lns, price_and_fix
from maillage.solver.search.colgen import dantzig_wolfe, generate


def nrp_model(number: int):  # type: ignore[no-untyped-def]
    build = build_model(nrp.load(NRP_DATA / f"Instance{number}.txt").to_instance())
    return build, lns.layout(build).people


def test_a_ward_splits_into_one_block_per_nurse_linked_by_cover_only() -> None:
    build, people = nrp_model(2)
    d = dantzig_wolfe(build.lm, people)
    assert d is not None
    assert len(d.blocks) == len(build.instance.staff) == 14
    decisions_of_blocks = sorted(
        sorted(set(b.variables.tolist()) & set(build.lm.decisions)) for b in d.blocks
    )
    assert decisions_of_blocks == sorted(sorted(p.tolist()) for p in people)
    tags = {build.lm.constraints[ci].tag for ci in d.rows}
    assert tags == {None}  # the cover rows are untagged sums over everyone on a shift
    assert {build.lm.names[v].split("[")[0] for v in d.free.tolist()} == {"under", "over"}
    assert d.unit == OBJ_SCALE  # every benchmark weight is a whole number


def test_a_model_of_one_person_does_not_decompose() -> None:
    ward = nrp.load(NRP_DATA / "Instance1.txt").to_instance()
    lone = build_model(ward.model_copy(update={"staff": ward.staff[:1]}))
    assert dantzig_wolfe(lone.lm, lns.layout(lone).people) is None


@pytest.mark.slow
@pytest.mark.parametrize(("number", "optimum"), [(2, 828), (3, 1001), (4, 1716)])
def test_the_bound_is_the_proven_optimum_where_the_lp_is_tight(number: int, optimum: int) -> None:
    build, people = nrp_model(number)
    generation = generate(build.lm, people, Budget.of(60))
    assert generation is not None and generation.converged
    assert generation.bound == optimum * OBJ_SCALE
    assert generation.lp == pytest.approx(optimum * OBJ_SCALE)


def test_the_bound_stops_at_its_target() -> None:
    build, people = nrp_model(4)
    generation = generate(build.lm, people, Budget.of(60), target=1500 * OBJ_SCALE)
    assert generation is not None and generation.bound is not None
    assert 1500 * OBJ_SCALE <= generation.bound <= 1716 * OBJ_SCALE
    assert not generation.converged


def test_a_nurse_without_any_roster_leaves_no_bound(tmp_path: Path) -> None:
    text = (NRP_DATA / "Instance1.txt").read_text()
    # A works at most 14 shifts of 480 min = 6720 min but must work 9000
    text = text.replace("A,D=14,4320,3360,5,2,2,1", "A,D=14,9600,9000,5,2,2,1")
    path = tmp_path / "Instance1.txt"
    path.write_text(text)
    build = build_model(nrp.load(path).to_instance())
    generation = generate(build.lm, lns.layout(build).people, Budget.of(30))
    assert generation is not None and generation.bound is None


@pytest.mark.slow
def test_price_and_fix_proves_nrp_10_optimal() -> None:
    """The whole model stalled at 4638-4655 in 60 s; the LP of the decomposition is 4631, and
    the decisions it agrees on leave a model CP-SAT completes to 4631."""
    problem = nrp.load(NRP_DATA / "Instance10.txt")
    result = solve_nrp(problem, SolveParams(time_limit=60, workers=2))
    assert (result.status, result.penalty, result.bound) == ("optimal", 4631, 4631)
    assert result.violations == []
    roster = [(a.employee, a.day, a.shift) for a in result.assignments]
    assert evaluate(problem, roster) == (4631, [])


@pytest.mark.slow
def test_the_search_goes_on_from_price_and_fix_where_it_is_not_optimal() -> None:
    """NRP 7's decomposition bound (1055) is below its optimum (1056): price and fix gives a
    rota, the search goes on from it (the whole model and guided moves at once), and the bound
    reported is the better one."""
    instance = nrp.load(NRP_DATA / "Instance7.txt").to_instance()
    # 40 s, so that column generation (40 % of it) reaches its bound of 1055 even on a busy
    # machine: a 10 s share can be cut short just below it
    solution = solve(instance, SolveParams(time_limit=40, workers=2))
    assert solution.objective is not None and solution.bound is not None
    assert -solution.bound >= 1055  # the decomposition's, above CP-SAT's own (1046-1051)
    assert -solution.objective.total >= -solution.bound
    assert check(instance, solution).ok


def _result(objective: int | None, bound: int | None, seconds: float) -> BackendResult:
    values = None if objective is None else [0]
    status = "unknown" if objective is None else "feasible"
    return BackendResult(status, values, objective, bound, seconds, 1.0, best_seconds=2.0)


def test_the_better_rota_of_the_two_stages_is_kept_with_the_better_bound() -> None:
    """Price and fix's rota (bound 100), then a stage called at 5 s: folded as the pipeline
    folds them (`maillage.solver.search.pipeline.State.then`)."""
    kept = in_sequence(_result(110, 100, 5.0), _result(120, 90, 10.0), 5.0, 100)
    assert (kept.objective, kept.bound, kept.status) == (110, 100, "feasible")
    assert kept.best_seconds == 2.0 and kept.seconds == 15.0


def test_a_second_stage_that_improves_is_kept_and_timed_from_the_first_stage() -> None:
    kept = in_sequence(_result(110, None, 5.0), _result(105, 105, 10.0), 5.0)
    assert (kept.objective, kept.status) == (105, "optimal")
    assert kept.first_feasible_seconds == 1.0  # the first stage's rota came first
    assert kept.best_seconds == 5.0 + 2.0  # the second stage was called at 5 s


def test_a_second_stage_without_a_rota_keeps_the_first_stages() -> None:
    kept = in_sequence(_result(110, None, 5.0), _result(None, None, 10.0), 5.0)
    assert kept.objective == 110 and kept.status == "feasible"


@pytest.mark.parametrize(
    ("per_person", "seconds", "on"),
    [(187, 60, True), (243, 60, False), (333, 599, False), (333, 600, True), (705, 600, False)],
)
def test_colgen_auto_takes_larger_people_with_a_long_time_limit(
    per_person: int, seconds: float, on: bool
) -> None:
    """NRP 19 (243 decisions a nurse) and 13 (333) are better with it from 600 s, worse at
    60 s; NRP 20 (705) worse at 600 s (docs/decisions/2026-12-06-colgen-at-600s.md)."""
    params = SolveParams(time_limit=seconds)
    assert price_and_fix.wanted(params, per_person * 40, 40, 0) is on
