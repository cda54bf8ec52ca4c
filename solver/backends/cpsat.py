"""Compile a LinearModel to OR-Tools CP-SAT and solve it."""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from maillage.solver.backends.common import BackendResult, BackendStatus, polish_reserve
from maillage.solver.budget import Budget, Stop
from maillage.solver.model.linear import Constraint, LinearModel
from maillage.solver.model.pricing import price
from maillage.solver.params import SolveParams
from maillage.solver.progress import ProgressPrinter

_STATUS: dict[Any, BackendStatus] = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


# Lines of text per parse: the text of a whole model at once would double its memory.
TEXT_CHUNK = 20_000


class ModelRejected(RuntimeError):
    """CP-SAT would not take the model: a bug in a rule's encoding, unless a number of the
    instance is too large for 64-bit integers (`maillage.solver.solve` tells which)."""


def compile_model(lm: LinearModel) -> cp_model.CpModel:
    """The CP-SAT model, written as protobuf text and parsed in chunks: setting each field
    through the Python bindings is slower, and a neighbourhood search compiles thousands of
    models (docs/decisions/2026-12-01-move-overheads.md). Variable names are left out: CP-SAT
    does not use them."""
    model = cp_model.CpModel()
    proto = model.proto
    parts: list[str] = []

    def flush() -> None:
        if not proto.merge_text_format("".join(parts)):
            raise ModelRejected("CP-SAT did not parse the compiled model")
        parts.clear()

    for lo, hi in zip(lm.lower, lm.upper, strict=True):
        parts.append(f"variables{{domain:[{lo},{hi}]}}")
        if len(parts) >= TEXT_CHUNK:
            flush()
    int_min, int_max = cp_model.INT_MIN, cp_model.INT_MAX
    for con in lm.constraints:
        if con.enforce is None:
            lo = int_min if con.lo is None else con.lo
            hi = int_max if con.hi is None else con.hi
            parts.append(
                f"constraints{{linear{{vars:{con.vars} coeffs:{con.coefs} domain:[{lo},{hi}]}}}}"
            )
        else:
            lo, hi = _enforced_sides(lm, con)
            parts.append(
                f"constraints{{enforcement_literal:{con.enforce} linear{{vars:{con.vars} "
                f"coeffs:{con.coefs} domain:[{lo},{hi}]}}}}"
            )
        if len(parts) >= TEXT_CHUNK:
            flush()
    objective: dict[int, int] = {}
    for terms in lm.objective.values():
        for coef, var in terms:
            objective[var] = objective.get(var, 0) + coef
    # Search on the objective divided by its gcd (penalties are weights x OBJ_SCALE): the same
    # optimum with far smaller numbers; the solver multiplies back when it reports values.
    scale = math.gcd(*objective.values()) or 1
    coefs = [c // scale for c in objective.values()]
    parts.append(f"objective{{vars:{list(objective)} coeffs:{coefs} scaling_factor:{scale}}}")
    if lm.hints:
        parts.append(f"solution_hint{{vars:{list(lm.hints)} values:{list(lm.hints.values())}}}")
    flush()
    return model


def _enforced_sides(lm: LinearModel, con: Constraint) -> tuple[int, int]:
    """An enforced constraint's domain, its open side within the activity's own range (CP-SAT
    rejects an unbounded enforced linear)."""
    terms = list(zip(con.vars, con.coefs, strict=True))
    least = sum(c * (lm.lower[v] if c > 0 else lm.upper[v]) for v, c in terms)
    most = sum(c * (lm.upper[v] if c > 0 else lm.lower[v]) for v, c in terms)
    lo = least if con.lo is None else con.lo
    hi = most if con.hi is None else con.hi
    if lo > hi:  # out of the activity's reach: the literal must be false
        lo = hi = most + 1
    return lo, hi


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, printer: ProgressPrinter, called: float) -> None:
        super().__init__()
        self.printer = printer
        self.called = called
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        self.best = time.monotonic() - self.called
        if self.first is None:
            self.first = self.best
        minimised = self.objective_value
        self.printer.solution(self.wall_time, minimised, self.best_objective_bound)
        if self.printer.wants_rota(minimised):
            self.printer.rota(minimised, list(self.response_proto.solution))


# The one full-problem worker when there are two (see `_solver`).
FULL_SUBSOLVER = "pseudo_costs"


