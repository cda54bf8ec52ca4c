"""The neighbourhood search: rosters it returns pass both judges (the engine's checker and the
benchmark's own evaluator); where a person has no rota alone it hands over to the backend."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from factory import impossible_week, make, person, site
from oracle import evaluate
from paths import INSTANCES, NRP_DATA

from maillage.solver import SolveParams, check, solve
from maillage.solver.apps.nrp import format as nrp
from maillage.solver.apps.nrp.solve import solve_nrp
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.params import NeighbourhoodParams, StageParams
from maillage.solver.progress import ProgressPrinter
from maillage.solver.search import lns
from maillage.solver.solve import build_model


@pytest.mark.slow
def test_the_search_improves_on_its_construction_and_both_judges_agree() -> None:
    problem = nrp.load(NRP_DATA / "Instance5.txt")
    build = build_model(problem.to_instance())
    params = SolveParams(time_limit=20, neighbourhood="on")
    start = lns.construct(build.lm, lns.layout(build), params, Budget.of(20.0))
    assert start is not None and start.index.violated(start.values) == []
    result = solve_nrp(problem, params)
    assert result.status in ("feasible", "optimal") and result.violations == []
    assert result.penalty is not None
    assert result.penalty * OBJ_SCALE < start.index.value(start.values)
    roster = [(a.employee, a.day, a.shift) for a in result.assignments]
    assert evaluate(problem, roster) == (result.penalty, [])


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_the_search_keeps_its_activity_and_objective_in_step_with_its_rota(workers: int) -> None:
    """Each move updates the rota, the constraints' activity and the objective in place; after
    many moves they still agree with a recomputation from scratch, and the rota is feasible,
    with one lane of moves or two at once (each then checked against the other's changes)."""
    build = build_model(nrp.load(NRP_DATA / "Instance10.txt").to_instance())
    layout = lns.layout(build)
    params = SolveParams(neighbourhood="on", workers=workers)
    assert lns.lanes(params) == workers
    search = lns.construct(build.lm, layout, params, Budget.of(20.0))
    assert search is not None and search.complete
    start = search.objective
    search.deadline = time.monotonic() + 3.0
    lns._improve(search, layout, ProgressPrinter(False), time.monotonic())
    assert search.moves > 10 and search.improving > 0
    assert search.objective == search.index.value(search.values) < start
    assert search.activity.tolist() == search.index.activity(search.values).tolist()
    assert search.index.violated(search.values) == []


def test_a_person_with_no_rota_alone_hands_over_to_the_whole_model() -> None:
    inst = impossible_week()
    build = build_model(inst)
    params = SolveParams(time_limit=10, neighbourhood="on")
    assert lns.solve(build.lm, lns.layout(build), params, Budget.of(5.0)) is None
    assert solve(inst, params).status == "infeasible"


def test_rota_instances_keep_their_optimum_with_the_search_on() -> None:
    """Hard rules that bind several people (a doctor for every on-call night) make the
    construction fail or succeed; either way the rota is the backend's optimum, checked."""
    from factory import SECTOR, commune, doctor_on_call

    inst = make(
        days=14,
        sites=[site("A", secretary="on_site", requirements=[{"role": "doctor", "min": 1}])],
        sectors=[SECTOR],
        communes=[commune("66001", population=6000, apl=1.5)],
        staff=[doctor_on_call("d1"), doctor_on_call("d2", fte=0.6), person("s1", role="secretary")],
        rules={"hours_tolerance": 0.15, "max_daily_hours": 12},
    )
    off = solve(inst, SolveParams(time_limit=30, neighbourhood="off"))
    on = solve(inst, SolveParams(time_limit=30, neighbourhood="on"))
    for solution in (off, on):
        report = check(inst, solution)
        assert report.ok, (report.evaluation.hard, report.mismatches)
    assert off.status == on.status == "optimal"
    assert on.objective is not None and off.objective is not None
    assert on.objective.total == off.objective.total


@pytest.mark.slow
def test_cli_with_the_search_on_still_proves_nrp_1(tmp_path: Path) -> None:
    """On a small model the neighbourhoods grow to the whole model and prove it."""
    out = tmp_path / "roster.json"
    done = run(
        "nrp", str(NRP_DATA / "Instance1.txt"), "--neighbourhood", "on", "--time-limit", "30", "-q",
        "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert (result["penalty"], result["status"], result["bound"]) == (607, "optimal", 607)
    roster = [(a["employee"], a["day"], a["shift"]) for a in result["assignments"]]
    assert evaluate(nrp.load(NRP_DATA / "Instance1.txt"), roster) == (607, [])


def test_cli_rejects_an_unknown_neighbourhood_mode() -> None:
    millas = INSTANCES / "millas-2025-03.json"
    done = run("solve", str(millas), "--neighbourhood", "sideways")
    assert done.returncode == 2
    assert "--neighbourhood" in done.stderr and "Traceback" not in done.stderr


def test_out_of_time_before_every_nurse_is_placed_returns_no_roster_and_no_handover() -> None:
    """NRP 13 (120 nurses) cannot be placed in half a second: the search says so at once,
    instead of handing the whole model to the backend past the time limit."""
    build = build_model(nrp.load(NRP_DATA / "Instance13.txt").to_instance())
    started = time.monotonic()
    result = lns.solve(build.lm, lns.layout(build), SolveParams(neighbourhood="on"), Budget.of(0.5))
    assert result is not None and result.status == "unknown" and result.values is None
    assert time.monotonic() - started < 5


@pytest.mark.slow
@pytest.mark.parametrize("too_large", [False, True])
def test_a_model_too_large_for_the_backend_is_searched_by_neighbourhoods_to_the_end(
    monkeypatch: pytest.MonkeyPatch, too_large: bool
) -> None:
    """Past `whole_model_max_variables` the backend never gets the whole model (NRP 24 got no
    roster from it in its share); below it, it does. Either way the roster passes both judges."""
    problem = nrp.load(NRP_DATA / "Instance10.txt")
    whole = build_model(problem.to_instance()).lm.num_vars
    stages = StageParams()
    if too_large:
        limit = NeighbourhoodParams(whole_model_max_variables=whole - 1)
        stages = StageParams(neighbourhood=limit)
    sizes: list[int] = []
    real = lns.get_backend

    class Spy:
        def __init__(self, name: str) -> None:
            self.backend = real(name)

        def solve(self, lm: LinearModel, *args: Any, **kwargs: Any) -> BackendResult:
            sizes.append(lm.num_vars)
            return self.backend.solve(lm, *args, **kwargs)

    monkeypatch.setattr(lns, "get_backend", Spy)
    params = SolveParams(time_limit=8, neighbourhood="on", colgen="off", stages=stages)
    result = solve_nrp(problem, params)
    assert result.status == "feasible" and result.violations == [] and result.penalty is not None
    roster = [(a.employee, a.day, a.shift) for a in result.assignments]
    assert evaluate(problem, roster) == (result.penalty, [])
    assert (max(sizes) == whole) is not too_large
    assert (result.bound is None) is too_large
