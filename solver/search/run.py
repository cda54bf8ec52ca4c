"""Search one prepared model: the pipeline of stages, then the result decoded into a
`Solution` (or, with no rota, the conflicts that explain why)."""

from __future__ import annotations

from maillage.models.solution import Solution, Status
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.conflicts import explain, prechecks
from maillage.solver.decode import decode, no_rota, stats
from maillage.solver.model.linear import LinearModel
from maillage.solver.model.pricing import price
from maillage.solver.params import SolveParams
from maillage.solver.prepare import Prepared, numbers_checked
from maillage.solver.search import pipeline


def search(
    model: Prepared, params: SolveParams, budget: Budget, lm: LinearModel | None = None
) -> Solution:
    """The pipeline on a prepared model within the budget, decoded; `lm`: the model to
    search when not the prepared one (a copy hinted, or fixed, by the caller). Times in the
    solution's stats count from the start of `prepare`."""
    build, found = model.build, model.found
    lm = build.lm if lm is None else lm
    printer = budget.printer
    if not params.relax and prechecks.proves_infeasible(found):
        printer.done("infeasible (pre-checks)", model.elapsed())
        run = stats(params, model.elapsed(), lm.num_vars, len(lm.constraints))
        return no_rota(model, params, Status.infeasible, run, found)
    costs_only = all(c >= 0 for terms in lm.objective.values() for c, _ in terms)
    printer.start(model.instance.name, lm.num_vars, len(lm.constraints), penalty=costs_only)
    before = model.elapsed()  # building, pre-checks, earlier searches
    with numbers_checked(lm):
        result = pipeline.run(build, params, budget, lm)
    seconds = model.elapsed()
    printer.done(result.status, seconds)
    run = stats(
        params,
        seconds,
        lm.num_vars,
        len(lm.constraints),
        _after(before, result.first_feasible_seconds),
        _after(before, result.best_seconds),
    )
    if result.values is not None and result.objective is not None:
        unproven = _exact_terms(lm, params, budget, result)
        return decode(model, params, result, run, unproven)
    status = Status.infeasible if result.status == "infeasible" else Status.unknown
    if status == Status.infeasible and not params.relax and not result.interrupted:
        with numbers_checked(lm):
            found = explain.explain(build, budget.left()) + found
    return no_rota(model, params, status, run, found, result.interrupted)


def _exact_terms(
    lm: LinearModel, params: SolveParams, budget: Budget, result: BackendResult
) -> dict[str, str]:
    """Make the result's terms exact for its rota (flows and slacks re-optimised piece by
    piece), unless the search proved it optimal (then they are) or the caller asked for a
    rota only (`polish_seconds` 0); the terms not proven, with why."""
    if result.status == "optimal" or result.exact or params.polish_seconds <= 0:
        return {}
    assert result.values is not None and result.objective is not None
    polish = params.stages.polish
    seconds = polish.interrupted_seconds if result.interrupted else polish.exact_seconds
    priced = price(lm, result.values, seconds, workers=params.workers)
    if priced.objective <= result.objective:
        result.values, result.objective = priced.values, priced.objective
    return priced.unproven


def _after(offset: float, seconds: float | None) -> float | None:
    return None if seconds is None else round(offset + seconds, 3)