def _solver(
    params: SolveParams, time_limit: float, workers: int, full: str = FULL_SUBSOLVER
) -> cp_model.CpSolver:
    """`full`: CP-SAT's full-problem subsolver when there are several workers (a parameter
    for `benchmarks/cpsat_subsolvers.py`, which compares them)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = params.seed
    solver.parameters.stop_after_first_solution = params.stop_after_first_solution
    # Signals are ours (`run` stops the search on them): CP-SAT's own SIGINT handler is one
    # per process, and with two neighbourhoods solved at once a Ctrl-C that came as one solve
    # ended aborted the process (std::bad_function_call) and wrote nothing.
    solver.parameters.catch_sigint_signal = False
    if params.quick_presolve:  # neighbourhoods: solved in well under a second, by thousands
        # a full presolve of a small model can take longer than finding its rota
        solver.parameters.max_presolve_iterations = 1
        solver.parameters.cp_model_probing_level = 0
        # The search for large overlapping blocks of constraints and the symmetry detection
        # were half of what remained of the presolve, and found nothing a neighbourhood needs:
        # the same rotas and optima, sooner (docs/decisions/2026-12-01-move-overheads.md).
        solver.parameters.find_big_linear_overlap = False
        solver.parameters.symmetry_level = 0
    # The bound comes from the LP: with few workers CP-SAT's default portfolio has no worker
    # on the full linear relaxation, and rota proofs stall on a weak bound
    # (docs/decisions/2026-11-23-lp-worker-and-contract-hours.md). With two workers that one
    # full-problem worker is `pseudo_costs`: the full LP like `max_lp`, but branching on
    # pseudo-costs and searching around the best rota so far, which reaches good rotas more
    # often and never falls far behind (docs/decisions/2026-12-01-full-problem-subsolver.md).
    if workers == 1:
        solver.parameters.linearization_level = 2
    else:
        solver.parameters.extra_subsolvers.append(full)
        # With two workers CP-SAT's LNS moves share one thread with these two subsolvers;
        # without them the moves get all of it
        # (docs/decisions/2026-12-01-cpsat-two-worker-settings.md).
        solver.parameters.ignore_subsolvers.extend(["feasibility_pump", "ls"])
    return solver


def run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    stop: Stop | None = None,
    until: Callable[[], bool] | None = None,
) -> tuple[Any, bool]:
    """Solve in a worker thread so that the main thread keeps handling signals. `stop` ends
    the search (CP-SAT keeps the best solution found); without one, a signal does. `until`
    ends it too when it turns true (polled every 50 ms). Returns (status, interrupted)."""
    own = stop is None
    stop = Stop() if stop is None else stop
    out: list[Any] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            out.append(solver.solve(model, callback))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    signals = stop.on_signals() if own else contextlib.nullcontext(stop)
    with signals, stop.calling(solver.stop_search):
        thread = threading.Thread(target=target, name="cpsat", daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(0.05)
            # a stop that came before the search began found nothing to stop: again
            if stop.is_set() or (until is not None and until()):
                solver.stop_search()
    if failure:
        raise failure[0]
    return out[0], stop.interrupted


def solve(lm: LinearModel, params: SolveParams, budget: Budget) -> BackendResult:
    called = time.monotonic()
    time_limit = budget.deadline - called
    model = compile_model(lm)
    polish = params.stages.polish
    reserve = polish_reserve(params, time_limit, share=polish.cpsat_share)
    solver = _solver(params, budget.deadline - reserve - time.monotonic(), params.workers)
    watcher = _Watcher(budget.printer, called)
    started = time.monotonic()
    printer = budget.printer
    solver.best_bound_callback = lambda bound: printer.bound(time.monotonic() - started, bound)
    soft = _soft(budget.soft_seconds, watcher, started)
    code, interrupted = run(solver, model, watcher, budget.stop, soft)
    seconds = solver.wall_time
    if code == cp_model.MODEL_INVALID:  # a bug in a rule's encoding, or numbers too large
        raise ModelRejected(f"CP-SAT model invalid: {model.validate()}")
    status = _STATUS.get(code, "unknown")
    if status not in ("optimal", "feasible"):
        # no rota, but what the search proved of the objective still bounds it
        proven = _proven_bound(solver) if status == "unknown" else None
        return BackendResult(status, None, None, proven, seconds, None, interrupted)
    values = _values(solver)
    objective, bound = round(solver.objective_value), round(solver.best_objective_bound)
    if status == "optimal":
        bound = objective
    seconds_left = min(params.polish_seconds, budget.deadline - time.monotonic())
    if interrupted:  # still make the reported terms exact, but briefly: the user is waiting
        seconds_left = min(seconds_left, polish.interrupted_seconds)
    if status == "feasible" and seconds_left > 0.05:
        values, objective = _polish(lm, values, objective, params, seconds_left)
    return BackendResult(
        status, values, objective, bound, seconds, watcher.first, interrupted, watcher.best
    )


def _proven_bound(solver: cp_model.CpSolver) -> int | None:
    bound = solver.best_objective_bound
    if not math.isfinite(bound) or abs(bound) >= cp_model.INT_MAX:
        return None
    return math.ceil(bound)


def _soft(
    soft_seconds: float | None, watcher: _Watcher, started: float
) -> Callable[[], bool] | None:
    """Past `soft_seconds` of the search, stop as soon as there is a solution."""
    if soft_seconds is None:
        return None
    soft_deadline = started + soft_seconds
    return lambda: watcher.first is not None and time.monotonic() >= soft_deadline


def _values(solver: cp_model.CpSolver) -> list[int]:
    """Every variable's value, read from the response at once (one `solver.value` call per
    variable is about ten times slower, and a neighbourhood search reads thousands)."""
    return list(solver.response_proto.solution)


def _polish(
    lm: LinearModel, values: list[int], objective: int, params: SolveParams, seconds: float
) -> tuple[list[int], int]:
    """Fix the rota and re-optimise the rest (flows, slacks), so every term is exact for it."""
    priced = price(lm, values, seconds, workers=params.workers)
    if priced.objective <= objective:
        return priced.values, priced.objective
    return values, objective


__all__ = ["BackendResult", "compile_model", "run", "solve"]
