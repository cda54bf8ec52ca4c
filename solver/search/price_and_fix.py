"""Price and fix: column generation's bound, then a rota from the decisions its LP agrees on.

Why: where the rules bind each person tightly, the Dantzig-Wolfe LP
(`maillage.solver.search.colgen`) is close to the integer optimum, and its optimum mixes few
rotas, which agree on most decisions; fixing those leaves CP-SAT a small model to complete,
where on the whole model it can stall above the optimum
(docs/decisions/2026-12-04-price-and-fix.md). This is RINS (Danna, Rothberg and Le Pape
2005) with the decomposition's LP in place of the compact one, whose optimum does not extend
to a rota (see `relaxation`).

The fixed model is a restriction: its optimum is a rota, proven optimal for the whole model
only when it meets the bound.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from maillage.solver.backends import get_backend
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.search.colgen import Generation, generate
from maillage.solver.search.relaxation import Relaxation

IntArray = npt.NDArray[np.int64]

INTEGRAL = 1e-6


@dataclass
class Start:
    """The stage's outcome: the bound (None when the model did not decompose), and a rota."""

    generation: Generation | None
    result: BackendResult | None  # the fixed model's rota, in the whole model's terms
    interrupted: bool = False  # a signal stopped the stage: the solve ends with it
    guide: Relaxation | None = None  # the LP optimum over the decisions, for later moves

    @property
    def bound(self) -> int | None:
        return None if self.generation is None else self.generation.bound

    @property
    def proven(self) -> bool:
        """The rota meets the bound: optimal for the whole model (`start` says so)."""
        return self.result is not None and self.result.status == "optimal"


def wanted(params: SolveParams, decisions: int, people: int, flows: int) -> bool:
    """auto: rostering models (no commune flows: on rota instances the LP of the whole model
    is already tight and CP-SAT proves them in seconds) large enough to need it, with people
    small enough to price by the hundred (not a nurse-year); with a long time limit, people
    twice as large (a month of 18 shifts, a quarter of 3)."""
    shares = params.stages.price_and_fix
    if params.colgen == "auto":
        per_person = (
            shares.auto_long_max_decisions_per_person
            if params.time_limit >= shares.auto_long_seconds
            else shares.auto_max_decisions_per_person
        )
        return (
            decisions >= shares.auto_min_decisions
            and decisions <= per_person * max(1, people)
            and not flows
            and params.backend == "cpsat"
            and not params.relax
            and not params.stop_after_first_solution
        )
    return params.colgen == "on"


def start(
    lm: LinearModel, people: Sequence[IntArray], params: SolveParams, budget: Budget
) -> Start:
    called = time.monotonic()
    time_limit = budget.deadline - called
    shares = params.stages.price_and_fix
    generation = generate(
        lm,
        people,
        budget.within(shares.generation_share * time_limit),
        workers=params.workers,
        pricing_seconds=shares.pricing_seconds,
    )
    printer = budget.printer
    if generation is None or generation.bound is None:
        return Start(generation, None, budget.interrupted)
    printer.note(
        f"column generation: bound {generation.bound / OBJ_SCALE:.6g} after "
        f"{generation.rounds} rounds ({generation.columns} rotas, {generation.seconds:.1f} s"
        f"{'' if generation.converged else ', stopped before the LP optimum'})"
    )
    if budget.stopped or generation.rounds < 2:  # no master LP solved: nothing agreed yet
        return Start(generation, None, budget.interrupted)
    decisions = np.asarray(lm.decisions, dtype=np.int64)
    guide = Relaxation(decisions, generation.mean[decisions], generation.lp / OBJ_SCALE)
    fixed, hints = _agreed(guide)
    sub_params = params.model_copy(update={"progress": False})
    left = min(shares.fix_share * time_limit, time_limit - (time.monotonic() - called))
    result = get_backend(params.backend).solve(
        lm.fixed(fixed, hints), sub_params, budget.within(left).quiet()
    )
    if result.values is None or result.objective is None:
        printer.note(f"price and fix: no rota with {len(fixed)} decisions fixed")
        return Start(generation, None, result.interrupted, guide)
    result.status = "optimal" if result.objective <= generation.bound else "feasible"
    result.bound = generation.bound
    offset = generation.seconds
    result.first_feasible_seconds = offset + (result.first_feasible_seconds or 0.0)
    result.best_seconds = offset + (result.best_seconds or 0.0)
    result.seconds = time.monotonic() - called
    printer.solution(result.seconds, result.objective, generation.bound)
    printer.note(f"price and fix: {len(fixed)} of {len(lm.decisions)} decisions fixed")
    return Start(generation, result, result.interrupted, guide)


def _agreed(optimum: Relaxation) -> tuple[dict[int, int], dict[int, int]]:
    """The decisions every rota of the LP optimum agrees on (fixed), the others' rounded LP
    values (hints)."""
    decisions, mean = optimum.decisions, optimum.values
    rounded = np.rint(mean).astype(np.int64)
    agreed = np.abs(mean - rounded) < INTEGRAL
    fixed = dict(zip(decisions[agreed].tolist(), rounded[agreed].tolist(), strict=True))
    hints = dict(zip(decisions[~agreed].tolist(), rounded[~agreed].tolist(), strict=True))
    return fixed, hints
