"""After column generation: CP-SAT on the whole model and the guided neighbourhood search at
once, one worker each.

Why: from the rota that price and fix returns, models split in two. On some, moves that free
where the decomposition's LP optimum is fractional (and a few people or days more) find what
CP-SAT on the whole model misses within the time. On others, CP-SAT's full LP closes the
gap and proves the optimum while those moves stall, and moves on both workers lose that
proof. With two workers the two run side by side, one thread each; CP-SAT's second worker
would otherwise run its own, unguided neighbourhoods
(docs/decisions/2026-12-05-side-by-side-split.md).

Whichever finishes first (the time limit, a proof, a signal) stops the other; the better rota
is returned, with CP-SAT's bound.

When neither has found a better rota for `stall_seconds` and as long again is left, both stop
and CP-SAT goes on alone on the whole model with every worker, hinted with the best rota: the
moves help early, but over ten minutes CP-SAT's own portfolio (its full LP and its own
neighbourhoods on two workers) goes further. A handover takes twice `stall_seconds` after
the searches start, so a minute's run never makes one
(docs/decisions/2026-12-05-side-by-side-handover.md).
"""

from __future__ import annotations

import threading
import time

from maillage.solver.backends import cpsat
from maillage.solver.backends.common import BackendResult, better, in_sequence, settled
from maillage.solver.budget import Budget
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.search import lns
from maillage.solver.search.relaxation import Relaxation


def wanted(params: SolveParams) -> bool:
    """Two workers or more, CP-SAT (whose search another thread can stop), and the
    neighbourhood search left to choose (`on` and `off` keep their meaning)."""
    return params.backend == "cpsat" and params.workers >= 2 and params.neighbourhood == "auto"


def solve(
    lm: LinearModel,
    layout: lns.Layout,
    params: SolveParams,
    budget: Budget,
    guide: Relaxation,
) -> BackendResult:
    """`lm` hinted with a whole rota: the better of the two searches' rotas, or CP-SAT's on
    every worker after them when they stalled."""
    called = time.monotonic()
    deadline = budget.deadline
    stall = params.stages.side_by_side.stall_seconds
    printer = budget.printer
    whole_budget, moves_budget = budget.apart(), budget.apart()
    stalled = threading.Event()
    whole_params = params.model_copy(update={"workers": params.workers - 1})
    found: list[BackendResult] = []
    failure: list[BaseException] = []

    def whole() -> None:
        try:
            found.append(cpsat.solve(lm, whole_params, whole_budget))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)
        finally:
            moves_budget.stop.set()

    def watch() -> None:
        while not moves_budget.stop.wait(1.0):
            now = time.monotonic()
            quiet = now - max(called, printer.improved_at or called)
            if quiet > stall and deadline - now > stall:
                stalled.set()
                moves_budget.stop.set()
                whole_budget.stop.set()

    threads = [
        threading.Thread(target=whole, name="whole-model", daemon=True),
        threading.Thread(target=watch, name="stall-watch", daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        one_worker = params.model_copy(update={"workers": 1})
        moved = lns.solve(lm, layout, one_worker, moves_budget, guide=guide, alongside=True)
    finally:
        moves_budget.stop.set()
        whole_budget.stop.set()
        for thread in threads:
            thread.join()
    if failure:
        raise failure[0]
    result = _side_by_side(found[0], moved)
    values = result.values
    if values is None or result.interrupted or result.status == "optimal" or not stalled.is_set():
        return result
    printer.note(
        f"no better rota for {stall:.0f} s: CP-SAT on the whole model, {params.workers} workers"
    )
    offset = time.monotonic() - called
    hinted = lm.fixed({}, hints=dict(enumerate(values)))
    alone = cpsat.solve(hinted, params, budget.within(deadline - time.monotonic()))
    return _handed_over(result, alone, offset)


def _side_by_side(whole: BackendResult, moved: BackendResult | None) -> BackendResult:
    """The whole model's result unless the moves found a better rota, with the whole model's
    bound (the moves prove one only when a move held every decision); interrupted when either
    search was."""
    runs = [whole] if moved is None else [whole, moved]
    chosen = whole
    if moved is not None and better(moved.objective, whole.objective):
        chosen = moved
        chosen.bound = moved.objective if moved.status == "optimal" else whole.bound
    firsts = [r.first_feasible_seconds for r in runs if r.first_feasible_seconds is not None]
    chosen.first_feasible_seconds = min(firsts, default=None)
    chosen.interrupted = any(r.interrupted for r in runs)
    chosen.seconds = max(r.seconds for r in runs)
    return settled(chosen)


def _handed_over(before: BackendResult, alone: BackendResult, offset: float) -> BackendResult:
    """CP-SAT's rota once alone (started `offset` seconds in) when no worse than the
    searches', the better bound of the two; times from the stage's start."""
    return in_sequence(before, alone, offset)
