"""After column generation: CP-SAT on the whole model and the guided neighbourhood search at
once, one worker each.

Why: from the rota that price and fix returns, the NRP instances split in two. On some,
moves that free where the decomposition's LP optimum is fractional (and a few people or days
more) find what CP-SAT on the whole model does not find in a minute: NRP 16 reached 3225
(the best known) against 3325, NRP 7 1057 in 3 of 4 seeds against 1058. On others, CP-SAT's
full LP closes the gap and proves the optimum while those moves stall: the whole model
proves NRP 6 optimal in 33 s, and it ended at 1951 (optimum 1950) when the moves had both
workers. With two workers the two run side by side, one thread each; CP-SAT's second worker
would otherwise run its own, unguided neighbourhoods (benchmarks/README.md has the runs).

Whichever finishes first (the time limit, a proof, a signal) stops the other; the better rota
is returned, with CP-SAT's bound.
"""

from __future__ import annotations

import threading

from maillage.solver import lns
from maillage.solver.backends import cpsat
from maillage.solver.backends.common import BackendResult
from maillage.solver.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.progress import ProgressPrinter
from maillage.solver.relaxation import Relaxation


def wanted(params: SolveParams) -> bool:
    """Two workers or more, CP-SAT (whose search another thread can stop), and the
    neighbourhood search left to choose (`on` and `off` keep their meaning)."""
    return params.backend == "cpsat" and params.workers >= 2 and params.neighbourhood == "auto"


def solve(
    lm: LinearModel,
    layout: lns.Layout,
    params: SolveParams,
    time_limit: float,
    printer: ProgressPrinter,
    guide: Relaxation,
) -> BackendResult:
    """`lm` hinted with a whole rota: the better of the two searches' rotas."""
    whole_done, moves_done = threading.Event(), threading.Event()
    whole_params = params.model_copy(update={"workers": params.workers - 1})
    found: list[BackendResult] = []
    failure: list[BaseException] = []

    def whole() -> None:
        try:
            found.append(cpsat.solve(lm, whole_params, time_limit, printer, stop=moves_done))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)
        finally:
            whole_done.set()

    thread = threading.Thread(target=whole, name="whole-model", daemon=True)
    thread.start()
    try:
        # In this thread: the moves' sub-solves stop on a signal (only the main thread gets
        # them), and the whole model then stops on `moves_done`.
        moved = lns.solve(
            lm,
            layout,
            params.model_copy(update={"workers": 1}),
            time_limit,
            printer,
            guide=guide,
            stop=whole_done,
        )
    finally:
        moves_done.set()
        thread.join()
    if failure:
        raise failure[0]
    return _better(found[0], moved)


def _better(whole: BackendResult, moved: BackendResult | None) -> BackendResult:
    """The whole model's result unless the moves found a better rota, with the whole model's
    bound (the moves prove one only when a move held every decision); interrupted when either
    search was."""
    runs = [whole] if moved is None else [whole, moved]
    chosen = whole
    if moved is not None and _below(moved.objective, whole.objective):
        chosen = moved
        chosen.bound = moved.objective if moved.status == "optimal" else whole.bound
    firsts = [r.first_feasible_seconds for r in runs if r.first_feasible_seconds is not None]
    chosen.first_feasible_seconds = min(firsts, default=None)
    chosen.interrupted = any(r.interrupted for r in runs)
    chosen.seconds = max(r.seconds for r in runs)
    if (
        chosen.objective is not None
        and chosen.bound is not None
        and chosen.objective <= chosen.bound
    ):
        chosen.status = "optimal"
    return chosen


def _below(objective: int | None, other: int | None) -> bool:
    """A rota's objective better than another's (None: no rota)."""
    return objective is not None and (other is None or objective < other)
