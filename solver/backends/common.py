"""What every backend shares: the result of a solve, its status words, merging results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from maillage.solver.params import SolveParams

# optimal: proven; feasible: a solution, not proven optimal; infeasible: proven to have none;
# unknown: none found (time limit, interruption) and none proven impossible.
BackendStatus = Literal["optimal", "feasible", "infeasible", "unknown"]


def polish_reserve(params: SolveParams, time_limit: float, share: float) -> float:
    """Seconds of a time limit kept to polish the rota found (at most `polish_seconds`): a
    solver's last rota, found by a heuristic or a move, need not allocate its coverage best."""
    least = params.stages.polish.min_seconds
    wanted = max(share * time_limit, min(least, time_limit / 2))
    return min(params.polish_seconds, wanted)


@dataclass
class BackendResult:
    status: BackendStatus
    values: list[int] | None
    objective: int | None  # minimised, integer micro-units
    bound: int | None
    seconds: float
    first_feasible_seconds: float | None  # from the backend's call, compilation included
    interrupted: bool = False
    best_seconds: float | None = None  # when the returned solution was found
    exact: bool = False  # its terms proven exact for its rota (priced piece by piece)


def better(objective: int | None, other: int | None) -> bool:
    """A rota's objective strictly better than another's (None: no rota)."""
    return objective is not None and (other is None or objective < other)


def settled(result: BackendResult) -> BackendResult:
    """Optimal when the rota meets the bound a merge gave it."""
    objective, bound = result.objective, result.bound
    if objective is not None and bound is not None and objective <= bound:
        result.status = "optimal"
    return result


def in_sequence(
    earlier: BackendResult | None,
    later: BackendResult,
    offset: float,
    bound: int | None = None,
) -> BackendResult:
    """One result for two stages of a solve, the later called `offset` seconds after the
    earlier began (hinted with its rota, or starting afresh): the later's rota unless the
    earlier's is strictly better, times counted from the earlier's start, the better of the
    proven bounds (`bound`: one the earlier stage proved besides its result's), interrupted
    when either was, and optimal when the rota meets the bound.

    Why one helper: price and fix then the search, the neighbourhood search then the whole
    model, and the searches side by side then CP-SAT alone all merge so, and a rule written
    three times drifts (the first stage's interruption, a tie, an unknown time)."""
    before = None if earlier is None else earlier.objective
    if earlier is not None and better(before, later.objective):
        chosen = earlier
    else:
        chosen = later
        if earlier is None or before is None:  # the later stage's own times, shifted
            first = later.first_feasible_seconds
            chosen.first_feasible_seconds = None if first is None else offset + first
            found = later.best_seconds
            chosen.best_seconds = None if found is None else offset + found
        else:  # the first rota came earlier; the best too unless the later stage improved
            chosen.first_feasible_seconds = earlier.first_feasible_seconds
            if better(later.objective, before):
                chosen.best_seconds = offset + (later.best_seconds or 0.0)
            else:
                chosen.best_seconds = earlier.best_seconds
    runs = [later] if earlier is None else [earlier, later]
    bounds = [b for b in [bound, *(r.bound for r in runs)] if b is not None]
    chosen.bound = max(bounds, default=None)
    chosen.interrupted = any(r.interrupted for r in runs)
    chosen.seconds = offset + later.seconds
    return settled(chosen)
